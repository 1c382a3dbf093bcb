"""Doodles on the hub: the event names its PNG by hash; the bytes arrive as media."""

from __future__ import annotations

from server.events.registry import Derived, EventKind, register_kind
from storywall.protocol import DoodleEvent, Event


class DoodleKind(EventKind):
    """A finger drawing from a kiosk."""

    model = DoodleEvent
    moderated = True
    has_media = True

    def derive(self, event: Event) -> Derived:
        assert isinstance(event, DoodleEvent)
        return Derived(prompt_id=event.payload.prompt_id)

    def media_refs(self, event: Event) -> list[str]:
        assert isinstance(event, DoodleEvent)
        return [event.payload.media]


register_kind(DoodleKind())
