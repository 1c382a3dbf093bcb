"""The charts' rollup: counting a site's raw events into chart_rollup (models_charts.py).

Everything here counts from the raw events, so the rollup can always be thrown away
and rebuilt (`rebuild_sites`, `storywall admin charts-rebuild`). `refresh` brings
it up to date: a site never built (or whose time zone changed) has its rows thrown
away and every day it has events on marked; then each marked UTC day
(rollup_marks.py) has the one or two local days it overlaps counted again, the
newest first. The rollup job runs it every minute and the charts page runs it for
the sites it shows (a bounded number of marked days a visit), so the charts
equal a count of the raw events when they are drawn.

What a row counts is in rollup_count.py and docs/charts.md.

Concurrency: a refresh deletes the marks it recounts before it reads the events
(DELETE .. RETURNING): on SQLite that takes the write lock first; on PostgreSQL it
waits for a push holding such a mark, and a push that marks a day afterwards keeps
its mark for the next refresh (rollup_marks.RollupMarks.write).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from server.models import EVENT_TABLE, Site
from server.models_charts import (
    CHART_ROLLUP_HOUR_TABLE,
    CHART_ROLLUP_MARK_TABLE,
    CHART_ROLLUP_SITE_TABLE,
    CHART_ROLLUP_TABLE,
    UNDATED_DAY,
    UNDATED_MARK,
)
from server.services.rollup_count import Counts, count_events, day_bounds, day_number, write_counts
from server.services.rollup_marks import DAY_MS, RollupMarks

_E = EVENT_TABLE.c


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def recount_days(session: Session, site: Site, days: Iterable[date], *, undated: bool) -> int:
    """Count the site's local `days` (and its undated events) again from the raw
    events, replacing their rollup rows. Returns how many days were counted."""
    assert site.id is not None
    zone = ZoneInfo(site.timezone)
    connection = session.connection()
    rollup = CHART_ROLLUP_TABLE.c
    counted = 0
    counts = Counts()
    hourly = CHART_ROLLUP_HOUR_TABLE.c
    for first, last in _runs(days):
        connection.execute(
            delete(CHART_ROLLUP_TABLE).where(
                rollup.site_id == site.id,
                rollup.day >= day_number(first),
                rollup.day <= day_number(last),
            )
        )
        connection.execute(
            delete(CHART_ROLLUP_HOUR_TABLE).where(
                hourly.site_id == site.id,
                hourly.day >= day_number(first),
                hourly.day <= day_number(last),
            )
        )
        start_ms, end_ms = day_bounds(zone, first, last)
        where = and_(_E.placed_ms >= start_ms, _E.placed_ms < end_ms)
        count_events(session, site.id, site.timezone, where, counts)
        counted += (last - first).days + 1
    if undated:
        connection.execute(
            delete(CHART_ROLLUP_TABLE).where(rollup.site_id == site.id, rollup.day == UNDATED_DAY)
        )
        count_events(session, site.id, site.timezone, _E.placed_ms.is_(None), counts)
    write_counts(session, site.id, counts)
    return counted


def _local_days(zone: ZoneInfo, utc_day: int) -> set[date]:
    """The local days a UTC day overlaps (one or two)."""
    start = datetime.fromtimestamp(utc_day * DAY_MS / 1000, tz=UTC)
    end = datetime.fromtimestamp(((utc_day + 1) * DAY_MS - 1) / 1000, tz=UTC)
    return {start.astimezone(zone).date(), end.astimezone(zone).date()}


def _site_state(session: Session, now_ms: int, site: Site) -> None:
    connection = session.connection()
    insert_ = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert_(CHART_ROLLUP_SITE_TABLE).values(
        site_id=site.id, timezone=site.timezone, built_ms=now_ms
    )
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["site_id"],
            set_={"timezone": statement.excluded.timezone, "built_ms": statement.excluded.built_ms},
        )
    )


def mark_whole_site(session: Session, site: Site, *, now_ms: int) -> None:
    """Throw the site's rollup away and mark every UTC day it has events on (and its
    undated bucket), so that refreshes count it all again; record the time zone it is
    counted in. Does not commit."""
    assert site.id is not None
    connection = session.connection()
    _site_state(session, now_ms, site)  # first: refreshes of the site wait behind it
    connection.execute(delete(CHART_ROLLUP_TABLE).where(CHART_ROLLUP_TABLE.c.site_id == site.id))
    connection.execute(
        delete(CHART_ROLLUP_HOUR_TABLE).where(CHART_ROLLUP_HOUR_TABLE.c.site_id == site.id)
    )
    days = connection.execute(
        select((_E.placed_ms // DAY_MS).label("utc_day"))
        .where(_E.site_id == site.id, _E.placed_ms.is_not(None))
        .distinct()
    ).scalars()
    marks = RollupMarks({(site.id, int(day)) for day in days})
    undated = connection.execute(
        select(_E.id).where(_E.site_id == site.id, _E.placed_ms.is_(None)).limit(1)
    ).first()
    if undated is not None:
        marks.days.add((site.id, UNDATED_MARK))
    marks.write(session, now_ms)


def rebuild_sites(session: Session, *, site_ids: Sequence[int] | None, now_ms: int) -> int:
    """Throw away the named sites' rollups (every site's when None) and count them
    again from the raw events, whole; how many sites. Does not commit."""
    query = select(Site).order_by(Site.id)  # type: ignore[arg-type]
    if site_ids is not None:
        query = query.where(Site.id.in_(sorted(site_ids)))  # type: ignore[union-attr]
    sites = list(session.scalars(query))
    for site in sites:
        mark_whole_site(session, site, now_ms=now_ms)
    refresh(session, now_ms=now_ms, site_ids=[site.id for site in sites if site.id is not None])
    return len(sites)


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: sites it marked whole (never built, or their zone changed),
    local days counted again, and marked days it left for the next refresh."""

    rebuilt: int = 0
    days: int = 0
    left: int = 0


def _stale_sites(session: Session, site_ids: Sequence[int] | None) -> list[Site]:
    state = CHART_ROLLUP_SITE_TABLE.c
    query = (
        select(Site)
        .outerjoin(CHART_ROLLUP_SITE_TABLE, state.site_id == Site.id)
        .where(or_(state.site_id.is_(None), state.timezone != Site.timezone))
        .order_by(Site.id)  # type: ignore[arg-type]
    )
    if site_ids is not None:
        query = query.where(Site.id.in_(sorted(site_ids)))  # type: ignore[union-attr]
    return list(session.scalars(query))


def sites_to_refresh(session: Session) -> list[int]:
    """The sites whose rollup is not up to date: never built, zone changed, or marked."""
    marked = (
        session.connection().execute(select(CHART_ROLLUP_MARK_TABLE.c.site_id).distinct()).scalars()
    )
    stale = {site.id for site in _stale_sites(session, None) if site.id is not None}
    return sorted(stale | set(marked))


def refresh(
    session: Session,
    *,
    now_ms: int,
    site_ids: Sequence[int] | None = None,
    max_days: int | None = None,
) -> Refreshed:
    """Bring the rollup of the named sites (every site when None) up to date with
    the raw events (does not commit). A site never built (or whose zone changed) has
    every day marked first. With `max_days`, at most that many marked UTC days are
    counted, the newest first; the rest stay marked."""
    stale = _stale_sites(session, site_ids)
    for site in stale:
        mark_whole_site(session, site, now_ms=now_ms)
    marks = CHART_ROLLUP_MARK_TABLE.c
    connection = session.connection()
    query = select(marks.site_id, marks.utc_day).order_by(marks.site_id, marks.utc_day.desc())
    if site_ids is not None:
        query = query.where(marks.site_id.in_(sorted(site_ids)))
    pending = connection.execute(query).all()
    left = 0
    if max_days is not None and len(pending) > max_days:
        left = len(pending) - max_days
        pending = pending[:max_days]
    if not pending:
        return Refreshed(rebuilt=len(stale), left=left)
    by_site: dict[int, list[int]] = defaultdict(list)
    for site_id, utc_day in pending:
        by_site[site_id].append(utc_day)
    days = 0
    state = CHART_ROLLUP_SITE_TABLE.c
    for site_id, utc_days in sorted(by_site.items()):
        # One refresh of a site at a time (PostgreSQL; SQLite has one writer anyway):
        # two counting the same local day would both insert its rows.
        connection.execute(select(state.site_id).where(state.site_id == site_id).with_for_update())
        # Then the marks: the write lock (SQLite), or a wait for pushes holding them.
        taken = connection.execute(
            delete(CHART_ROLLUP_MARK_TABLE)
            .where(marks.site_id == site_id, marks.utc_day.in_(utc_days))
            .returning(marks.utc_day)
        ).all()
        marked = session.get(Site, site_id)
        if marked is None or not taken:
            continue
        zone = ZoneInfo(marked.timezone)
        local: set[date] = set()
        undated = False
        for (utc_day,) in taken:
            if utc_day == UNDATED_MARK:
                undated = True
            else:
                local |= _local_days(zone, utc_day)
        days += recount_days(session, marked, local, undated=undated)
    return Refreshed(rebuilt=len(stale), days=days, left=left)
