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
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, bindparam, func, or_
from sqlmodel import Session, col, select

from server import crud
from server.errors import NotFound
from server.models import EVENT_TABLE, MEDIA_TABLE, Prompt, Site
from server.models import ModerationLog as _Log
from server.models_prompts import PromptRun
from server.services.tallies import today_at

# The kinds of event the wall shows (tallies, notes, doodles).
WALL_KINDS = ("reaction", "note", "doodle")

# More parts of the marker: fn(session, site_ids) -> anything JSON can write.
MARKERS: list[Callable[[Session, list[int]], Any]] = []

_EVENT = EVENT_TABLE.c


# The time the marker is read at, bound at each execution (the statements are cached).
_NOW = bindparam("wall_now", type_=BigInteger)


def _current_prompt_id(site_id: int) -> Any:
    # As crud.current_prompt chooses it: of the runs at the site now, the newest-started
    # (ix_prompt_run_site_start).
    run = PromptRun
    return (
        select(run.prompt_id)
        .where(
            col(run.site_id) == site_id,
            col(run.start_ms) <= _NOW,
            or_(col(run.end_ms).is_(None), col(run.end_ms) > _NOW),
        )
        .order_by(col(run.start_ms).desc(), col(run.prompt_id).desc())
        .limit(1)
        .scalar_subquery()
    )


@lru_cache(maxsize=32)
def _counts(site_ids: tuple[int, ...]) -> Any:
    """One select of scalar subqueries: the newest wall events per site and kind (and how
    many share that millisecond), the undated answers to each site's prompt, the newest
    decision, the media held. Built once per set of sites (building it costs more than
    running it)."""
    columns: list[Any] = []
    for site_id in site_ids:
        for kind in WALL_KINDS:
            mine = (_EVENT.site_id == site_id) & (_EVENT.type == kind)
            newest = select(func.max(_EVENT.received_ms)).where(mine).scalar_subquery()
            same_ms = (
                select(func.count())
                .select_from(EVENT_TABLE)
                .where(mine, _EVENT.received_ms == newest)
                .scalar_subquery()
            )
            columns += [newest, same_ms]
        undated = (
            select(func.count())
            .select_from(EVENT_TABLE)
            .where(
                _EVENT.site_id == site_id,
                _EVENT.prompt_id == _current_prompt_id(site_id),
                _EVENT.placed_ms.is_(None),
            )
            .scalar_subquery()
        )
        columns.append(undated)
    columns.append(select(func.max(_Log.id)).scalar_subquery())
    columns.append(select(func.count()).select_from(MEDIA_TABLE).scalar_subquery())
    return select(*columns)


@lru_cache(maxsize=32)
def _current_prompts(site_ids: tuple[int, ...]) -> Any:
    """The current prompt of each of the sites, with the site, in one select (a prompt
    may run at several sites)."""
    return (
        select(PromptRun.site_id, Prompt)
        .join(Prompt, col(Prompt.id) == col(PromptRun.prompt_id))
        .where(
            or_(
                *(
                    (col(PromptRun.site_id) == site_id)
                    & (col(PromptRun.prompt_id) == _current_prompt_id(site_id))
                    for site_id in site_ids
                )
            )
        )
    )


def wall_marker(session: Session, sites: list[Site], *, now_ms: int) -> str:
    """A short digest that changes whenever what the wall shows for `sites` may have.

    Two round trips whatever the number of sites: the counts, and the current prompts."""
    site_ids = tuple(site.id for site in sites if site.id is not None)
    now = {"wall_now": now_ms}
    counts = list(session.connection().execute(_counts(site_ids), now).one())
    prompts: dict[int, Any] = {}
    if site_ids:
        for site_id, prompt in session.exec(_current_prompts(site_ids), params=now):
            prompts[site_id] = prompt.model_dump(mode="json")
    shown = [
        [
            site.slug,
            site.name,
            site.timezone,
            site.languages,
            today_at(site, now_ms).day.isoformat(),
            prompts.get(site.id) if site.id is not None else None,
        ]
        for site in sites
    ]
    parts = [counts, shown, [marker(session, list(site_ids)) for marker in MARKERS]]
    data = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:24]


def wall_sites(session: Session, site_slug: str | None) -> list[Site]:
    """The sites a wall view covers: the one named (NotFound if none) or all of them.

    One site's view covers every site too: its strip shows the neighbours' cards."""
    sites = list(crud.list_sites(session=session))
    if site_slug is not None and all(site.slug != site_slug for site in sites):
        raise NotFound(f"no site {site_slug!r}")
    return sites
