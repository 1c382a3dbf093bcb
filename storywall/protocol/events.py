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


# Event.model_validate without its per-call wrapper (the same validator).
_EVENT_VALIDATOR = Event.__pydantic_validator__


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "event"
    return f"{where}: {first['msg']}"


# The size check's encoder, built once (json.dumps builds one per call when given
# `default`). Its output is what json.dumps(payload, default=str) returns.
_SIZE_ENCODER = json.JSONEncoder(default=str)
# A JSON-escaped code point is at most 12 characters (a surrogate pair, \\uXXXX\\uXXXX).
_MAX_ESCAPED_CHARS = 12
_MAX_SMALL_INT = 10**15  # at most 16 characters in JSON, sign included
_SCALAR_BOUND = {bool: 5, type(None): 4, int: 16}


def _flat_size_bound(payload: dict[Any, Any]) -> int | None:
    """An upper bound on the encoded size of a flat payload, or None when not flat.

    Cheaper than encoding, and enough for almost every payload (a reaction's three
    fields are bounded far below the limit); nested or unusual ones are encoded.
    """
    size = 2  # {}
    for key, value in payload.items():
        if type(key) is not str:
            return None
        # "key": value, (quotes, colon and space, comma and space)
        size += _MAX_ESCAPED_CHARS * len(key) + 6
        kind = type(value)
        if kind is str:
            size += _MAX_ESCAPED_CHARS * len(value) + 2
        elif kind is int and not -_MAX_SMALL_INT < value < _MAX_SMALL_INT:
            return None
        else:
            bound = _SCALAR_BOUND.get(kind)
            if bound is None:
                return None
            size += bound
    return size


def payload_too_large(payload: object) -> bool:
    """True when the payload's JSON (as json.dumps writes it) exceeds the limit.

    The one measure of a payload's size: the hub refuses by it, a kiosk checks it
    before recording, so nothing a kiosk records is refused for its size."""
    if type(payload) is dict:
        bound = _flat_size_bound(payload)
        if bound is not None and bound <= MAX_PAYLOAD_BYTES:
            return False
    return len(_SIZE_ENCODER.encode(payload)) > MAX_PAYLOAD_BYTES


def parse_event_with_payload(raw: object) -> tuple[Event, BaseModel] | str:
    """`parse_event`, also returning the typed payload it validated (saves a second pass)."""
    if not isinstance(raw, dict):
        return "event: must be a JSON object"
    payload = raw.get("payload")
    if payload is not None and payload_too_large(payload):
        return f"payload: larger than {MAX_PAYLOAD_BYTES} bytes"
    try:
        event: Event = _EVENT_VALIDATOR.validate_python(raw)
    except ValidationError as error:
        return _reason(error)
    try:
        typed = event.typed_payload()
    except ValidationError as error:
        return "payload." + _reason(error)
    return event, typed


def parse_event(raw: object) -> Event | str:
    """Validate one untrusted event; return the Event or a short reason it was refused."""
    parsed = parse_event_with_payload(raw)
    return parsed if isinstance(parsed, str) else parsed[0]
