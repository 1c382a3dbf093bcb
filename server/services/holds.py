"""What the ingest pipeline writes beside the events: moderation holds and media refs.

Generic over kinds: an accepted event of a `moderated` kind gets a held moderation
row (and its line in the audit log); one of a kind with media gets a media_ref row
per hash it names. Both in the push's transaction. The push answer's missing_media
comes from the same tables (docs/protocol.md, "Media").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import func, insert, select, union, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from server.events import EventKind
from server.models import (
    HELD,
    HIDDEN,
    KIOSK_TABLE,
    MEDIA_REF_TABLE,
    MEDIA_TABLE,
    MODERATION_LOG_TABLE,
    MODERATION_TABLE,
    PHOTO_TABLE,
    REJECTED,
    Kiosk,
)
from storywall.protocol import Event

# The most hashes one push answer lists; the rest follow in later answers.
MAX_MISSING_MEDIA = 50

# Who "decided" an event its site publishes at once (post-moderation, or a fridge
# with photo moderation off), in the audit log.
AUTO_APPROVER = "site setting"
AUTO_REASON = "this site publishes these without moderation"

_REF = MEDIA_REF_TABLE.c
_MOD = MODERATION_TABLE.c


class Held(NamedTuple):
    """An accepted event, with its kind."""

    id: str
    event: Event
    kind: EventKind


def write_holds(session: Session, kiosk: Kiosk, held: Sequence[Held], now_ms: int) -> bool:
    """Moderate the accepted events that need it and record the media they name; True
    when some of those media are not held yet.

    An event held on arrival gets a `held` row; one its kind approves on arrival (a
    site that publishes without moderation) an `approved` row, decided by AUTO_APPROVER,
    so the audit log says why it went public. Costs nothing (no query) when no
    accepted event is of such a kind."""
    kiosk_id = kiosk.id
    states = _arrival_states(session, kiosk, held, now_ms)
    refs = [
        (item.id, sha256)
        for item in held
        if item.kind.has_media
        for sha256 in item.kind.media_refs(item.event)
    ]
    connection = session.connection()
    if states:
        rows = [
            {
                "event_id": event_id,
                "state": state,
                "decided_ms": None if state == HELD else now_ms,
                "decided_by": None if state == HELD else AUTO_APPROVER,
                "reason": None if state == HELD else AUTO_REASON,
            }
            for event_id, state in states
        ]
        connection.execute(insert(MODERATION_TABLE), rows)
        connection.execute(
            insert(MODERATION_LOG_TABLE), [{**row, "decided_ms": now_ms} for row in rows]
        )
    if refs:
        present = held_media(session, sorted({sha256 for _event_id, sha256 in refs}))
        connection.execute(
            insert(MEDIA_REF_TABLE),
            [
                {"event_id": i, "kiosk_id": kiosk_id, "sha256": h, "present": h in present}
                for i, h in refs
            ],
        )
        return any(sha256 not in present for _event_id, sha256 in refs)
    return False


def _arrival_states(
    session: Session, kiosk: Kiosk, held: Sequence[Held], now_ms: int
) -> list[tuple[str, str]]:
    """(event id, state) for each event that arrives moderated, in push order."""
    by_kind: dict[EventKind, list[Held]] = {}
    for item in held:
        if item.kind.moderated or item.kind.decides_holds:
            by_kind.setdefault(item.kind, []).append(item)
    states: dict[str, str] = {}
    for kind, items in by_kind.items():
        if kind.decides_holds:
            decided = kind.arrival_states(session, kiosk, [item.event for item in items], now_ms)
        else:
            decided = [HELD] * len(items)
        for item, state in zip(items, decided, strict=True):
            if state is not None:
                states[item.id] = state
    return [(item.id, states[item.id]) for item in held if item.id in states]


def held_media(session: Session, hashes: list[str]) -> set[str]:
    """Of `hashes`, those the hub holds: bytes kept as they came (`media`, a doodle's
    PNG), or a photo kept as its display and thumbnail under the upload's name (`photo`:
    the upload itself is never kept). Both tables answer for every kind, so no kind
    needs a branch here, and an event names its media the same way whichever it is."""
    media, photo = MEDIA_TABLE.c.sha256, PHOTO_TABLE.c.sha256
    statement = union(
        select(media).where(media.in_(hashes)), select(photo).where(photo.in_(hashes))
    )
    return set(session.connection().execute(statement).scalars())


def mark_present(session: Session, sha256: str) -> None:
    """The bytes named `sha256` are held now: the refs to them stop being missing."""
    session.connection().execute(
        update(MEDIA_REF_TABLE)
        .where(_REF.sha256 == sha256, _REF.present.is_(False))
        .values(present=True)
    )


def outstanding_media(session: Session, kiosk: Kiosk, *, new_missing: bool) -> list[str]:
    """The push answer's missing_media. No query unless this push named bytes the hub
    lacks or the kiosk was still owing some (its `media_missing` flag, read with the
    kiosk at authentication); the flag follows what the query finds."""
    if not (new_missing or kiosk.media_missing):
        return []
    missing = missing_media(session, kiosk.id)
    owing = bool(missing)
    if owing != kiosk.media_missing:
        session.connection().execute(
            update(KIOSK_TABLE).where(KIOSK_TABLE.c.id == kiosk.id).values(media_missing=owing)
        )
        set_committed_value(kiosk, "media_missing", owing)
    return missing


def missing_media(session: Session, kiosk_id: str) -> list[str]:
    """Hashes named by this kiosk's held or approved events that the hub lacks,
    oldest first, at most MAX_MISSING_MEDIA. One indexed query (kiosk, present)."""
    statement = (
        select(_REF.sha256)
        .select_from(MEDIA_REF_TABLE.outerjoin(MODERATION_TABLE, _MOD.event_id == _REF.event_id))
        .where(
            _REF.kiosk_id == kiosk_id,
            _REF.present.is_(False),
            (_MOD.state.is_(None)) | (_MOD.state.not_in((REJECTED, HIDDEN))),
        )
        .group_by(_REF.sha256)
        .order_by(func.min(_REF.id))
        .limit(MAX_MISSING_MEDIA)
    )
    return list(session.connection().execute(statement).scalars())
