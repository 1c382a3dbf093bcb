"""What the public sees of notes and doodles: only those a person approved.

The kiosk configuration's `notes`, the wall page and /wall.json all read here, so a
held or rejected event reaches none of them (docs/moderation.md)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from sqlalchemy import bindparam, select
from sqlmodel import Session

from server.models import APPROVED, EVENT_TABLE, MEDIA_REF_TABLE, MEDIA_TABLE, MODERATION_TABLE

# The most doodles the wall shows per site (newest first).
MAX_WALL_DOODLES = 12

_EVENT = EVENT_TABLE.c
_MOD = MODERATION_TABLE.c


class WallNoteCard(BaseModel):
    """An approved note on the wall."""

    id: str
    text: str
    language: str
    # The organiser's reply standing under it (server/services/replies_public.py).
    reply: str | None = None
    # When the hub received it (epoch ms): the wall interleaves notes and doodles by it.
    received_ms: int = 0


class WallDoodle(BaseModel):
    """An approved doodle on the wall, whose PNG the hub holds."""

    id: str
    url: str
    width: int
    height: int
    received_ms: int = 0


def media_url(sha256: str) -> str:
    """The public address of an approved doodle's PNG."""
    return f"/media/{sha256}.png"


@lru_cache(maxsize=16)
def _approved_statement(type_name: str, limit: int) -> Any:
    # Built once per kind and page size (building a select costs more than running it);
    # the site is a bound parameter.
    return (
        select(_EVENT.id, _EVENT.payload, _EVENT.received_ms)
        .join(MODERATION_TABLE, _MOD.event_id == _EVENT.id)
        .where(
            _EVENT.site_id == bindparam("site_id"),
            _EVENT.type == type_name,
            _MOD.state == APPROVED,
        )
        .order_by(_EVENT.received_ms.desc(), _EVENT.kiosk_id, _EVENT.seq.desc())
        .limit(limit)
    )


def _approved(session: Session, site_id: int, type_name: str, limit: int) -> list[Any]:
    # Newest first by when the hub received them, then by the kiosk's order. The walk
    # starts at ix_event_site_type_received (this site's events of this type, by arrival)
    # and stops after `limit` approved ones: only pushes received in the same ms need
    # sorting, so a pull costs the same however many reactions or approved rows the
    # hub holds. Starting at the approved moderation rows instead would read every
    # approved event of every site, and history grows those too.
    statement = _approved_statement(type_name, limit)
    return list(session.connection().execute(statement, {"site_id": site_id}))


def approved_notes(session: Session, site_id: int, limit: int) -> list[WallNoteCard]:
    """The site's approved notes, newest first."""
    return [
        WallNoteCard(
            id=event_id, text=payload["text"], language=payload["language"], received_ms=received
        )
        for event_id, payload, received in _approved(session, site_id, "note", limit)
    ]


def approved_doodles(
    session: Session, site_id: int, limit: int = MAX_WALL_DOODLES
) -> list[WallDoodle]:
    """The site's approved doodles whose bytes the hub holds, newest first."""
    rows = _approved(session, site_id, "doodle", limit)
    hashes = {payload["media"] for _id, payload, _received in rows}
    held: set[str] = set()
    if hashes:
        stored = MEDIA_TABLE.c.sha256
        held = set(
            session.connection().execute(select(stored).where(stored.in_(sorted(hashes)))).scalars()
        )
    return [
        WallDoodle(
            id=event_id,
            url=media_url(payload["media"]),
            width=payload["width"],
            height=payload["height"],
            received_ms=received,
        )
        for event_id, payload, received in rows
        if payload["media"] in held
    ]


def is_public_media(session: Session, sha256: str) -> bool:
    """Does an approved event name these bytes, and does the hub hold them?"""
    ref = MEDIA_REF_TABLE.c
    statement = (
        select(ref.id)
        .join(MODERATION_TABLE, _MOD.event_id == ref.event_id)
        .join(MEDIA_TABLE, MEDIA_TABLE.c.sha256 == ref.sha256)
        .where(ref.sha256 == sha256, _MOD.state == APPROVED)
        .limit(1)
    )
    return session.connection().execute(statement).first() is not None
