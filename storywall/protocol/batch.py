"""Push: a kiosk sends a batch of events, the hub answers per event."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from storywall.protocol.limits import BOOT_ID_PATTERN, MAX_BATCH_EVENTS, MAX_MONO_MS


class PushRequest(BaseModel):
    """Body of POST /api/v1/events.

    Events stay raw JSON objects here so that one malformed event is rejected on
    its own instead of failing the whole batch.
    """

    model_config = ConfigDict(extra="forbid")

    protocol: Annotated[int, Field(ge=1, le=1)] = 1
    boot_id: Annotated[str, Field(pattern=BOOT_ID_PATTERN)]
    # The kiosk's monotonic clock when it sent the request: with the hub's own
    # clock at receipt it bounds when every event of this boot happened.
    sent_mono_ms: Annotated[int, Field(ge=0, le=MAX_MONO_MS)]
    events: Annotated[list[Any], Field(max_length=MAX_BATCH_EVENTS)]


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
    """Body of a 200 answer to a push: one result per event, in request order."""

    results: list[PushResult]
    accepted: int
    duplicate: int
    rejected: int
