"""Doodles on the hub: the event names its PNG by hash; the bytes arrive as media.
Flagged, and held unless the site publishes at once (server/arrivals/decide.py)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from server.arrivals.decide import decide_arrivals
from server.arrivals.flags import Arrival
from server.events.registry import Derived, EventKind, register_kind
from server.models import Kiosk
from storywall.protocol import DoodleEvent, Event


class DoodleKind(EventKind):
    """A finger drawing from a kiosk."""

    model = DoodleEvent
    moderated = True
    has_media = True
    decides_holds = True

    def arrival_states(
        self, session: Session, kiosk: Kiosk, events: Sequence[Event], now_ms: int
    ) -> list[str | None]:
        arrivals = []
        for event in events:
            assert isinstance(event, DoodleEvent)
            arrivals.append(Arrival(str(event.id), "doodle", media=event.payload.media))
        states = decide_arrivals(session, kiosk=kiosk, arrivals=arrivals, now_ms=now_ms)
        return [states[arrival.id] for arrival in arrivals]

    def derive(self, event: Event) -> Derived:
        assert isinstance(event, DoodleEvent)
        return Derived(prompt_id=event.payload.prompt_id)

    def media_refs(self, event: Event) -> list[str]:
        assert isinstance(event, DoodleEvent)
        return [event.payload.media]


register_kind(DoodleKind())
