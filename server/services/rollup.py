"""The charts' rollup: counting a site's raw events into chart_rollup (models_charts.py).

Everything here counts from the raw events, so the rollup can always be thrown away
and rebuilt (`rebuild_sites`, `storywall admin charts rebuild`). `refresh` brings
it up to date: a site never built (or whose time zone changed) is built whole; then
each marked UTC day (rollup_marks.py) has the one or two local days it overlaps
counted again. The rollup job runs it every minute and the charts page runs it for
the sites it shows, so the charts equal a count of the raw events when they are drawn.

What a row counts (docs/charts.md):
- every event, by type, in the local day and hour it was placed in (undated events
  in the day UNDATED_DAY, apart);
- reactions, notes and doodles also by prompt, and reactions by choice and play;
- `followed` on note and doodle rows: how many followed an opinion press, i.e. the
  same kiosk's previous note, doodle or opinion press (by sequence number) is a
  press of the same boot at most FOLLOW_MS before it (the kiosk's monotonic
  clock), so each followed press is counted once, by the note that followed it;
- `qty` on drop-off rows: the items brought;
- t_min, t_max, t_sum, t_n on temperature rows: valid readings (-30..40 °C).

Concurrency: a refresh deletes the marks it recounts before it reads the events
(DELETE .. RETURNING): on SQLite that takes the write lock first; on PostgreSQL it
waits for a push holding such a mark, and a push that marks a day afterwards keeps
its mark for the next refresh (rollup_marks.RollupMarks.write).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, insert, or_, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from server.models import EVENT_TABLE, Site
from server.models_charts import (
    CHART_ROLLUP_HOUR_TABLE,
    CHART_ROLLUP_MARK_TABLE,
    CHART_ROLLUP_SITE_TABLE,
    CHART_ROLLUP_TABLE,
    HOUR_PEOPLE,
    HOUR_TEMPERATURE,
    UNDATED_DAY,
    UNDATED_MARK,
)
from server.services.food_safety import POSSIBLE_MAX_C, POSSIBLE_MIN_C
from server.services.rollup_marks import DAY_MS, FOLLOW_MS

# Every time zone's offset is a whole number of quarter hours.
_SLOT_MS = 15 * 60_000
INTERACTIONS = ("reaction", "note", "doodle")
FOLLOW_UPS = frozenset({"note", "doodle"})
_PROMPTED = frozenset(INTERACTIONS)
_E = EVENT_TABLE.c
# Rows streamed per fetch when a whole site is counted.
_STREAM_ROWS = 20_000


@lru_cache(maxsize=200_000)
def _local(zone_name: str, slot: int) -> tuple[int, int, int]:
    """(YYYYMMDD, hour, weekday) of the local quarter hour starting at slot * 15 min."""
    moment = datetime.fromtimestamp(slot * _SLOT_MS / 1000, tz=ZoneInfo(zone_name))
    return moment.year * 10_000 + moment.month * 100 + moment.day, moment.hour, moment.weekday()


def day_number(day: date) -> int:
    """A local date as the rollup's `day` (YYYYMMDD)."""
    return day.year * 10_000 + day.month * 100 + day.day


def day_of_number(number: int) -> date:
    """The rollup's `day` as a date."""
    return date(number // 10_000, number // 100 % 100, number % 100)


def day_bounds(zone: ZoneInfo, first: date, last: date) -> tuple[int, int]:
    """[start, end) in epoch ms of the local days first..last (DST-aware)."""
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


@dataclass
class _Cell:
    n: int = 0
    followed: int = 0
    qty: int = 0
    t_min: float | None = None
    t_max: float | None = None
    t_sum: float = 0.0
    t_n: int = 0

    def reading(self, value: float) -> None:
        self.t_n += 1
        self.t_sum += value
        self.t_min = value if self.t_min is None else min(self.t_min, value)
        self.t_max = value if self.t_max is None else max(self.t_max, value)


# (day, type, prompt_id, choice, play)
_Key = tuple[int, str, int, str, bool]
# (kind, day, hour)
_HourKey = tuple[str, int, int]


@dataclass
class _Counts:
    cells: dict[_Key, _Cell] = field(default_factory=dict)
    hours: dict[_HourKey, _Cell] = field(default_factory=dict)
    # day -> weekday
    weekdays: dict[int, int] = field(default_factory=dict)
    # (kiosk, seq) of each note and doodle -> its key, for `followed`.
    follow_ups: dict[tuple[str, int], _Key] = field(default_factory=dict)


def _items(payload: Any) -> int:
    items = payload.get("items") if isinstance(payload, dict) else None
    if not isinstance(items, dict):
        return 0
    return sum(int(count) for count in items.values() if isinstance(count, int))


def _count_events(
    session: Session, site_id: int, zone_name: str, where: Any, counts: _Counts
) -> None:
    """Add the site's events matching `where` to `counts`, streamed."""
    celsius = case((_E.type == "temperature", _E.payload["celsius"].as_float()), else_=None)
    dropoff = case((_E.type == "dropoff", _E.payload), else_=None)
    query = select(
        _E.type,
        _E.placed_ms,
        _E.prompt_id,
        _E.choice,
        _E.play,
        _E.kiosk_id,
        _E.seq,
        celsius,
        dropoff,
    ).where(_E.site_id == site_id, where)
    result = session.connection().execute(query.execution_options(yield_per=_STREAM_ROWS))
    cells, hours, weekdays = counts.cells, counts.hours, counts.weekdays
    for type_name, placed_ms, prompt_id, choice, play, kiosk_id, seq, reading, payload in result:
        if placed_ms is None:
            day, hour = UNDATED_DAY, -1
            weekdays[day] = 0
        else:
            day, hour, weekdays[day] = _local(zone_name, placed_ms // _SLOT_MS)
        people = type_name in _PROMPTED
        if people:
            key = (day, type_name, prompt_id or 0, choice or "", bool(play))
        else:
            key = (day, type_name, 0, "", False)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = _Cell()
        cell.n += 1
        hourly: _Cell | None = None
        if hour >= 0 and (people or type_name == "temperature"):
            hour_key = (HOUR_PEOPLE if people else HOUR_TEMPERATURE, day, hour)
            hourly = hours.get(hour_key)
            if hourly is None:
                hourly = hours[hour_key] = _Cell()
            hourly.n += 1
        if type_name in FOLLOW_UPS:
            counts.follow_ups[(kiosk_id, seq)] = key
        elif reading is not None:
            value = float(reading)
            if POSSIBLE_MIN_C <= value <= POSSIBLE_MAX_C:
                cell.reading(value)
                if hourly is not None:
                    hourly.reading(value)
        elif payload is not None:
            cell.qty += _items(payload)


_INTERACTION = and_(_E.type.in_(INTERACTIONS), _E.play.is_(False))


def _count_followed(session: Session, counts: _Counts) -> None:
    """Set `followed` on the note and doodle cells: two queries per kiosk with any."""
    by_kiosk: dict[str, list[int]] = defaultdict(list)
    for kiosk_id, seq in counts.follow_ups:
        by_kiosk[kiosk_id].append(seq)
    connection = session.connection()
    columns = (_E.seq, _E.boot_id, _E.mono_ms, _E.type)
    for kiosk_id, seqs in sorted(by_kiosk.items()):
        low, high = min(seqs), max(seqs)
        mine = and_(_E.kiosk_id == kiosk_id, _INTERACTION)
        before = connection.execute(
            select(*columns).where(mine, _E.seq < low).order_by(_E.seq.desc()).limit(1)
        ).all()
        between = connection.execute(
            select(*columns).where(mine, _E.seq >= low, _E.seq <= high).order_by(_E.seq)
        ).all()
        walk = [*before, *between]
        order = [row[0] for row in walk]
        for seq in seqs:
            at = bisect_left(order, seq)
            if at == 0:
                continue
            _, boot_id, mono_ms, _type = walk[at]
            _, prev_boot, prev_mono, prev_type = walk[at - 1]
            close = prev_boot == boot_id and mono_ms - prev_mono <= FOLLOW_MS
            if prev_type == "reaction" and close:
                counts.cells[counts.follow_ups[(kiosk_id, seq)]].followed += 1


def _readings(cell: _Cell) -> dict[str, Any]:
    return {
        "t_min": cell.t_min,
        "t_max": cell.t_max,
        "t_sum": cell.t_sum if cell.t_n else None,
        "t_n": cell.t_n,
    }


def _write(session: Session, site_id: int, counts: _Counts) -> None:
    _count_followed(session, counts)
    weekdays = counts.weekdays
    daily = [
        {
            "site_id": site_id,
            "day": day,
            "type": type_name,
            "prompt_id": prompt_id,
            "choice": choice,
            "play": play,
            "weekday": weekdays[day],
            "n": cell.n,
            "followed": cell.followed,
            "qty": cell.qty,
            **_readings(cell),
        }
        for (day, type_name, prompt_id, choice, play), cell in counts.cells.items()
    ]
    hourly = [
        {
            "site_id": site_id,
            "kind": kind,
            "day": day,
            "hour": hour,
            "weekday": weekdays[day],
            "n": cell.n,
            **_readings(cell),
        }
        for (kind, day, hour), cell in counts.hours.items()
    ]
    connection = session.connection()
    if daily:
        connection.execute(insert(CHART_ROLLUP_TABLE), daily)
    if hourly:
        connection.execute(insert(CHART_ROLLUP_HOUR_TABLE), hourly)


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
    counts = _Counts()
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
        _count_events(session, site.id, site.timezone, where, counts)
        counted += (last - first).days + 1
    if undated:
        connection.execute(
            delete(CHART_ROLLUP_TABLE).where(rollup.site_id == site.id, rollup.day == UNDATED_DAY)
        )
        _count_events(session, site.id, site.timezone, _E.placed_ms.is_(None), counts)
    _write(session, site.id, counts)
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


def rebuild_site(session: Session, site: Site, *, now_ms: int) -> None:
    """Throw the site's rollup away and count it whole from its raw events (does not
    commit). Its marks go first: anything pushed after them marks again."""
    assert site.id is not None
    connection = session.connection()
    connection.execute(
        delete(CHART_ROLLUP_MARK_TABLE).where(CHART_ROLLUP_MARK_TABLE.c.site_id == site.id)
    )
    connection.execute(delete(CHART_ROLLUP_TABLE).where(CHART_ROLLUP_TABLE.c.site_id == site.id))
    connection.execute(
        delete(CHART_ROLLUP_HOUR_TABLE).where(CHART_ROLLUP_HOUR_TABLE.c.site_id == site.id)
    )
    counts = _Counts()
    _count_events(session, site.id, site.timezone, true(), counts)
    _write(session, site.id, counts)
    _site_state(session, now_ms, site)


def rebuild_sites(session: Session, *, site_ids: Sequence[int] | None, now_ms: int) -> int:
    """Rebuild the named sites' rollups (every site's when None); how many. Does not commit."""
    query = select(Site).order_by(Site.id)  # type: ignore[arg-type]
    if site_ids is not None:
        query = query.where(Site.id.in_(sorted(site_ids)))  # type: ignore[union-attr]
    sites = list(session.scalars(query))
    for site in sites:
        rebuild_site(session, site, now_ms=now_ms)
    return len(sites)


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: sites built whole, local days counted again, and marked
    days it left for the next refresh (over `max_days`)."""

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
    the raw events (does not commit). With `max_days`, at most that many marked
    UTC days are counted; the rest stay marked."""
    stale = _stale_sites(session, site_ids)
    for site in stale:
        rebuild_site(session, site, now_ms=now_ms)
    marks = CHART_ROLLUP_MARK_TABLE.c
    connection = session.connection()
    query = select(marks.site_id, marks.utc_day).order_by(marks.site_id, marks.utc_day)
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
    for site_id, utc_days in sorted(by_site.items()):
        # Taken first: the write lock (SQLite), or a wait for pushes holding them.
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
