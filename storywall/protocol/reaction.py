"""The `reaction` event: an answer to a prompt, from an arcade button or the touchscreen.

An emoji prompt and a slider are answered with one of their emoji (`emoji`), a poll
with the index of one of its options (`option`). `play` marks a press the kiosk saw as
button mashing: it is kept, but it is play, not opinion, and no tally counts it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from storywall.protocol.events import Event, EventType, Payload, register_event_type
from storywall.protocol.limits import MAX_EMOJI_CHARS, MAX_POLL_OPTIONS, MAX_SEQ

PressSource = Literal["button", "touch", "simulated"]


class ReactionPayload(Payload):
    """One answer to a prompt: exactly one of `emoji` and `option`."""

    prompt_id: Annotated[int, Field(ge=1, le=MAX_SEQ)]
    emoji: Annotated[str, Field(min_length=1, max_length=MAX_EMOJI_CHARS)] | None = None
    option: Annotated[int, Field(ge=0, lt=MAX_POLL_OPTIONS)] | None = None
    source: PressSource = "button"
    play: bool = False

    @model_validator(mode="after")
    def _one_answer(self) -> ReactionPayload:
        if (self.emoji is None) == (self.option is None):
            raise ValueError(
                "a reaction carries exactly one of emoji (emoji, slider) and option (poll)"
            )
        return self

    @property
    def choice(self) -> str:
        """The tally key of this answer: see `choice_key`."""
        return choice_key(emoji=self.emoji, option=self.option)


def choice_key(*, emoji: str | None = None, option: int | None = None) -> str:
    """How both sides name an answer in tallies: the emoji itself, or "#<index>" of a
    poll option ("#0" is the first option)."""
    if emoji is not None:
        return emoji
    if option is not None:
        return f"#{option}"
    raise ValueError("an answer is an emoji or a poll option")


@register_event_type
class ReactionEvent(Event):
    """A reaction as it travels: the envelope with a ReactionPayload."""

    type: Literal[EventType.REACTION]
    payload: ReactionPayload
