"""Notes on the hub: taken as they come; flagged, and held for moderation unless the
site publishes at once (server/arrivals/decide.py) before anything shows them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from server.arrivals.decide import decide_arrivals
from server.arrivals.flags import Arrival
from server.events.registry import Derived, EventKind, register_kind
from server.models import Kiosk
from storywall.protocol import Event, NoteEvent


class NoteKind(EventKind):
    """A short text from a kiosk."""

    model = NoteEvent
    moderated = True
    decides_holds = True

    def arrival_states(
        self, session: Session, kiosk: Kiosk, events: Sequence[Event], now_ms: int
    ) -> list[str | None]:
        arrivals = []
        for event in events:
            assert isinstance(event, NoteEvent)
            payload = event.payload
            arrivals.append(
                Arrival(str(event.id), "note", text=payload.text, language=payload.language)
            )
        states = decide_arrivals(session, kiosk=kiosk, arrivals=arrivals, now_ms=now_ms)
        return [states[arrival.id] for arrival in arrivals]

    def derive(self, event: Event) -> Derived:
        assert isinstance(event, NoteEvent)
        return Derived(prompt_id=event.payload.prompt_id)


register_kind(NoteKind())
