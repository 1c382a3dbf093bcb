"""The hub's table of event types: what it checks and derives for each kind of event.

The ingest pipeline (server/services/ingest.py) is generic: it parses, checks the
kiosk, dedupes, anchors in time and bulk-inserts every event the same way, and
asks the kind registered here for the rest. A new type of event is one module
that subclasses `EventKind` and calls `register_kind`, plus its payload model in
storywall/protocol; nothing else changes (docs/protocol.md, "Adding an event type").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, NamedTuple

from sqlmodel import Session

from server.models import HELD, Kiosk
from storywall.protocol import Event, event_models
from storywall.protocol.events import type_name_of


class Derived(NamedTuple):
    """Columns of the event table derived from a payload, so queries need no JSON."""

    prompt_id: int | None = None
    choice: str | None = None
    # Button mashing: kept, counted apart, in no opinion tally.
    play: bool = False


NOTHING_DERIVED = Derived()


class Stored(NamedTuple):
    """An event the push just stored, as its kind's `after_store` sees it."""

    id: str
    event: Event
    # When the hub believes it happened (epoch ms); None while it cannot tell.
    placed_ms: int | None


class EventKind:
    """How the hub treats one type of event. Subclass it once per type.

    `check` sees every candidate of its type in a push at once, so a kind asks
    the database a fixed number of questions per push, whatever its size.
    """

    # The protocol model of this type (a registered storywall.protocol Event).
    model: ClassVar[type[Event]]
    # A synchronised event of this type gives the exact offset of its boot's clock.
    anchors_boot: ClassVar[bool] = False
    # Held for moderation on arrival: public surfaces show it only once approved.
    # A kind that decides per event (or per site) overrides `arrival_states`.
    moderated: ClassVar[bool] = False
    # Its events may name media by hash (media_refs); the push answer then says
    # which of those bytes the hub still lacks.
    has_media: ClassVar[bool] = False

    # Kinds whose arrival_states may differ from `moderated`; write_holds asks them.
    decides_holds: ClassVar[bool] = False
    # Kinds that override after_store; the pipeline calls only those.
    follows_up: ClassVar[bool] = False

    @property
    def type(self) -> str:
        """The wire name of the type."""
        return type_name_of(self.model)

    def check(self, session: Session, kiosk: Kiosk, events: Sequence[Event]) -> list[str | None]:
        """For each event, None when the hub takes it or the reason it refuses it."""
        return [None] * len(events)

    def arrival_states(
        self, session: Session, kiosk: Kiosk, events: Sequence[Event], now_ms: int
    ) -> list[str | None]:
        """For each accepted event, the moderation state it arrives in: HELD (public
        only once approved), APPROVED (a site that opted out of holding it, logged
        as such) or None (not moderated). A `moderated` kind holds every event.
        Called after the push's events are inserted, in its transaction, so a kind
        may also store what it computed on the way (server/arrivals/flags.py)."""
        return [HELD if self.moderated else None] * len(events)

    def after_store(
        self, session: Session, kiosk: Kiosk, stored: Sequence[Stored], now_ms: int
    ) -> None:
        """Write what follows from the accepted events, in the push's transaction
        (a public update, a mark for a later job). Called once per kind per push."""

    def derive(self, event: Event) -> Derived:
        """The derived columns of one accepted event."""
        return NOTHING_DERIVED

    def media_refs(self, event: Event) -> list[str]:
        """The SHA-256 names of the media this event refers to (only if has_media)."""
        return []

    def payload_json(self, event: Event) -> str:
        """The payload as stored: its model's compact JSON."""
        return event.payload.model_dump_json()


_KINDS: dict[str, EventKind] = {}


def register_kind(kind: EventKind) -> EventKind:
    """Add a kind to the hub's table; its model must be the protocol's for its type."""
    if event_models().get(kind.type) is not kind.model:
        raise ValueError(f"{type(kind).__name__}.model is not the protocol's {kind.type!r} model")
    held = _KINDS.get(kind.type)
    if held is not None and type(held) is not type(kind):
        raise ValueError(f"event type {kind.type!r} already has {type(held).__name__}")
    _KINDS[kind.type] = kind
    return kind


def unregister_kind(type_name: str) -> None:
    """Remove a kind (for tests that add a type of their own)."""
    _KINDS.pop(type_name, None)


def kinds() -> Mapping[str, EventKind]:
    """Every registered kind by type name."""
    return dict(_KINDS)


def anchoring_types() -> list[str]:
    """The types whose synchronised events anchor their boot's clock."""
    return sorted(name for name, kind in _KINDS.items() if kind.anchors_boot)
