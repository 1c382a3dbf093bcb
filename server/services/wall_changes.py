"""Has the wall changed? A cheap marker read from the database, for the live stream.

Every worker's open wall streams read this every couple of seconds and tell the page to
fetch the wall again when it moves (docs/wall.md, "Live updates"). It is read from the
database, never from process memory, so a change written by any worker (or by the CLI)
reaches every stream. Each part is an index seek, whatever the size of the history:

- per site and per kind that shows on the wall (reaction, note, doodle): the newest
  `received_ms` and how many events share it (a second push in the same millisecond
  still moves the marker), on ix_event_site_type_received;
- the newest moderation decision (moderation_log's primary key): approvals, and anything
  taken down again;
- per site, how many answers to its current prompt are undated: when a heartbeat
  places a boot's answers in time, "today" and "undated" change without a new answer
  (a range of ix_event_site_prompt_placed). A re-placement of answers already dated
  (a better anchor moving them by seconds) shows with the next change;
- how many media files the hub holds: an approved doodle shows once its bytes arrive;
- each site as shown (name, zone, languages), its current prompt, whole (a new prompt, or
  a change to the one shown), and its calendar day (at midnight "today" starts again);
- whatever the functions in MARKERS add (replies and spotlights register theirs).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from server import crud
from server.models import EVENT_TABLE, MEDIA_TABLE, Site
from server.models import ModerationLog as _Log
from server.services.tallies import today_at

# The kinds of event the wall shows (tallies, notes, doodles).
WALL_KINDS = ("reaction", "note", "doodle")

# More parts of the marker: fn(session, site_ids) -> anything JSON can write.
MARKERS: list[Callable[[Session, list[int]], Any]] = []

_EVENT = EVENT_TABLE.c


def _newest_events(session: Session, site_ids: list[int]) -> list[Any]:
    columns = []
    for site_id in site_ids:
        for kind in WALL_KINDS:
            newest = (
                select(func.max(_EVENT.received_ms))
                .where(_EVENT.site_id == site_id, _EVENT.type == kind)
                .scalar_subquery()
            )
            same_ms = (
                select(func.count())
                .select_from(EVENT_TABLE)
                .where(_EVENT.site_id == site_id, _EVENT.type == kind, _EVENT.received_ms == newest)
                .scalar_subquery()
            )
            columns += [newest, same_ms]
    if not columns:
        return []
    row = session.connection().execute(select(*columns)).one()
    return list(row)


def wall_marker(session: Session, sites: list[Site], *, now_ms: int) -> str:
    """A short digest that changes whenever what the wall shows for `sites` may have."""
    site_ids = [site.id for site in sites if site.id is not None]
    newest = select(
        select(func.max(_Log.id)).scalar_subquery(),
        select(func.count()).select_from(MEDIA_TABLE).scalar_subquery(),
    )
    rows = session.connection().execute(newest).one()
    shown = []
    for site in sites:
        assert site.id is not None
        prompt = crud.current_prompt(session=session, site_id=site.id)
        undated = None
        if prompt is not None:
            undated = (
                session.connection()
                .execute(
                    select(func.count())
                    .select_from(EVENT_TABLE)
                    .where(
                        _EVENT.site_id == site.id,
                        _EVENT.prompt_id == prompt.id,
                        _EVENT.placed_ms.is_(None),
                    )
                )
                .scalar()
            )
        shown.append(
            [
                site.slug,
                site.name,
                site.timezone,
                site.languages,
                today_at(site, now_ms).day.isoformat(),
                None if prompt is None else prompt.model_dump(mode="json"),
                undated,
            ]
        )
    parts = [
        _newest_events(session, site_ids),
        list(rows),
        shown,
        [marker(session, site_ids) for marker in MARKERS],
    ]
    data = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:24]


def wall_sites(session: Session, site_slug: str | None) -> list[Site]:
    """The sites a wall view covers: the one named (NotFound if none) or all of them.

    One site's view covers every site too: its strip shows the neighbours' cards."""
    if site_slug is not None:
        crud.get_site(session=session, slug=site_slug)
    return list(crud.list_sites(session=session))
