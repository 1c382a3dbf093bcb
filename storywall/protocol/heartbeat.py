"""The `heartbeat` event: a kiosk saying it is alive, how it is, and anchoring its boot's clock."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from storywall.protocol.events import Event, EventType, Payload, register_event_type
from storywall.protocol.fields import Count
from storywall.protocol.limits import MAX_LAST_ERROR_CHARS, MAX_MONO_MS, MAX_SOFTWARE_CHARS
from storywall.protocol.wire import WireModel


class OutboxCounts(WireModel):
    """How many outbox rows a kiosk holds in each state."""

    pending: Count = 0
    in_flight: Count = 0
    acked: Count = 0
    rejected: Count = 0


class HeartbeatPayload(Payload):
    """A kiosk saying it is alive; with a synchronised clock it also anchors its boot.

    The health fields are None when the kiosk cannot tell (no thermal sensor on a laptop).
    Whether its clock is synchronised is the envelope's `clock_synced`."""

    outbox: OutboxCounts = OutboxCounts()
    software: Annotated[str, Field(max_length=MAX_SOFTWARE_CHARS)] = ""
    uptime_s: Annotated[int, Field(ge=0, le=MAX_MONO_MS // 1000)] | None = None
    cpu_temp_c: Annotated[float, Field(ge=-60, le=150)] | None = None
    disk_free_mb: Annotated[int, Field(ge=0)] | None = None
    # The last error the kiosk logged, one line, so a caretaker sees it without ssh.
    last_error: Annotated[str, Field(max_length=MAX_LAST_ERROR_CHARS)] | None = None


@register_event_type
class HeartbeatEvent(Event):
    """A heartbeat as it travels: the envelope with a HeartbeatPayload."""

    type: Literal[EventType.HEARTBEAT]
    payload: HeartbeatPayload
