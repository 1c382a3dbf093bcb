"""Cleaning checks on the hub: always taken (at a fridge), public at once.

A check carries ticks, a thermometer reading and a nickname no longer than a
handle, nothing a moderator needs to read; the rota (server/services/rota.py)
matches it to the slot it names.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from server.events.fridge_reports import follow_up_reports
from server.events.registry import EventKind, Stored, register_kind
from server.models import Kiosk
from server.models_fridge import Fridge
from storywall.protocol import CheckEvent, Event


class CheckKind(EventKind):
    """A caretaker's cleaning check of a fridge."""

    model = CheckEvent
    follows_up = True

    def check(self, session: Session, kiosk: Kiosk, events: Sequence[Event]) -> list[str | None]:
        if session.get(Fridge, kiosk.site_id) is None:
            reason = "type: this kiosk's site is not a fridge"
            return [reason] * len(events)
        return [None] * len(events)

    def after_store(
        self, session: Session, kiosk: Kiosk, stored: Sequence[Stored], now_ms: int
    ) -> None:
        # Its public update (and a status update when it changed the fridge's state).
        follow_up_reports(session, kiosk, stored, now_ms)


register_kind(CheckKind())
