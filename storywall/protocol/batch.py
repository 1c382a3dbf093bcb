"""Push: a kiosk sends a batch of events, the hub answers per event.

`parse_push` reads a whole request body in one strict pass (pydantic's own JSON
parser; no dict is built for a valid event). Each event is tried against the
union of registered types and, only when that fails, kept as it came so that it
is rejected on its own, with a reason, instead of failing the whole batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, Field, TypeAdapter, create_model

from storywall.protocol.events import (
    Event,
    any_event_type,
    registry_generation,
    rejection_reason,
)
from storywall.protocol.fields import BootId
from storywall.protocol.limits import MAX_BATCH_EVENTS, MAX_MONO_MS, PROTOCOL_VERSION
from storywall.protocol.wire import WireModel


class PushEnvelope(WireModel):
    """What a push says about itself, around its events."""

    protocol: Annotated[int, Field(ge=PROTOCOL_VERSION, le=PROTOCOL_VERSION)] = PROTOCOL_VERSION
    boot_id: BootId
    # The kiosk's monotonic clock when it sent the request: with the hub's own
    # clock at receipt it bounds when every event of this boot happened.
    sent_mono_ms: Annotated[int, Field(ge=0, le=MAX_MONO_MS)]


class PushRequest(PushEnvelope):
    """Body of POST /api/v1/events.

    Each event is checked on its own (docs/protocol.md, "Events"), so one malformed
    event is rejected alone instead of failing the whole batch."""

    events: Annotated[list[Any], Field(max_length=MAX_BATCH_EVENTS)]


@dataclass(frozen=True)
class ParsedPush:
    """A push as the hub reads it: each event parsed, or the reason it was refused."""

    boot_id: str
    sent_mono_ms: int
    events: list[Event | str]


def push_parser() -> TypeAdapter[Any]:
    """The strict parser of a whole push body for the event types registered now."""
    return _push_parser(registry_generation())


@lru_cache(maxsize=1)
def _push_parser(_generation: int) -> TypeAdapter[Any]:
    # left_to_right: a valid event becomes its typed model; anything else is kept
    # as it came, for rejection_reason to explain.
    event_or_raw: Any = Annotated[any_event_type() | Any, Field(union_mode="left_to_right")]
    events: Any = Annotated[list[event_or_raw], Field(max_length=MAX_BATCH_EVENTS)]
    body: type[BaseModel] = create_model("PushBody", __base__=PushEnvelope, events=(events, ...))
    return TypeAdapter(body)


def parse_push(body: bytes) -> ParsedPush:
    """Read a push body; raises pydantic's ValidationError when the envelope is wrong.

    Not UTF-8 or not JSON is a ValidationError of type `json_invalid`."""
    parsed = push_parser().validate_json(body)
    events: list[Event | str] = [
        item if isinstance(item, Event) else rejection_reason(item) for item in parsed.events
    ]
    return ParsedPush(parsed.boot_id, parsed.sent_mono_ms, events)


class ResultStatus(StrEnum):
    """The hub's answer for one event. Accepted and duplicate both mean "held"."""

    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class PushResult(BaseModel):
    """The answer for the event at `index` in the request."""

    index: int
    id: str | None
    status: ResultStatus
    reason: str | None = None


class PushResponse(BaseModel):
    """Body of a 200 answer to a push: one result per event, in request order.

    Answers are read leniently (unknown fields ignored) so that the hub can grow."""

    results: list[PushResult]
    accepted: int
    duplicate: int
    rejected: int
    # Hashes this kiosk's events refer to whose bytes the hub still lacks (media.py).
    missing_media: list[str] = []
