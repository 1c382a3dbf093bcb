"""How a note, doodle or photo arrives: flagged or not, held or public at once.

The moderated kinds' `arrival_states` hooks (server/events/note.py, doodle.py,
dropoff.py) call `decide_arrivals`: it computes and stores the flags
(server/arrivals/flags.py) and applies the site's mode. At a pre-moderated site
(the default) everything arrives held. At a post-moderated one everything arrives
approved, decided by the site setting (holds.AUTO_APPROVER), except what a flag
marked: a flagged item waits for a person, whatever the mode (docs/moderation.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session

from server.arrivals.flags import Arrival, flag_arrivals
from server.errors import InvalidInput
from server.models import (
    APPROVED,
    HELD,
    MODERATION_MODES,
    POST_MODERATION,
    SITE_TABLE,
    Kiosk,
    Site,
)


def decide_arrivals(
    session: Session,
    *,
    kiosk: Kiosk,
    arrivals: Sequence[Arrival],
    now_ms: int,
    publish_at_once: bool | None = None,
) -> dict[str, str]:
    """event id -> HELD or APPROVED for each arrival, its flags stored on the way.

    `publish_at_once` overrides the site's mode (a fridge's own photo setting)."""
    if not arrivals:
        return {}
    site = SITE_TABLE.c
    row = (
        session.connection()
        .execute(select(site.languages, site.moderation).where(site.id == kiosk.site_id))
        .one()
    )
    languages = list(row.languages or [])
    at_once = row.moderation == POST_MODERATION if publish_at_once is None else publish_at_once
    flagged = flag_arrivals(
        session, kiosk=kiosk, site_languages=languages, arrivals=arrivals, now_ms=now_ms
    )
    return {
        arrival.id: APPROVED if at_once and arrival.id not in flagged else HELD
        for arrival in arrivals
    }


def set_site_moderation(session: Session, *, site: Site, mode: str) -> Site:
    """Make a site pre- or post-moderated; only arrivals from now on follow it."""
    if mode not in MODERATION_MODES:
        raise InvalidInput(f"site moderation: {mode!r} is not one of {', '.join(MODERATION_MODES)}")
    site.moderation = mode
    session.add(site)
    session.commit()
    session.refresh(site)
    return site
