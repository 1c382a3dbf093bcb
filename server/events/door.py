"""Fridge door events on the hub: always taken, never moderated, in no tally.

Nothing is derived (the existing derived columns are a prompt's answer, and a door
event is none), and it does not anchor its boot's clock: a heartbeat sent when the
clock syncs already does, so dating events stays one rule whatever a kiosk has.
"""

from __future__ import annotations

from server.events.registry import EventKind, register_kind
from storywall.protocol import DoorEvent


class DoorKind(EventKind):
    """A fridge door opened, or closed with how long it stood open."""

    model = DoorEvent


register_kind(DoorKind())
