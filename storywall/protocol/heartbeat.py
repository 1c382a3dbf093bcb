"""The `heartbeat` event: a kiosk saying it is alive, and anchoring its boot's clock."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from storywall.protocol.events import Event, EventType, Payload, register_event_type
from storywall.protocol.fields import Count
from storywall.protocol.wire import WireModel


class OutboxCounts(WireModel):
    """How many outbox rows a kiosk holds in each state."""

    pending: Count = 0
    in_flight: Count = 0
    acked: Count = 0
    rejected: Count = 0


class HeartbeatPayload(Payload):
    """A kiosk saying it is alive; with a synchronised clock it also anchors its boot."""

    outbox: OutboxCounts = OutboxCounts()
    software: Annotated[str, Field(max_length=40)] = ""


@register_event_type
class HeartbeatEvent(Event):
    """A heartbeat as it travels: the envelope with a HeartbeatPayload."""

    type: Literal[EventType.HEARTBEAT]
    payload: HeartbeatPayload
