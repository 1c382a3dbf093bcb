"""Notes on the hub: taken as they come; held for moderation before anything shows them."""

from __future__ import annotations

from server.events.registry import Derived, EventKind, register_kind
from storywall.protocol import Event, NoteEvent


class NoteKind(EventKind):
    """A short text from a kiosk."""

    model = NoteEvent
    moderated = True

    def derive(self, event: Event) -> Derived:
        assert isinstance(event, NoteEvent)
        return Derived(prompt_id=event.payload.prompt_id)


register_kind(NoteKind())
