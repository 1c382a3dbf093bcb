"""/dashboard/prompts: an organiser's prompts and polls, and the daily calendar.

The list by state (live, upcoming, waiting, ended; archived on request), a prompt's
page (its words, answers, schedule and sites, and the lock, close, archive and reveal
buttons), the form for a new one, and /dashboard/prompts/calendar (sites by days, the
mornings without a question highlighted). Every change is a POST form with the
session's CSRF token; the rules are server/prompts.py's (docs/prompts.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from server import crud, prompt_calendar, prompts
from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.errors import HubError, NotFound
from server.models import Site
from server.models_accounts import Account
from server.permissions import Permission, allowed
from server.web.dash.tiles import Tile, register_tile
from server.web.dash_auth import CheckedForm, requires
from server.web.dash_render import render_dash
from server.web.prompt_form import (
    DEFAULT_SLIDER,
    PromptForm,
    form_of,
    in_form_words,
    read_form,
)

router = APIRouter(tags=["dashboard"])
Organiser = Annotated[Account, requires(Permission.PROMPTS)]
PAGE = "/dashboard/prompts"
CALENDAR_DAYS = 14
MAX_CALENDAR_DAYS = 62
STATE_WORDS = {
    prompts.PromptState.LIVE: "Live now",
    prompts.PromptState.UPCOMING: "Coming up",
    prompts.PromptState.WAITING: "Waiting behind a newer prompt",
    prompts.PromptState.ENDED: "Ended",
    prompts.PromptState.ARCHIVED: "Archived",
}
# The buttons on a prompt: what each does (server/prompts.py), and its words.
ACTIONS: dict[str, str] = {
    "lock": "Lock answers",
    "unlock": "Take answers again",
    "close": "Close now",
    "archive": "Archive",
    "restore": "Restore",
    "reveal": "Reveal results on the wall",
    "hide": "Hide results on the wall",
}


def local_when(ms: int, timezone: str) -> str:
    """An epoch-ms time in a site's zone, for a person: "Wed 3 Dec, 06:00"."""
    moment = datetime.fromtimestamp(ms / 1000, tz=ZoneInfo(timezone))
    return f"{moment:%a} {moment.day} {moment:%b, %H:%M}"


def _languages(sites: list[Site]) -> list[str]:
    """The translations a form offers: every language of every site but the first's."""
    if not sites:
        return []
    first = sites[0].languages[0]
    return sorted({lang for site in sites for lang in site.languages} - {first})


def _form_page(
    request: Request,
    session: Session,
    account: Account,
    form: PromptForm,
    *,
    prompt_id: int | None = None,
    error: str = "",
    status: int = 200,
    answered: bool = False,
) -> HTMLResponse:
    sites = crud.list_sites(session=session)
    return render_dash(
        request,
        account,
        "dash/prompt_form.html",
        {
            "form": form,
            "sites": sites,
            "languages": _languages(sites),
            "prompt_id": prompt_id,
            "error": error,
            "answered": answered,
            "default_slider": DEFAULT_SLIDER,
        },
        status_code=status,
    )


@router.get("/dashboard/prompts", response_class=HTMLResponse)
def prompts_page(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Organiser,
    archived: Annotated[bool, Query(description="List archived prompts too.")] = False,
) -> HTMLResponse:
    """Every prompt by state, newest first, with its buttons."""
    lists = prompts.list_prompts(session=session, now_ms=now_ms, archived=archived)
    return render_dash(
        request,
        account,
        "dash/prompts.html",
        {
            "lists": [(STATE_WORDS[state], rows) for state, rows in lists.items() if rows],
            "archived": archived,
            "actions": ACTIONS,
            "empty": not any(lists.values()),
            "local": local_when,
        },
    )


@router.get("/dashboard/prompts/new", response_class=HTMLResponse)
def new_prompt_page(
    request: Request,
    session: SessionDep,
    account: Organiser,
    day: Annotated[date | None, Query(description="Start as a daily prompt on this day.")] = None,
    site: Annotated[list[str] | None, Query(description="Preselect these sites.")] = None,
) -> HTMLResponse:
    """The form for a new prompt (from the calendar: a daily one for that day and site)."""
    form = PromptForm(sites=site or [])
    if day is not None:
        form.when, form.day = "day", day.isoformat()
    return _form_page(request, session, account, form)


@router.post("/dashboard/prompts", response_class=HTMLResponse)
def create_prompt(
    request: Request, session: SessionDep, now_ms: NowMsDep, account: Organiser, form: CheckedForm
) -> Response:
    """Make the prompt; the form again, with what to correct, when something is wrong."""
    every = crud.list_sites(session=session)
    typed = read_form(form, _languages(every))
    try:
        chosen = [crud.get_site(session=session, slug=slug) for slug in dict.fromkeys(typed.sites)]
        with write_lock(session.get_bind().engine):
            prompt = crud.create_prompt(
                session=session,
                runs=typed.runs(chosen, now_ms),
                created_ms=now_ms,
                results_revealed=typed.results_revealed,
                **typed.answers(),
            )
    except HubError as error:
        return _form_page(
            request, session, account, typed, error=in_form_words(str(error)), status=422
        )
    return RedirectResponse(f"{PAGE}/{prompt.id}", status_code=303)


@router.get("/dashboard/prompts/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Organiser,
    start: Annotated[
        date | None, Query(alias="from", description="The first day (default: today).")
    ] = None,
    days: Annotated[int, Query(ge=1, le=MAX_CALENDAR_DAYS)] = CALENDAR_DAYS,
) -> HTMLResponse:
    """Sites by days: the prompt each site shows at each morning (06:00 there)."""
    sites = crud.list_sites(session=session)
    first = start
    if first is None:
        first = (
            prompt_calendar.site_day(sites[0], now_ms)
            if sites
            else datetime.fromtimestamp(now_ms / 1000, tz=UTC).date()
        )
    rows = prompt_calendar.calendar(session=session, first_day=first, days=days, now_ms=now_ms)
    return render_dash(
        request,
        account,
        "dash/prompt_calendar.html",
        {
            "rows": rows,
            "days": [first + timedelta(days=n) for n in range(days)],
            "first": first,
            "count": days,
            "earlier": first - timedelta(days=days),
            "later": first + timedelta(days=days),
            "gaps": sum(cell.gap for row in rows for cell in row.cells),
            "morning": prompt_calendar.MORNING.strftime("%H:%M"),
        },
    )


@router.get("/dashboard/prompts/{prompt_id}", response_class=HTMLResponse)
def prompt_page(
    request: Request, session: SessionDep, now_ms: NowMsDep, account: Organiser, prompt_id: int
) -> HTMLResponse:
    """One prompt: its state and buttons, and its form to change its words or schedule."""
    return _prompt_page(request, session, account, now_ms, prompt_id)


def _prompt_page(
    request: Request,
    session: Session,
    account: Account,
    now_ms: int,
    prompt_id: int,
    *,
    form: PromptForm | None = None,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    try:
        row = prompts.prompt_row(session=session, prompt_id=prompt_id, now_ms=now_ms)
    except NotFound:
        return render_dash(
            request,
            account,
            "dash/prompt_missing.html",
            {"prompt_id": prompt_id},
            status_code=404,
        )
    sites = crud.list_sites(session=session)
    return render_dash(
        request,
        account,
        "dash/prompt.html",
        {
            "row": row,
            "form": form or form_of(row.prompt, row.runs),
            "sites": sites,
            "languages": _languages(sites),
            "actions": ACTIONS,
            "answered": prompts.has_answers(session, prompt_id),
            "error": error,
            "state_words": STATE_WORDS,
            "local": local_when,
            "default_slider": DEFAULT_SLIDER,
        },
        status_code=status,
    )


@router.post("/dashboard/prompts/{prompt_id}", response_class=HTMLResponse)
def change_prompt(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Organiser,
    form: CheckedForm,
    prompt_id: int,
) -> Response:
    """Change the prompt's words (and its answers while nobody has answered), where
    and when it runs, and whether the wall shows its results: all, or nothing."""
    try:
        prompt = prompts.get_prompt(session=session, prompt_id=prompt_id)
    except NotFound:
        return _prompt_page(request, session, account, now_ms, prompt_id, status=404)
    typed = read_form(form, _languages(crud.list_sites(session=session)))
    if prompts.has_answers(session, prompt_id):
        # The answers' fields are disabled on the page: they stay as they are.
        typed.kind, typed.emoji = prompt.kind, " ".join(prompt.emoji)
        typed.options = "\n".join(prompt.options)
    try:
        chosen = [crud.get_site(session=session, slug=slug) for slug in dict.fromkeys(typed.sites)]
        with write_lock(session.get_bind().engine):
            prompts.edit_prompt(
                session=session,
                prompt_id=prompt_id,
                runs=typed.runs(chosen, now_ms),
                results_revealed=typed.results_revealed,
                **typed.answers(),
            )
    except HubError as error:
        session.rollback()
        message = in_form_words(str(error))
        return _prompt_page(
            request, session, account, now_ms, prompt_id, form=typed, error=message, status=422
        )
    return RedirectResponse(f"{PAGE}/{prompt_id}", status_code=303)


def _act(
    request: Request,
    session: Session,
    account: Account,
    now_ms: int,
    prompt_id: int,
    action: Callable[[], object],
) -> Response:
    try:
        with write_lock(session.get_bind().engine):
            action()
    except NotFound:
        return _prompt_page(request, session, account, now_ms, prompt_id, status=404)
    except HubError as error:
        return _prompt_page(
            request, session, account, now_ms, prompt_id, error=str(error), status=409
        )
    return RedirectResponse(f"{PAGE}/{prompt_id}", status_code=303)


def _action_route(name: str, doing: Callable[[Session, int, int], object], words: str) -> None:
    def act(
        request: Request,
        session: SessionDep,
        now_ms: NowMsDep,
        account: Organiser,
        _form: CheckedForm,
        prompt_id: int,
    ) -> Response:
        return _act(
            request, session, account, now_ms, prompt_id, lambda: doing(session, prompt_id, now_ms)
        )

    act.__name__ = f"{name}_prompt"
    act.__doc__ = words
    router.add_api_route(
        f"/dashboard/prompts/{{prompt_id}}/{name}",
        act,
        methods=["POST"],
        response_class=HTMLResponse,
    )


_action_route(
    "lock",
    lambda s, p, now: prompts.lock(session=s, prompt_id=p, now_ms=now),
    "Keep showing it, with its results, but take no new answers.",
)
_action_route(
    "unlock", lambda s, p, now: prompts.unlock(session=s, prompt_id=p), "Take answers again."
)
_action_route(
    "close",
    lambda s, p, now: prompts.close(session=s, prompt_id=p, now_ms=now),
    "End it now at every site.",
)
_action_route(
    "archive",
    lambda s, p, now: prompts.archive(session=s, prompt_id=p, now_ms=now),
    "Take it off the lists, closing it first; its history stays.",
)
_action_route(
    "restore",
    lambda s, p, now: prompts.restore(session=s, prompt_id=p),
    "Put an archived prompt back on the lists, ended.",
)
_action_route(
    "reveal",
    lambda s, p, now: prompts.reveal(session=s, prompt_id=p, revealed=True),
    "Show its tallies on the wall.",
)
_action_route(
    "hide",
    lambda s, p, now: prompts.reveal(session=s, prompt_id=p, revealed=False),
    "Hide its tallies on the wall again.",
)


@register_tile
def mornings_without_a_prompt(session: Session, account: Account, now_ms: int) -> Tile | None:
    """Organisers: mornings in the coming week with no question at some site."""
    if not allowed(account.role, Permission.PROMPTS):
        return None
    sites = crud.list_sites(session=session)
    if not sites:
        return None
    first = prompt_calendar.site_day(sites[0], now_ms) + timedelta(days=1)
    rows = prompt_calendar.calendar(session=session, first_day=first, days=7, now_ms=now_ms)
    gaps = sum(cell.gap for row in rows for cell in row.cells)
    return Tile(
        "Mornings without a prompt",
        str(gaps),
        "in the next 7 days, over every site",
        f"{PAGE}/calendar?from={first.isoformat()}&days=7",
    )
