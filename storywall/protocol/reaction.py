"""The `reaction` event: a press of one emoji button (arcade or touch) for a prompt."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from storywall.protocol.events import Event, EventType, Payload, register_event_type
from storywall.protocol.limits import MAX_EMOJI_CHARS, MAX_SEQ

PressSource = Literal["button", "touch", "simulated"]


class ReactionPayload(Payload):
    """A press of one emoji button in answer to a prompt."""

    prompt_id: Annotated[int, Field(ge=1, le=MAX_SEQ)]
    emoji: Annotated[str, Field(min_length=1, max_length=MAX_EMOJI_CHARS)]
    source: PressSource = "button"


@register_event_type
class ReactionEvent(Event):
    """A reaction as it travels: the envelope with a ReactionPayload."""

    type: Literal[EventType.REACTION]
    payload: ReactionPayload
