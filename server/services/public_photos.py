"""Which drop-off photos the public may see, and where.

A photo is public while an event that refers to it (its media_ref row) has an
approved moderation row: held and rejected photos appear nowhere. One query for
any number of photos, so a page of updates costs the same with 1 photo or 20.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from server.models import APPROVED, MEDIA_REF_TABLE, MODERATION_TABLE, Photo
from server.services.photos import photo_urls

_REF = MEDIA_REF_TABLE.c
_MOD = MODERATION_TABLE.c


def public_photos(session: Session, sha256s: Iterable[str]) -> set[str]:
    """The photos among `sha256s` that an approved event refers to."""
    wanted = sorted(set(sha256s))
    if not wanted:
        return set()
    rows = session.connection().execute(
        select(_REF.sha256)
        .join(MODERATION_TABLE, _MOD.event_id == _REF.event_id)
        .where(_REF.sha256.in_(wanted), _MOD.state == APPROVED)
        .distinct()
    )
    return set(rows.scalars())


def public_photo(session: Session, sha256: str) -> Photo | None:
    """The kept photo named `sha256` while it is public; None otherwise (held,
    rejected, never named by an event, or not kept)."""
    if sha256 not in public_photos(session, [sha256]):
        return None
    return session.get(Photo, sha256)


def photo_thumb_path(sha256: str) -> str:
    """A public photo's thumbnail, served by the photo routes."""
    return photo_urls(sha256)[1]


def photo_display_path(sha256: str) -> str:
    """A public photo at display size, served by the photo routes."""
    return photo_urls(sha256)[0]
