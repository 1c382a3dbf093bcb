"""The daily prompt calendar: a site's morning, a prompt for one day at several sites,
and sites by days with what each shows every morning (docs/prompts.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from server import crud
from server.errors import InvalidInput
from server.models import Prompt, Site
from server.models_prompts import PromptRun

# A daily prompt starts at this site-local time and runs until the next morning.
MORNING = time(6, 0)


def morning_ms(site: Site, day: date) -> int:
    """MORNING on `day` in the site's time zone, in epoch ms."""
    local = datetime.combine(day, MORNING, tzinfo=ZoneInfo(site.timezone))
    return int(local.timestamp() * 1000)


def site_day(site: Site, at_ms: int) -> date:
    """The calendar day at the site at `at_ms`, counted from its morning: before 06:00
    it is still the previous day's prompt that runs."""
    local = datetime.fromtimestamp(at_ms / 1000, tz=UTC).astimezone(ZoneInfo(site.timezone))
    day = local.date()
    return day - timedelta(days=1) if local.time() < MORNING else day


def daily_runs(sites: Sequence[Site], day: date) -> dict[str, tuple[int, int | None]]:
    """Runs for a daily prompt on `day`: each site from its morning to the next."""
    return {
        site.slug: (morning_ms(site, day), morning_ms(site, day + timedelta(days=1)))
        for site in sites
    }


def schedule_daily(
    *,
    session: Session,
    site_slugs: Sequence[str],
    day: date,
    text: str,
    emoji: Sequence[str] = (),
    **more: object,
) -> Prompt:
    """A prompt for `day` at each named site, from its morning to the next morning."""
    if not site_slugs:
        raise InvalidInput("prompt: name at least one site it runs at")
    sites = [crud.get_site(session=session, slug=slug) for slug in site_slugs]
    return crud.create_prompt(
        session=session,
        runs=daily_runs(sites, day),
        text=text,
        emoji=emoji,
        created_ms=None,
        **more,
    )


@dataclass(frozen=True)
class CalendarCell:
    """What a site shows on one day's morning."""

    day: date
    prompt_id: int | None
    text: str | None
    # No prompt at all that morning: the gap an organiser fills.
    gap: bool
    # The same prompt as the morning before: not a fresh question.
    repeat: bool
    locked: bool = False


@dataclass(frozen=True)
class CalendarRow:
    site: Site
    cells: list[CalendarCell]


def calendar(
    *,
    session: Session,
    first_day: date,
    days: int,
    site_slugs: Sequence[str] | None = None,
    now_ms: int | None = None,
) -> list[CalendarRow]:
    """Sites x days: the prompt each site shows at each day's morning (the rule of
    crud.current_prompt, applied to one read of the runs in the window). With `now_ms`,
    a site's current day shows what runs now, once its morning is past: a prompt put
    up at noon fills today."""
    if site_slugs is None:
        sites = crud.list_sites(session=session)
    else:
        sites = [crud.get_site(session=session, slug=slug) for slug in site_slugs]
    rows: list[CalendarRow] = []
    for site in sites:
        assert site.id is not None
        # The morning before the first day too, to tell a repeat on the first day.
        mornings = [morning_ms(site, first_day + timedelta(days=n)) for n in range(-1, days)]
        if now_ms is not None:
            today = (site_day(site, now_ms) - first_day).days + 1
            if 0 < today < len(mornings):
                mornings[today] = max(mornings[today], now_ms)
        runs = session.exec(
            select(PromptRun, Prompt)
            .join(Prompt, col(Prompt.id) == col(PromptRun.prompt_id))
            .where(
                PromptRun.site_id == site.id,
                col(PromptRun.start_ms) <= mornings[-1],
                or_(col(PromptRun.end_ms).is_(None), col(PromptRun.end_ms) > mornings[0]),
            )
        ).all()
        shown: list[Prompt | None] = []
        for at in mornings:
            running = [
                (run.start_ms, prompt.id or 0, prompt)
                for run, prompt in runs
                if run.start_ms <= at and (run.end_ms is None or at < run.end_ms)
            ]
            shown.append(max(running, key=lambda item: item[:2])[2] if running else None)
        cells = []
        for n in range(days):
            before, prompt = shown[n], shown[n + 1]
            cells.append(
                CalendarCell(
                    day=first_day + timedelta(days=n),
                    prompt_id=None if prompt is None else prompt.id,
                    text=None if prompt is None else prompt.text,
                    gap=prompt is None,
                    repeat=prompt is not None and before is not None and before.id == prompt.id,
                    locked=prompt is not None and prompt.locked_ms is not None,
                )
            )
        rows.append(CalendarRow(site, cells))
    return rows


def shown_between(session: Session, site: Site, start_ms: int, end_ms: int) -> list[Prompt]:
    """The prompts the site showed at some time in [start_ms, end_ms), by the rule of
    crud.current_prompt, in the order they first showed (for the weekly poster). What
    shows changes only where a run starts or ends, so those moments are enough."""
    rows = session.exec(
        select(PromptRun, Prompt)
        .join(Prompt, col(Prompt.id) == col(PromptRun.prompt_id))
        .where(
            PromptRun.site_id == site.id,
            col(PromptRun.start_ms) < end_ms,
            or_(col(PromptRun.end_ms).is_(None), col(PromptRun.end_ms) > start_ms),
        )
    ).all()
    moments = sorted(
        {start_ms}
        | {run.start_ms for run, _ in rows if start_ms < run.start_ms < end_ms}
        | {
            run.end_ms
            for run, _ in rows
            if run.end_ms is not None and start_ms < run.end_ms < end_ms
        }
    )
    shown: dict[int, Prompt] = {}
    for at in moments:
        running = [
            (run.start_ms, prompt.id or 0, prompt)
            for run, prompt in rows
            if run.start_ms <= at and (run.end_ms is None or at < run.end_ms)
        ]
        if running:
            prompt = max(running, key=lambda item: item[:2])[2]
            shown.setdefault(prompt.id or 0, prompt)
    return list(shown.values())
