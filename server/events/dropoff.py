"""Drop-offs on the hub: always taken, counted in public at once; a photo waits.

A drop-off's counts are no one's words, so they are public on arrival. Its photo is
a passer-by's picture, so an event with a photo arrives held for moderation, unless
the fridge's organisers turned photo moderation off (then it arrives approved, and
the audit log says the site's setting decided), and unless a flag marked it (a
burst, a photo sent before: server/arrivals/flags.py). The photo travels as media by hash.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from server.arrivals.decide import decide_arrivals
from server.arrivals.flags import Arrival
from server.events.fridge_reports import follow_up_reports
from server.events.registry import EventKind, Stored, register_kind
from server.models import Kiosk
from server.models_fridge import Fridge
from storywall.protocol import DropoffEvent, Event


def _photo(event: Event) -> str | None:
    assert isinstance(event, DropoffEvent)
    return event.payload.photo


class DropoffKind(EventKind):
    """Food brought to a fridge, from its drop-off form or its kiosk."""

    model = DropoffEvent
    follows_up = True
    has_media = True
    decides_holds = True

    def check(self, session: Session, kiosk: Kiosk, events: Sequence[Event]) -> list[str | None]:
        if session.get(Fridge, kiosk.site_id) is None:
            reason = "type: this kiosk's site is not a fridge"
            return [reason] * len(events)
        return [None] * len(events)

    def arrival_states(
        self, session: Session, kiosk: Kiosk, events: Sequence[Event], now_ms: int
    ) -> list[str | None]:
        arrivals = [
            Arrival(str(event.id), "dropoff", media=photo)
            for event in events
            if (photo := _photo(event))
        ]
        if not arrivals:
            return [None] * len(events)
        moderate = session.exec(
            select(Fridge.moderate_photos).where(Fridge.site_id == kiosk.site_id)
        ).first()
        # The fridge's own photo setting, not the site's note mode; a flag still holds.
        states = decide_arrivals(
            session,
            kiosk=kiosk,
            arrivals=arrivals,
            now_ms=now_ms,
            publish_at_once=moderate is False,
        )
        return [states.get(str(event.id)) for event in events]

    def media_refs(self, event: Event) -> list[str]:
        photo = _photo(event)
        return [photo] if photo else []

    def after_store(
        self, session: Session, kiosk: Kiosk, stored: Sequence[Stored], now_ms: int
    ) -> None:
        # Its public update (and a status update when it changed the fridge's state).
        follow_up_reports(session, kiosk, stored, now_ms)


register_kind(DropoffKind())
