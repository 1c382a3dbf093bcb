"""The `note` event: a short text a passer-by typed on the kiosk.

Held for moderation on the hub: nothing a passer-by writes is public before a person
approves it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from storywall.protocol.events import Event, Payload, register_event_type
from storywall.protocol.fields import LanguageCode, NoteText
from storywall.protocol.limits import MAX_SEQ

NoteTemplate = Literal["free", "gratitude", "haiku", "reply"]


class NotePayload(Payload):
    """The text, the language it was typed in, and the prompt it answers (if any)."""

    text: NoteText
    language: LanguageCode
    prompt_id: Annotated[int, Field(ge=1, le=MAX_SEQ)] | None = None
    template: NoteTemplate = "free"


@register_event_type
class NoteEvent(Event):
    """A note as it travels: the envelope with a NotePayload."""

    type: Literal["note"]
    payload: NotePayload
