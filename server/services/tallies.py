"""Counting answers: one place for every tally the hub shows or sends.

Opinion only: presses flagged as play are counted apart and never in a tally.
Keys are reaction.choice_key (an emoji, or "#<index>" of a poll option); "today" is
the calendar day in the site's time zone (docs/decisions.md, "Time").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, literal
from sqlmodel import Session, col, select

from server.events.reaction import prompt_choices
from server.models import Event, Prompt, Site

# No answer is named this: a choice key is an emoji or "#<index>".
PLAY_GROUP = "play"


@dataclass(frozen=True)
class Today:
    """A site's calendar day and its [start, end) in epoch ms."""

    day: date
    start_ms: int
    end_ms: int


def today_at(site: Site, now_ms: int) -> Today:
    """Today in the site's zone (23 or 25 hours long around DST)."""
    zone = ZoneInfo(site.timezone)
    day = datetime.fromtimestamp(now_ms / 1000, tz=UTC).astimezone(zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return Today(day, int(start.timestamp() * 1000), int(end.timestamp() * 1000))


def answer_keys(prompt: Prompt) -> list[str]:
    """The prompt's answers as tally keys, in button order."""
    return prompt_choices(prompt.kind, prompt.emoji, prompt.options)


def _site(prompt: Prompt, site_id: int | None) -> int:
    # A prompt may run at several sites; each site's wall and kiosks count their own.
    return prompt.site_id if site_id is None else site_id


@dataclass(frozen=True)
class PromptCounts:
    """Everything the wall counts for one prompt."""

    # Opinion, by choice key, every answer present (0 when nobody chose it).
    today: dict[str, int]
    total: dict[str, int]
    # Opinion the hub cannot place in time yet: in totals only.
    undated: int
    play_today: int
    play_total: int


def prompt_counts(
    session: Session, prompt: Prompt, today: Today, *, site_id: int | None = None
) -> PromptCounts:
    """Today's and all-time counts of a prompt at one site (its own by default): one
    grouped query over the tally index (site, prompt)."""
    placed = col(Event.placed_ms)
    in_today = case(
        (placed.is_not(None) & (placed >= today.start_ms) & (placed < today.end_ms), 1), else_=0
    )
    undated = case((placed.is_(None), 1), else_=0)
    # Play presses form one group of their own, whatever button was mashed.
    group = case((col(Event.play), literal(PLAY_GROUP)), else_=col(Event.choice))
    rows = session.exec(
        select(
            group,
            func.count(),
            func.coalesce(func.sum(in_today), 0),
            func.coalesce(func.sum(undated), 0),
        )
        .where(Event.site_id == _site(prompt, site_id), Event.prompt_id == prompt.id)
        .group_by(group)
    ).all()
    keys = answer_keys(prompt)
    day = dict.fromkeys(keys, 0)
    total = dict.fromkeys(keys, 0)
    nodate = play_today = play_total = 0
    for choice, count, count_today, count_undated in rows:
        if choice == PLAY_GROUP:
            play_today, play_total = int(count_today), int(count)
        elif choice in total:
            day[choice] += int(count_today)
            total[choice] += int(count)
            nodate += int(count_undated)
    return PromptCounts(day, total, nodate, play_today, play_total)


@dataclass(frozen=True)
class TodayCounts:
    """Today's opinion by choice key (every answer present) and today's play presses."""

    tallies: dict[str, int]
    play: int


def today_counts(
    session: Session, prompt: Prompt, today: Today, *, site_id: int | None = None
) -> TodayCounts:
    """Today's counts of a prompt at one site (its own by default): a range over the
    tally index, today's rows only, so a kiosk's config pull costs the same on the
    first day and the thousandth."""
    group = case((col(Event.play), literal(PLAY_GROUP)), else_=col(Event.choice))
    rows = session.exec(
        select(group, func.count())
        .where(
            Event.site_id == _site(prompt, site_id),
            Event.prompt_id == prompt.id,
            col(Event.placed_ms) >= today.start_ms,
            col(Event.placed_ms) < today.end_ms,
        )
        .group_by(group)
    ).all()
    tallies = dict.fromkeys(answer_keys(prompt), 0)
    play = 0
    for choice, count in rows:
        if choice == PLAY_GROUP:
            play = int(count)
        elif choice in tallies:
            tallies[choice] = int(count)
    return TodayCounts(tallies, play)
