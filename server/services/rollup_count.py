"""Counting a site's raw events into the charts' rollup rows (used by rollup.py).

What a row counts (docs/charts.md):
- every event, by type, on the local day it was placed (undated events in the day
  UNDATED_DAY, apart); reactions, notes and doodles also by prompt, and reactions
  by choice and play;
- `followed` on note and doodle rows: how many followed an opinion press, i.e. the
  same kiosk's previous note, doodle or opinion press (by sequence number) is a
  press of the same boot at most FOLLOW_MS before it (the kiosk's monotonic
  clock), so each followed press is counted once, by the note that followed it;
- `qty` on drop-off rows: the items brought;
- t_min, t_max, t_sum, t_n on temperature rows: valid readings (-30..40 °C);
- per local hour (chart_rollup_hour): reactions, notes and doodles together
  (HOUR_PEOPLE), and temperature readings (HOUR_TEMPERATURE).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, insert, select
from sqlmodel import Session

from server.models import EVENT_TABLE
from server.models_charts import (
    CHART_ROLLUP_HOUR_TABLE,
    CHART_ROLLUP_TABLE,
    HOUR_PEOPLE,
    HOUR_TEMPERATURE,
    UNDATED_DAY,
)
from server.services.food_safety import POSSIBLE_MAX_C, POSSIBLE_MIN_C
from server.services.rollup_marks import FOLLOW_MS

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
class Counts:
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


def count_events(
    session: Session, site_id: int, zone_name: str, where: Any, counts: Counts
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


def _count_followed(session: Session, counts: Counts) -> None:
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


def write_counts(session: Session, site_id: int, counts: Counts) -> None:
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
