"""Temperatures on the hub: always taken (a fault too), never moderated, in no tally.

Nothing is derived: the existing derived columns are a prompt's answer, and a
temperature is none. The food-safety rule reads the stored payloads (or a table of
its own, with its migration) when it comes.

It does not anchor its boot's clock: the kiosk already sends a heartbeat the moment
its clock syncs, so a sampling could not anchor earlier, and dating events stays one
rule ("a synchronised heartbeat") whatever sensors a kiosk has.
"""

from __future__ import annotations

from server.events.registry import EventKind, register_kind
from storywall.protocol import TemperatureEvent


class TemperatureKind(EventKind):
    """One sampling of a fridge thermometer: a reading in °C, or the fault that stopped it."""

    model = TemperatureEvent


register_kind(TemperatureKind())
