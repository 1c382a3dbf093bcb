"""Is a drop-off photo public? Only while a moderator (or the fridge's setting) approved
an event that shows it.

A photo is public when some event referring to it (a media_ref row of that event and
hash) has an approved moderation row. The same bytes sent with a held or rejected
drop-off stay private; approving any one drop-off that shows them makes them public,
and rejecting that one again hides them. Fridge pages, feeds and the photo routes all
ask here, so no surface shows a photo another hides.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from server.models import APPROVED, MEDIA_REF_TABLE, MODERATION_TABLE

_REF = MEDIA_REF_TABLE.c
_MOD = MODERATION_TABLE.c


def public_photos(session: Session, sha256s: Iterable[str]) -> set[str]:
    """Which of these photo hashes are public now: one query for any number."""
    wanted = sorted(set(sha256s))
    if not wanted:
        return set()
    statement = (
        select(_REF.sha256)
        .join(MODERATION_TABLE, _MOD.event_id == _REF.event_id)
        .where(_REF.sha256.in_(wanted), _MOD.state == APPROVED)
        .distinct()
    )
    return set(session.connection().execute(statement).scalars())


def photo_is_public(session: Session, sha256: str) -> bool:
    """Is this one photo public now?"""
    return sha256 in public_photos(session, [sha256])


def photo_url(base_url: str, sha256: str) -> str:
    """The absolute address of a photo's display size (the photo routes serve it)."""
    return f"{base_url}/media/photos/{sha256}/display.jpg"
