"""The unit of data: an immutable event born on a kiosk.

The envelope is the same for every type; the payload is checked against the
model for its type. `parse_event` turns one untrusted JSON object into an
`Event` or a one-line reason, so that a batch can accept its good events and
reject its bad ones individually.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Final, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from storywall.protocol.limits import (
    BOOT_ID_PATTERN,
    MAX_EMOJI_CHARS,
    MAX_MONO_MS,
    MAX_PAYLOAD_BYTES,
    MAX_SEQ,
    SLUG_PATTERN,
)

EVENT_SCHEMA_VERSION: Final = 1

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
BootId = Annotated[str, Field(pattern=BOOT_ID_PATTERN)]
Count = Annotated[int, Field(ge=0, le=MAX_SEQ)]


class EventType(StrEnum):
    """What happened. Later protocol versions add types; the hub rejects unknown ones."""

    REACTION = "reaction"
    HEARTBEAT = "heartbeat"


class ReactionPayload(BaseModel):
    """A press of one emoji button in answer to a prompt."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt_id: Annotated[int, Field(ge=1, le=MAX_SEQ)]
    emoji: Annotated[str, Field(min_length=1, max_length=MAX_EMOJI_CHARS)]
    source: Literal["button", "touch", "simulated"] = "button"


class OutboxCounts(BaseModel):
    """How many outbox rows a kiosk holds in each state."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pending: Count = 0
    in_flight: Count = 0
    acked: Count = 0
    rejected: Count = 0


class HeartbeatPayload(BaseModel):
    """A kiosk saying it is alive; with a synchronised clock it also anchors its boot."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    outbox: OutboxCounts = OutboxCounts()
    software: Annotated[str, Field(max_length=40)] = ""


PAYLOAD_MODELS: dict[EventType, type[BaseModel]] = {
    EventType.REACTION: ReactionPayload,
    EventType.HEARTBEAT: HeartbeatPayload,
}


class Event(BaseModel):
    """The envelope every event carries (see docs/protocol.md, "Events")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = EVENT_SCHEMA_VERSION
    id: UUID
    kiosk_id: Slug
    boot_id: BootId
    seq: Annotated[int, Field(ge=1, le=MAX_SEQ)]
    mono_ms: Annotated[int, Field(ge=0, le=MAX_MONO_MS)]
    wall_time: datetime
    clock_synced: bool
    type: EventType
    payload: dict[str, Any]

    @field_validator("wall_time")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("wall_time needs a UTC offset")
        return value.astimezone(UTC)

    def typed_payload(self) -> BaseModel:
        """The payload parsed with the model of this event's type."""
        return PAYLOAD_MODELS[self.type].model_validate(self.payload)

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready dict a kiosk sends."""
        return self.model_dump(mode="json")


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "event"
    return f"{where}: {first['msg']}"


def parse_event(raw: object) -> Event | str:
    """Validate one untrusted event; return the Event or a short reason it was refused."""
    if not isinstance(raw, dict):
        return "event: must be a JSON object"
    payload = raw.get("payload")
    if payload is not None and len(json.dumps(payload, default=str)) > MAX_PAYLOAD_BYTES:
        return f"payload: larger than {MAX_PAYLOAD_BYTES} bytes"
    try:
        event = Event.model_validate(raw)
    except ValidationError as error:
        return _reason(error)
    try:
        event.typed_payload()
    except ValidationError as error:
        return "payload." + _reason(error)
    return event
