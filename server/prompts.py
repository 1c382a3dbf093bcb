"""An organiser's prompts after they are written: where and when they run, their
states (lock, close, archive, reveal) and their words (the daily calendar is
server/prompt_calendar.py).

Keyword-only functions that commit, as in server/crud.py (which creates prompts and
answers "which prompt runs here now"). The rules are in docs/prompts.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from server import crud
from server.errors import InvalidInput, NotFound
from server.models import Event, Prompt, PromptCreate, Site
from server.models_prompts import PromptRun

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
    sites, spans = _checked_runs(session, runs)
    crud.check_translations(prompt, _with_home(session, prompt, sites))
    _replace_runs(session, prompt, sites, spans)
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
    sites = [crud.get_site(session=session, slug=run.site_slug) for run in _runs(session, prompt)]
    _checked_changes(session, prompt, changes, sites)
    return crud.apply_changes(session, prompt, PromptCreate, "prompt", changes)


def edit_prompt(
    *,
    session: Session,
    prompt_id: int,
    runs: crud.Runs,
    results_revealed: bool,
    **changes: object,
) -> Prompt:
    """The dashboard's edit, all or nothing: the words (and the answers while nobody
    has answered), where and when it runs, and whether the wall shows its results."""
    prompt = get_prompt(session=session, prompt_id=prompt_id)
    _not_archived(prompt, "change")
    sites, spans = _checked_runs(session, runs)
    rules = _checked_changes(session, prompt, changes, sites)
    for name in changes:
        setattr(prompt, name, getattr(rules, name))
    prompt.results_revealed = results_revealed
    _replace_runs(session, prompt, sites, spans)
    return _save(session, prompt)


def _runs(session: Session, prompt: Prompt) -> list[Run]:
    assert prompt.id is not None
    return runs_of(session, [prompt.id])[prompt.id]


def _checked_runs(
    session: Session, runs: crud.Runs
) -> tuple[list[Site], list[tuple[int, int | None]]]:
    if not runs:
        raise InvalidInput("prompt: name at least one site it runs at")
    sites = [crud.get_site(session=session, slug=slug) for slug in runs]
    spans = [crud.check_span(slug, *span) for slug, span in runs.items()]
    return sites, spans


def _with_home(session: Session, prompt: Prompt, sites: Sequence[Site]) -> list[Site]:
    """The prompt's own site first (its text is in that site's first language)."""
    home = session.get(Site, prompt.site_id)
    assert home is not None
    return [home, *(site for site in sites if site.id != home.id)]


def _checked_changes(
    session: Session, prompt: Prompt, changes: dict[str, object], sites: Sequence[Site]
) -> PromptCreate:
    """The prompt as it would be after `changes`, checked; InvalidInput otherwise."""
    assert prompt.id is not None
    unknown = set(changes) - set(PromptCreate.model_fields)
    if unknown:
        raise InvalidInput(f"prompt: cannot change {', '.join(sorted(unknown))}")
    touched = sorted(
        name for name in ANSWER_FIELDS & set(changes) if changes[name] != getattr(prompt, name)
    )
    if touched and has_answers(session, prompt.id):
        raise InvalidInput(
            f"prompt {prompt.id} has answers: its {', '.join(touched)} cannot change "
            "(write a new prompt instead)"
        )
    held = prompt.model_dump(include=set(PromptCreate.model_fields))
    rules = crud.validated(PromptCreate, "prompt", **{**held, **changes})
    crud.check_translations(rules, _with_home(session, prompt, sites))
    return rules


def _replace_runs(
    session: Session,
    prompt: Prompt,
    sites: Sequence[Site],
    spans: Sequence[tuple[int, int | None]],
) -> None:
    """The prompt's runs replaced, without committing; a closed prompt is open again."""
    assert prompt.id is not None
    for old in session.exec(select(PromptRun).where(PromptRun.prompt_id == prompt.id)).all():
        session.delete(old)
    session.flush()
    for site, (start, end) in zip(sites, spans, strict=True):
        assert site.id is not None
        session.add(PromptRun(prompt_id=prompt.id, site_id=site.id, start_ms=start, end_ms=end))
    prompt.closed_ms = None
