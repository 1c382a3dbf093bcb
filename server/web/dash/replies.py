"""/dashboard/replies: answer the notes, pin notes and doodles, post "you said, we did".

One page (permission `reply`): the approved notes waiting for a reply, oldest first, each
with a reply form and a spotlight button; the replies standing, to edit or take down;
the live spotlights, to unpin; recent doodles to pin; and the cards, with a form that
links notes and prompts. Every change is a POST with the session's CSRF token that
answers 303 back to the page (or the page again with what to correct, 422). The rules
live in server/services/replies.py; this module only reads forms (docs/replies.md).

Also the home page's tiles "Waiting for a reply" and "Median time to a reply".
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from server import crud
from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.errors import InvalidInput, NotFound
from server.models import Site
from server.models_accounts import Account
from server.permissions import Permission, allowed
from server.services import replies, replies_dashboard
from server.services.approved import media_url
from server.services.replies_public import recent_replies, spotlights_for, you_said_for
from server.web.dash.tiles import Tile, register_tile
from server.web.dash_auth import CheckedForm, requires
from server.web.dash_render import render_dash
from storywall.protocol.limits import SLUG_PATTERN

router = APIRouter(tags=["dashboard"])

PAGE = "/dashboard/replies"
DAY_MS = 86_400_000
# How long a spotlight may be set to last from the page, in days (the first is the default).
SPOTLIGHT_DAYS = (7, 1, 3, 14, 30, 90)
WAITING_SHOWN = 50
PICKER_NOTES = 30
HISTORY_SHOWN = 20
STATS_DAYS = 30

ReplyAccount = Annotated[Account, requires(Permission.REPLY)]
SiteFilter = Annotated[str | None, Query(pattern=SLUG_PATTERN)]


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _sites(session: Session, slug: str | None) -> tuple[list[Site], Site | None]:
    sites = crud.list_sites(session=session)
    chosen = next((site for site in sites if site.slug == slug), None) if slug else None
    if slug and chosen is None:
        raise NotFound("no such site")
    return sites, chosen


def _context(session: Session, now_ms: int, site_slug: str | None) -> dict[str, Any]:
    sites, chosen = _sites(session, site_slug)
    shown = [chosen] if chosen is not None else sites
    site_ids = [site.id for site in shown if site.id is not None]
    names = {site.id: site.name for site in sites}
    standing = [
        (names[site.id], reply)
        for site in shown
        if site.id is not None
        for reply in recent_replies(session, site.id, 20)
    ]
    standing.sort(key=lambda pair: pair[1].updated_ms, reverse=True)
    pins = [
        (names[site.id], pin)
        for site in shown
        if site.id is not None
        for pin in spotlights_for(session, site.id, now_ms=now_ms, limit=20)
    ]
    cards: dict[int, Any] = {}
    for site in shown:
        for card in you_said_for(session, site.id, limit=20):
            cards.setdefault(card.id, card)
    prompts = [
        (site, prompt)
        for site in shown
        for prompt in crud.list_prompts(session=session, site_slug=site.slug)[:5]
    ]
    stats = replies.reply_stats(
        session, site_ids=site_ids, start_ms=now_ms - STATS_DAYS * DAY_MS, end_ms=now_ms
    )
    return {
        "sites": sites,
        "chosen": chosen,
        "names": names,
        "waiting": replies_dashboard.waiting_for_reply(
            session, site_ids=site_ids, limit=WAITING_SHOWN
        ),
        "waiting_count": replies_dashboard.count_waiting(session, site_ids=site_ids),
        "standing": standing,
        "pins": pins,
        "doodles": replies_dashboard.recent_approved(
            session, site_ids=site_ids, types=("doodle",), limit=12
        ),
        "notes": replies_dashboard.recent_approved(
            session, site_ids=site_ids, types=("note",), limit=PICKER_NOTES
        ),
        "cards": sorted(cards.values(), key=lambda card: card.created_ms, reverse=True),
        "prompts": prompts,
        "stats": stats,
        "history": replies_dashboard.recent_audit(session, limit=HISTORY_SHOWN),
        "stats_days": STATS_DAYS,
        "spotlight_days": SPOTLIGHT_DAYS,
        "media_url": media_url,
        "now_ms": now_ms,
        "age": lambda ms: describe_wait(now_ms - ms),
        "span": describe_wait,
        "done": None,
        "error": None,
        # A refused reply: which note it was for, and its words, to correct in place.
        "failed": None,
        "draft": "",
    }


def describe_wait(ms: int) -> str:
    """A span of time in the words an organiser reads at a glance ("3 h", "2 days")."""
    minutes = max(0, ms) // 60_000
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h" if hours >= 10 else f"{hours} h {minutes % 60} min"
    return f"{round(hours / 24)} days"


DONE = {
    "replied": "Reply posted.",
    "removed": "Reply taken down.",
    "pinned": "Spotlight pinned.",
    "unpinned": "Spotlight unpinned.",
    "card": "Card posted.",
    "card-removed": "Card taken down.",
}


@router.get(PAGE, response_class=HTMLResponse)
def replies_page(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: ReplyAccount,
    site: SiteFilter = None,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """Notes waiting for a reply (oldest first), replies, spotlights and cards."""
    context = _context(session, now_ms, site)
    context["done"] = DONE.get(done or "")
    return render_dash(request, account, "dash/replies.html", context)


def _after(
    request: Request,
    session: Session,
    now_ms: int,
    account: Account,
    form: FormData,
    done: str,
    write: Any,
) -> Response:
    """Run `write`; back to the page (303), or the page with the refusal (422)."""
    site = _field(form, "back_site") or None
    try:
        with write_lock(session.get_bind().engine):
            write()
    except (InvalidInput, NotFound) as error:
        session.rollback()
        context = _context(session, now_ms, site)
        message = str(error)
        context["error"] = message[:1].upper() + message[1:]
        if done == "replied":
            context["failed"], context["draft"] = _field(form, "note_id"), _field(form, "text")
        return render_dash(request, account, "dash/replies.html", context, status_code=422)
    query = f"?site={site}&done={done}" if site else f"?done={done}"
    return RedirectResponse(PAGE + query, status_code=303)


def _int(form: FormData, name: str) -> int:
    try:
        return int(_field(form, name))
    except ValueError:
        raise InvalidInput(f"{name} is not a number") from None


@router.post(PAGE + "/reply", status_code=303)
def post_reply(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: ReplyAccount,
    form: CheckedForm,
) -> Response:
    """Reply to an approved note, or change its reply."""
    return _after(
        request,
        session,
        now_ms,
        account,
        form,
        "replied",
        lambda: replies.post_reply(
            session,
            note_id=_field(form, "note_id"),
            text=_field(form, "text"),
            author_id=account.id,
            now_ms=now_ms,
        ),
    )


@router.post(PAGE + "/remove-reply", status_code=303)
def remove_reply(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: ReplyAccount,
    form: CheckedForm,
) -> Response:
    """Take a reply down."""
    return _after(
        request,
        session,
        now_ms,
        account,
        form,
        "removed",
        lambda: replies.remove_reply(
            session, note_id=_field(form, "note_id"), author_id=account.id, now_ms=now_ms
        ),
    )


@router.post(PAGE + "/spotlight", status_code=303)
def spotlight(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: ReplyAccount,
    form: CheckedForm,
) -> Response:
    """Pin an approved note or doodle for a number of days."""

    def pin() -> None:
        days = _int(form, "days")
        if days not in SPOTLIGHT_DAYS:
            raise InvalidInput("choose how many days the spotlight lasts")
        replies.add_spotlight(
            session,
            event_id=_field(form, "event_id"),
            ends_ms=now_ms + days * DAY_MS,
            author_id=account.id,
            now_ms=now_ms,
        )

    return _after(request, session, now_ms, account, form, "pinned", pin)


@router.post(PAGE + "/unspotlight", status_code=303)
def unspotlight(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: ReplyAccount,
    form: CheckedForm,
) -> Response:
    """Unpin a spotlight before its end."""
    return _after(
        request,
        session,
        now_ms,
        account,
        form,
        "unpinned",
        lambda: replies.remove_spotlight(
            session, spotlight_id=_int(form, "spotlight_id"), author_id=account.id, now_ms=now_ms
        ),
    )


@router.post(PAGE + "/you-said", status_code=303)
def you_said(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: ReplyAccount,
    form: CheckedForm,
) -> Response:
    """Post a "you said, we did" card for a site or the network, with its links."""

    def post() -> None:
        slug = _field(form, "site")
        site_id = crud.get_site(session=session, slug=slug).id if slug else None
        prompt_ids = []
        for value in form.getlist("prompts"):
            try:
                prompt_ids.append(int(str(value)))
            except ValueError:
                raise InvalidInput("a linked prompt is not a number") from None
        replies.post_you_said(
            session,
            site_id=site_id,
            title=_field(form, "title"),
            body=_field(form, "body"),
            note_ids=[str(value) for value in form.getlist("notes")],
            prompt_ids=prompt_ids,
            author_id=account.id,
            now_ms=now_ms,
        )

    return _after(request, session, now_ms, account, form, "card", post)


@router.post(PAGE + "/you-said/remove", status_code=303)
def remove_you_said(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: ReplyAccount,
    form: CheckedForm,
) -> Response:
    """Take a card down."""
    return _after(
        request,
        session,
        now_ms,
        account,
        form,
        "card-removed",
        lambda: replies.remove_you_said(
            session, card_id=_int(form, "card_id"), author_id=account.id, now_ms=now_ms
        ),
    )


@register_tile
def waiting_tile(session: Session, account: Account, now_ms: int) -> Tile | None:
    """How many approved notes nobody has answered, and how long the oldest has waited."""
    if not allowed(account.role, Permission.REPLY):
        return None
    count = replies_dashboard.count_waiting(session)
    oldest = replies_dashboard.waiting_for_reply(session, limit=1)
    detail = f"oldest waiting {describe_wait(now_ms - oldest[0].received_ms)}" if oldest else ""
    return Tile("Waiting for a reply", str(count), detail, PAGE)


@register_tile
def median_reply_tile(session: Session, account: Account, now_ms: int) -> Tile | None:
    """The median time from a note's arrival to its reply, over the last 30 days."""
    if not allowed(account.role, Permission.REPLY):
        return None
    stats = replies.reply_stats(
        session, site_ids=None, start_ms=now_ms - STATS_DAYS * DAY_MS, end_ms=now_ms
    )
    value = "none yet" if stats.median_reply_ms is None else describe_wait(stats.median_reply_ms)
    detail = f"{stats.answered} of {stats.notes} notes answered, last {STATS_DAYS} days"
    return Tile("Median time to a reply", value, detail, PAGE)
