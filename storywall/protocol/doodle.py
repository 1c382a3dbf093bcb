"""The `doodle` event: a finger drawing, travelling as content-addressed media.

The event names the PNG by its SHA-256; the bytes travel separately (media.py), so a
retried push never re-sends them and the hub can say which drawings it still lacks.
Held for moderation on the hub, like notes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from storywall.protocol.events import Event, Payload, register_event_type
from storywall.protocol.fields import Sha256
from storywall.protocol.limits import MAX_DOODLE_BYTES, MAX_DOODLE_SIDE, MAX_SEQ

Side = Annotated[int, Field(ge=1, le=MAX_DOODLE_SIDE)]


class DoodlePayload(Payload):
    """The drawing's media hash and size, and the prompt it answers (if any)."""

    media: Sha256
    width: Side
    height: Side
    bytes: Annotated[int, Field(ge=1, le=MAX_DOODLE_BYTES)]
    prompt_id: Annotated[int, Field(ge=1, le=MAX_SEQ)] | None = None


@register_event_type
class DoodleEvent(Event):
    """A doodle as it travels: the envelope with a DoodlePayload."""

    type: Literal["doodle"]
    payload: DoodlePayload
