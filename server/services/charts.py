"""The dashboard's chart figures for some sites over a range of local days.

Read from the rollup (models_charts.py, kept by services/rollup.py), never from the
raw events, so a year of a busy site is a few thousand rows: four grouped queries
whatever the history (bench/fig_dashboard_stats.py). Days are each site's own local
days; undated events are counted apart, for all time, never spread over days.
What each figure counts is in docs/charts.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from server.models import Prompt, Site
from server.models_charts import (
    CHART_ROLLUP_HOUR_TABLE,
    CHART_ROLLUP_TABLE,
    HOUR_PEOPLE,
    HOUR_TEMPERATURE,
    UNDATED_DAY,
)
from server.models_fridge import Fridge
from server.models_prompts import PromptRun
from server.services.replies import ReplyStats, reply_stats
from server.services.rollup_count import day_bounds, day_number, day_of_number
from server.services.tallies import today_at

# Longest range drawn hour by hour (temperature); longer ranges are drawn by day.
HOURLY_DAYS = 7
_R = CHART_ROLLUP_TABLE.c
_H = CHART_ROLLUP_HOUR_TABLE.c


@dataclass(frozen=True)
class ChartFilter:
    """Which sites (None: every site) and which local days, first..last inclusive."""

    site_ids: list[int] | None
    first: date
    last: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Poll:
    """A poll's results over the range: its question, its option labels and counts."""

    prompt_id: int
    text: str
    labels: list[str]
    counts: list[int]


@dataclass(frozen=True)
class TemperaturePoint:
    """Valid readings of one local day (or one hour of it): mean, lowest and highest."""

    day: date
    hour: int | None
    mean: float
    low: float
    high: float

    @property
    def label(self) -> str:
        """`2025-06-21`, or `2025-06-21 05:00` for an hour."""
        if self.hour is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()} {self.hour:02d}:00"


@dataclass(frozen=True)
class TemperatureSeries:
    """One fridge's readings over the range, and the temperature it must stay below."""

    site_name: str
    threshold_c: float
    by_hour: bool
    points: list[TemperaturePoint]


@dataclass(frozen=True)
class FreshPrompt:
    """Whether a site's current prompt was set today, in its own time zone."""

    site_name: str
    fresh: bool


@dataclass(frozen=True)
class Health:
    """Community health: opinion presses, those a note or doodle followed, and more."""

    presses: int
    followed: int
    fresh: list[FreshPrompt]
    # From the replies feature (server/services/replies.py).
    replies: ReplyStats

    @property
    def followed_share(self) -> float | None:
        return None if self.presses == 0 else self.followed / self.presses


@dataclass
class Charts:
    """Every figure the charts page draws, for one filter."""

    days: list[date]
    # Opinion presses of emoji prompts and sliders per day, by emoji.
    reactions: dict[str, list[int]] = field(default_factory=dict)
    # [weekday Monday=0][hour]: reactions (opinion and play), notes and doodles.
    heatmap: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])
    polls: list[Poll] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    doodles: list[int] = field(default_factory=list)
    opinion: list[int] = field(default_factory=list)
    play: list[int] = field(default_factory=list)
    # Drop-offs per day, by fridge (site name), and the items they brought in all.
    dropoffs: dict[str, list[int]] = field(default_factory=dict)
    dropoff_items: dict[str, int] = field(default_factory=dict)
    temperatures: list[TemperatureSeries] = field(default_factory=list)
    health: Health | None = None
    # Undated events of the sites (all time), by type ("reaction", "play", "note"...).
    undated: dict[str, int] = field(default_factory=dict)


def _in_range(chart_filter: ChartFilter, table: Any = _R) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        table.day >= day_number(chart_filter.first),
        table.day <= day_number(chart_filter.last),
    ]
    if chart_filter.site_ids is not None:
        where.append(table.site_id.in_(chart_filter.site_ids))
    return where


def _sites(session: Session, site_ids: Sequence[int] | None) -> list[Site]:
    query = select(Site).order_by(col(Site.name))
    if site_ids is not None:
        query = query.where(col(Site.id).in_(site_ids))
    return list(session.scalars(query))


def _daily(
    session: Session, chart_filter: ChartFilter, charts: Charts, names: dict[int, str]
) -> tuple[int, int]:
    """Everything counted per day, in one grouped query; (presses, followed)."""
    index = {day_number(day): n for n, day in enumerate(chart_filter.days)}
    width = len(chart_filter.days)
    charts.notes = [0] * width
    charts.doodles = [0] * width
    charts.opinion = [0] * width
    charts.play = [0] * width
    poll_counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    presses = followed = 0
    rows = session.connection().execute(
        select(
            _R.site_id,
            _R.day,
            _R.type,
            _R.prompt_id,
            _R.choice,
            _R.play,
            func.sum(_R.n),
            func.sum(_R.followed),
            func.sum(_R.qty),
        )
        .where(*_in_range(chart_filter), _R.type.in_(("reaction", "note", "doodle", "dropoff")))
        .group_by(_R.site_id, _R.day, _R.type, _R.prompt_id, _R.choice, _R.play)
    )
    for site_id, day, type_name, prompt_id, choice, play, n, follows, qty in rows:
        at = index[day]
        count = int(n)
        if type_name == "reaction":
            if play:
                charts.play[at] += count
                continue
            charts.opinion[at] += count
            presses += count
            if choice.startswith("#"):
                poll_counts[prompt_id][choice] += count
            else:
                charts.reactions.setdefault(choice, [0] * width)[at] += count
        elif type_name == "note":
            charts.notes[at] += count
            followed += int(follows)
        elif type_name == "doodle":
            charts.doodles[at] += count
            followed += int(follows)
        else:
            name = names.get(site_id, str(site_id))
            charts.dropoffs.setdefault(name, [0] * width)[at] += count
            charts.dropoff_items[name] = charts.dropoff_items.get(name, 0) + int(qty)
    charts.polls = _polls(session, poll_counts)
    return presses, followed


def _polls(session: Session, counts: dict[int, dict[str, int]]) -> list[Poll]:
    if not counts:
        return []
    prompts = session.scalars(
        select(Prompt).where(col(Prompt.id).in_(sorted(counts))).order_by(col(Prompt.created_ms))
    )
    polls = []
    for prompt in prompts:
        assert prompt.id is not None
        by_choice = counts[prompt.id]
        labels = list(prompt.options)
        polls.append(
            Poll(
                prompt.id,
                prompt.text,
                labels,
                [by_choice.get(f"#{index}", 0) for index in range(len(labels))],
            )
        )
    return polls


def _heatmap(session: Session, chart_filter: ChartFilter, charts: Charts) -> None:
    rows = session.connection().execute(
        select(_H.weekday, _H.hour, func.sum(_H.n))
        .where(_H.kind == HOUR_PEOPLE, *_in_range(chart_filter, _H))
        .group_by(_H.weekday, _H.hour)
    )
    for weekday, hour, n in rows:
        charts.heatmap[weekday][hour] += int(n)


def _temperatures(
    session: Session,
    chart_filter: ChartFilter,
    charts: Charts,
    fridges: dict[int, tuple[str, float]],
) -> None:
    if not fridges:
        return
    by_hour = len(chart_filter.days) <= HOURLY_DAYS
    table = _H if by_hour else _R
    keys = (table.site_id, table.day, table.hour) if by_hour else (table.site_id, table.day)
    kind = table.kind == HOUR_TEMPERATURE if by_hour else table.type == "temperature"
    rows = session.connection().execute(
        select(
            *keys,
            func.min(table.t_min),
            func.max(table.t_max),
            func.sum(table.t_sum),
            func.sum(table.t_n),
        )
        .where(kind, *_in_range(chart_filter, table), table.t_n > 0)
        .where(table.site_id.in_(sorted(fridges)))
        .group_by(*keys)
        .order_by(*keys)
    )
    points: dict[int, list[TemperaturePoint]] = defaultdict(list)
    for row in rows:
        site_id, day = row[0], day_of_number(row[1])
        low, high, total, count = row[-4:]
        hour = int(row[2]) if by_hour else None
        mean = round(float(total) / int(count), 2)
        points[site_id].append(TemperaturePoint(day, hour, mean, float(low), float(high)))
    for site_id, (name, threshold) in sorted(fridges.items(), key=lambda item: item[1][0]):
        if points[site_id]:
            charts.temperatures.append(TemperatureSeries(name, threshold, by_hour, points[site_id]))


def _undated(session: Session, chart_filter: ChartFilter, charts: Charts) -> None:
    where = [_R.day == UNDATED_DAY]
    if chart_filter.site_ids is not None:
        where.append(_R.site_id.in_(chart_filter.site_ids))
    rows = session.connection().execute(
        select(_R.type, _R.play, func.sum(_R.n)).where(*where).group_by(_R.type, _R.play)
    )
    for type_name, play, n in rows:
        name = "play" if play else type_name
        charts.undated[name] = charts.undated.get(name, 0) + int(n)


def _fresh(session: Session, sites: list[Site], now_ms: int) -> list[FreshPrompt]:
    """Per site, whether a prompt started running there during its local today (a
    daily prompt from its morning, or one put up since; docs/prompts.md)."""
    if not sites:
        return []
    run = PromptRun
    newest: dict[int, int] = dict(
        session.connection()
        .execute(
            select(col(run.site_id), func.max(col(run.start_ms)))
            .where(
                col(run.site_id).in_([site.id for site in sites]),
                col(run.start_ms) <= now_ms,
                # A run closed before its start never ran.
                (col(run.end_ms).is_(None)) | (col(run.end_ms) > col(run.start_ms)),
            )
            .group_by(col(run.site_id))
        )
        .all()
    )
    fresh = []
    for site in sites:
        today = today_at(site, now_ms)
        created = None if site.id is None else newest.get(site.id)
        fresh.append(
            FreshPrompt(site.name, created is not None and today.start_ms <= created < today.end_ms)
        )
    return fresh


def build_charts(session: Session, chart_filter: ChartFilter, *, now_ms: int) -> Charts:
    """Every chart's figures for the filter, from the rollup as it stands (the caller
    refreshes it first: services/rollup.py `refresh`)."""
    sites = _sites(session, chart_filter.site_ids)
    names = {site.id: site.name for site in sites if site.id is not None}
    fridges = {
        site_id: (names[site_id], float(threshold))
        for site_id, threshold in session.connection().execute(
            select(col(Fridge.site_id), col(Fridge.warm_above_c)).where(
                col(Fridge.site_id).in_(sorted(names))
            )
        )
    }
    charts = Charts(days=chart_filter.days)
    presses, followed = _daily(session, chart_filter, charts, names)
    _heatmap(session, chart_filter, charts)
    _temperatures(session, chart_filter, charts, fridges)
    _undated(session, chart_filter, charts)
    # One site: its own days; several: the days in UTC (their zones differ).
    zone = ZoneInfo(sites[0].timezone if len(sites) == 1 else "UTC")
    start_ms, end_ms = day_bounds(zone, chart_filter.first, chart_filter.last)
    replies = reply_stats(session, site_ids=chart_filter.site_ids, start_ms=start_ms, end_ms=end_ms)
    charts.health = Health(presses, followed, _fresh(session, sites, now_ms), replies)
    return charts
