"""The `check` event: a caretaker's cleaning check of a fridge.

Born on the hub's check form (the caretaker scanned the fridge's QR code or followed
their rota link) or on a fridge kiosk. `slot_id` names the rota slot it fulfils, when
the caretaker took one; a check without a slot is welcome too.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, get_args

from pydantic import Field, model_validator

from storywall.protocol.dropoff import Via
from storywall.protocol.events import Event, Payload, register_event_type
from storywall.protocol.fridge import Condition, FoodLevel, Nickname
from storywall.protocol.limits import MAX_SEQ

# The checklist, in the order it is shown.
CheckTask = Literal["shelves_wiped", "out_of_date_removed", "temperature_read"]
CHECK_TASKS: Final[tuple[str, ...]] = get_args(CheckTask)

# What a fridge thermometer on the door can show; the caretaker types what they read.
ReadCelsius = Annotated[float, Field(ge=-30, le=40, allow_inf_nan=False)]


class CheckPayload(Payload):
    """The tasks done (at least one, each once), what the thermometer showed if it was
    read, and the fridge as the caretaker left it."""

    via: Via
    done: Annotated[list[CheckTask], Field(min_length=1, max_length=len(CHECK_TASKS))]
    celsius_read: ReadCelsius | None = None
    slot_id: Annotated[int, Field(ge=1, le=MAX_SEQ)] | None = None
    level: FoodLevel | None = None
    condition: Condition | None = None
    nickname: Nickname | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CheckPayload:
        if len(set(self.done)) != len(self.done):
            raise ValueError("each task may appear only once")
        if self.celsius_read is not None and "temperature_read" not in self.done:
            raise ValueError("celsius_read comes with the task temperature_read")
        return self


@register_event_type
class CheckEvent(Event):
    """A cleaning check as it travels: the envelope with a CheckPayload."""

    type: Literal["check"]
    payload: CheckPayload
