"""The `door` event: a fridge door opened, or closed after standing open for a while.

The close carries how long the door stood open (measured on the kiosk's monotonic
clock, so it holds even when the wall clock is wrong); the opening carries nothing
more, so a door left open is visible on the hub before it closes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from storywall.protocol.events import Event, Payload, register_event_type
from storywall.protocol.limits import MAX_DOOR_OPEN_S

DoorState = Literal["opened", "closed"]


class DoorPayload(Payload):
    """`opened`, or `closed` with `open_for_s` (seconds the door stood open)."""

    state: DoorState
    open_for_s: Annotated[float, Field(ge=0, le=MAX_DOOR_OPEN_S, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _duration_on_close(self) -> DoorPayload:
        if self.state == "closed" and self.open_for_s is None:
            raise ValueError("a closed door carries open_for_s (how long it stood open)")
        if self.state == "opened" and self.open_for_s is not None:
            raise ValueError("an opened door carries no open_for_s (it is sent on close)")
        return self


@register_event_type
class DoorEvent(Event):
    """A door event as it travels: the envelope with a DoorPayload."""

    type: Literal["door"]
    payload: DoorPayload
