"""An organiser's prompts after they are written: where and when they run, their
states (lock, close, archive, reveal), their words, and the daily calendar.

Keyword-only functions that commit, as in server/crud.py (which creates prompts and
answers "which prompt runs here now"). The rules are in docs/prompts.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from server import crud
from server.errors import InvalidInput, NotFound
from server.models import Event, Prompt, PromptCreate, PromptRun, Site

# A daily prompt starts at this site-local time and runs until the next morning.
MORNING = time(6, 0)
# What changes after people have answered would change what their answers meant.
ANSWER_FIELDS = frozenset({"kind", "emoji", "options"})


class PromptState(StrEnum):
    """Where a prompt stands for the organiser's lists (docs/prompts.md, "States")."""

    # Shown now at one site or more (it is the newest-started prompt running there).
    LIVE = "live"
    # Inside its span somewhere, but a newer-started prompt shows there instead.
    WAITING = "waiting"
    # Starts later at one site or more, and is not live anywhere yet.
    UPCOMING = "upcoming"
    # Every run is over (or it was closed).
    ENDED = "ended"
    ARCHIVED = "archived"


STATE_ORDER = (
    PromptState.LIVE,
    PromptState.UPCOMING,
    PromptState.WAITING,
    PromptState.ENDED,
    PromptState.ARCHIVED,
)


@dataclass(frozen=True)
class Run:
    """One site's span of a prompt, with the site's slug and name."""

    site_id: int
    site_slug: str
    site_name: str
    site_timezone: str
    start_ms: int
    end_ms: int | None

    def covers(self, at_ms: int) -> bool:
        return self.start_ms <= at_ms and (self.end_ms is None or at_ms < self.end_ms)


@dataclass(frozen=True)
class PromptRow:
    """A prompt as the organiser's list shows it."""

    prompt: Prompt
    runs: list[Run]
    state: PromptState
    # Slugs of the sites showing it now.
    live_at: list[str]

    @property
    def id(self) -> int:
        assert self.prompt.id is not None
        return self.prompt.id


def get_prompt(*, session: Session, prompt_id: int) -> Prompt:
    """The prompt with this id; NotFound otherwise."""
    prompt = session.get(Prompt, prompt_id)
    if prompt is None:
        raise NotFound(f"no prompt {prompt_id}")
    return prompt


def runs_of(session: Session, prompt_ids: Iterable[int]) -> dict[int, list[Run]]:
    """prompt id -> its runs (by site slug), for the named prompts."""
    ids = sorted(set(prompt_ids))
    found: dict[int, list[Run]] = {prompt_id: [] for prompt_id in ids}
    if not ids:
        return found
    rows = session.exec(
        select(PromptRun, Site)
        .join(Site, col(Site.id) == col(PromptRun.site_id))
        .where(col(PromptRun.prompt_id).in_(ids))
        .order_by(col(Site.slug))
    ).all()
    for run, site in rows:
        assert site.id is not None
        found[run.prompt_id].append(
            Run(site.id, site.slug, site.name, site.timezone, run.start_ms, run.end_ms)
        )
    return found


def _current_ids(session: Session, now_ms: int) -> dict[int, int]:
    """site id -> the id of the prompt it shows now."""
    shown: dict[int, int] = {}
    for site in crud.list_sites(session=session):
        assert site.id is not None
        prompt = crud.current_prompt(session=session, site_id=site.id, now_ms=now_ms)
        if prompt is not None and prompt.id is not None:
            shown[site.id] = prompt.id
    return shown


def state_of(
    prompt: Prompt, runs: Sequence[Run], live_at: Sequence[str], now_ms: int
) -> PromptState:
    """The prompt's state at `now_ms`, given its runs and the sites showing it."""
    if prompt.archived_ms is not None:
        return PromptState.ARCHIVED
    if live_at:
        return PromptState.LIVE
    if any(run.covers(now_ms) for run in runs):
        return PromptState.WAITING
    if any(run.start_ms > now_ms and run.end_ms != run.start_ms for run in runs):
        return PromptState.UPCOMING
    return PromptState.ENDED


def list_prompts(
    *, session: Session, now_ms: int, archived: bool = False
) -> dict[PromptState, list[PromptRow]]:
    """Every prompt by state (archived ones only when asked), newest first in each."""
    query = select(Prompt).order_by(col(Prompt.created_ms).desc(), col(Prompt.id).desc())
    if not archived:
        query = query.where(col(Prompt.archived_ms).is_(None))
    prompts = list(session.exec(query).all())
    runs = runs_of(session, [prompt.id for prompt in prompts if prompt.id is not None])
    shown = _current_ids(session, now_ms)
    slugs = {run.site_id: run.site_slug for rows in runs.values() for run in rows}
    lists: dict[PromptState, list[PromptRow]] = {state: [] for state in STATE_ORDER}
    for prompt in prompts:
        assert prompt.id is not None
        live_at = sorted(slugs[site] for site, shown_id in shown.items() if shown_id == prompt.id)
        state = state_of(prompt, runs[prompt.id], live_at, now_ms)
        lists[state].append(PromptRow(prompt, runs[prompt.id], state, live_at))
    return lists


def prompt_row(*, session: Session, prompt_id: int, now_ms: int) -> PromptRow:
    """One prompt as the organiser's list shows it; NotFound otherwise."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    runs = runs_of(session, [prompt_id])[prompt_id]
    live_at = sorted(
        run.site_slug
        for run in runs
        if (shown := crud.current_prompt(session=session, site_id=run.site_id, now_ms=now_ms))
        is not None
        and shown.id == prompt_id
    )
    return PromptRow(prompt, runs, state_of(prompt, runs, live_at, now_ms), live_at)


def _save(session: Session, prompt: Prompt) -> Prompt:
    session.add(prompt)
    session.commit()
    session.refresh(prompt)
    return prompt


def _not_archived(prompt: Prompt, doing: str) -> None:
    if prompt.archived_ms is not None:
        raise InvalidInput(f"prompt {prompt.id} is archived: restore it before you {doing} it")


def lock(*, session: Session, prompt_id: int, now_ms: int) -> Prompt:
    """Keep showing the prompt, with its results, but take no answer made from now on
    (idempotent: a second lock keeps the first time)."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    _not_archived(prompt, "lock")
    if prompt.locked_ms is None:
        prompt.locked_ms = now_ms
    return _save(session, prompt)


def unlock(*, session: Session, prompt_id: int) -> Prompt:
    """Take answers again (answers refused while it was locked stay refused)."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    _not_archived(prompt, "unlock")
    prompt.locked_ms = None
    return _save(session, prompt)


def reveal(*, session: Session, prompt_id: int, revealed: bool = True) -> Prompt:
    """Show (or hide again) the prompt's tallies on the wall; the counts are kept either way."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    prompt.results_revealed = revealed
    return _save(session, prompt)


def _end_runs(session: Session, prompt_id: int, now_ms: int) -> None:
    """End every run of the prompt at `now_ms`: running ones now, later ones before they start."""
    for run in session.exec(select(PromptRun).where(PromptRun.prompt_id == prompt_id)).all():
        if run.end_ms is None or run.end_ms > now_ms:
            run.end_ms = max(run.start_ms, now_ms)
            session.add(run)


def close(*, session: Session, prompt_id: int, now_ms: int) -> Prompt:
    """End the prompt now at every site (a run that had not started never will). Its
    answers and tallies stay; the older prompt still running at a site shows again."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    _not_archived(prompt, "close")
    _end_runs(session, prompt_id, now_ms)
    if prompt.closed_ms is None:
        prompt.closed_ms = now_ms
    return _save(session, prompt)


def archive(*, session: Session, prompt_id: int, now_ms: int) -> Prompt:
    """Take the prompt off the organiser's lists (closing it first if it runs or
    would); its answers, tallies and schedule stay for history and charts."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    if prompt.archived_ms is not None:
        return prompt
    _end_runs(session, prompt_id, now_ms)
    if prompt.closed_ms is None:
        prompt.closed_ms = now_ms
    prompt.archived_ms = now_ms
    return _save(session, prompt)


def restore(*, session: Session, prompt_id: int) -> Prompt:
    """Back on the lists, ended: schedule it again to run it again."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    prompt.archived_ms = None
    return _save(session, prompt)


def set_runs(*, session: Session, prompt_id: int, runs: crud.Runs) -> Prompt:
    """Replace where and when the prompt runs (site slug -> (start, end)). A closed
    prompt given runs that are not over is open again. Reactions are taken only at
    the sites it runs at, so a site removed here refuses its kiosks' late answers."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    _not_archived(prompt, "schedule")
    if not runs:
        raise InvalidInput("prompt: name at least one site it runs at")
    sites = [crud.get_site(session=session, slug=slug) for slug in runs]
    crud.check_translations(prompt, sites)
    spans = [crud.check_span(slug, *span) for slug, span in runs.items()]
    for old in session.exec(select(PromptRun).where(PromptRun.prompt_id == prompt_id)).all():
        session.delete(old)
    session.flush()
    for site, (start, end) in zip(sites, spans, strict=True):
        assert site.id is not None
        session.add(PromptRun(prompt_id=prompt_id, site_id=site.id, start_ms=start, end_ms=end))
    prompt.closed_ms = None
    return _save(session, prompt)


def has_answers(session: Session, prompt_id: int) -> bool:
    """Has any kiosk answered (or noted, or doodled on) this prompt?"""
    found = session.exec(select(Event.id).where(Event.prompt_id == prompt_id).limit(1)).first()
    return found is not None


def update_prompt(*, session: Session, prompt_id: int, **changes: object) -> Prompt:
    """Change the prompt's words (text, texts, option_texts, follow_up) at any time, and
    its answers (kind, emoji, options) only while nobody has answered it."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    _not_archived(prompt, "change")
    touched = sorted(ANSWER_FIELDS & {name for name, value in changes.items()
                                      if value != getattr(prompt, name)})  # fmt: skip
    if touched and has_answers(session, prompt_id):
        raise InvalidInput(
            f"prompt {prompt_id} has answers: its {', '.join(touched)} cannot change "
            "(write a new prompt instead)"
        )
    held = prompt.model_dump(include=set(PromptCreate.model_fields))
    rules = crud.validated(PromptCreate, "prompt", **{**held, **changes})
    sites = [run.site_slug for run in runs_of(session, [prompt_id])[prompt_id]]
    home = session.get(Site, prompt.site_id)
    assert home is not None
    others = [crud.get_site(session=session, slug=slug) for slug in sites if slug != home.slug]
    crud.check_translations(rules, [home, *others])
    return crud.apply_changes(session, prompt, PromptCreate, "prompt", changes)


# -- the daily calendar ------------------------------------------------------------------


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
    *, session: Session, first_day: date, days: int, site_slugs: Sequence[str] | None = None
) -> list[CalendarRow]:
    """Sites x days: the prompt each site shows at each day's morning (the rule of
    crud.current_prompt, applied to one read of the runs in the window)."""
    if site_slugs is None:
        sites = crud.list_sites(session=session)
    else:
        sites = [crud.get_site(session=session, slug=slug) for slug in site_slugs]
    rows: list[CalendarRow] = []
    for site in sites:
        assert site.id is not None
        # The morning before the first day too, to tell a repeat on the first day.
        mornings = [morning_ms(site, first_day + timedelta(days=n)) for n in range(-1, days)]
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
