"""The moderation pages under /dashboard/moderation (docs/moderation.md, "The dashboard").

- GET  /dashboard/moderation: the queue (held items oldest first) or, with `state`, what
  was approved, hidden or rejected; filters by site and kind; each item with its flags.
- POST /dashboard/moderation/{event_id}/decide: approve, hide or reject, with a reason.
- GET  /dashboard/moderation/media/{event_id}: a doodle's PNG or a photo's display JPEG,
  whatever its state, for signed-in moderators only (the public routes serve approved
  items only).
- POST /dashboard/moderation/sites/{slug}/mode: pre- or post-moderation (Permission.SITES).
- GET  /dashboard/moderation/audit and /audit.csv: the audit log, and its export.

Every page needs Permission.MODERATE; every POST takes the session's CSRF token
(CheckedForm). The pages work as plain forms; server/web/static/moderation.js adds the
keyboard shortcuts.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from server import crud
from server.api.deps import NowMsDep, SessionDep
from server.arrivals.decide import set_site_moderation
from server.core.writers import write_lock
from server.errors import InvalidInput, NotFound
from server.media import MediaStore
from server.models import (
    APPROVED,
    HELD,
    HIDDEN,
    MODERATION_MODES,
    MODERATION_STATES,
    REJECTED,
    Site,
)
from server.models_accounts import Account
from server.permissions import Permission, allowed
from server.services import moderation
from server.services.photos import held_photo
from server.web.dash.tiles import Tile, register_tile
from server.web.dash_auth import CheckedForm, requires
from server.web.dash_render import render_dash
from storywall.protocol.limits import MAX_NAME_CHARS, SLUG_PATTERN

router = APIRouter(tags=["dashboard"], include_in_schema=False)

BASE = "/dashboard/moderation"
Moderator = Annotated[Account, requires(Permission.MODERATE)]
SiteOrganiser = Annotated[Account, requires(Permission.SITES)]
# The queue's kinds, as the filter names them, and their event types.
KINDS = {"note": "note", "doodle": "doodle", "photo": "dropoff"}
# What each state's items can become, in the order their buttons show (the first is
# what Enter in the reason field sends without script: for a held item, a rejection,
# since typing a reason means one).
CHOICES = {
    HELD: (REJECTED, APPROVED),
    APPROVED: (HIDDEN,),
    HIDDEN: (APPROVED,),
    REJECTED: (APPROVED,),
}
VERBS = {APPROVED: "Approve", HIDDEN: "Hide", REJECTED: "Reject"}
PAGE = 100
# An event id as the hub stores them (a UUID's text), for the anchor after a decision.
_EVENT_ID = re.compile(r"[0-9a-fA-F-]{36}")

SiteFilter = Annotated[str | None, Query(max_length=63)]
KindFilter = Annotated[str | None, Query(max_length=16)]
StateFilter = Annotated[str | None, Query(max_length=16)]
EventIdPath = Annotated[str, Path(max_length=36)]


def when(ms: int | None) -> str:
    """An epoch-ms time as the pages show it (UTC: moderators may be anywhere)."""
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def waited(ms: int, now_ms: int) -> str:
    """How long ago, in the largest whole unit: "5 min", "3 h", "2 days"."""
    minutes = max(0, now_ms - ms) // 60_000
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def _queue_url(site: str | None, kind: str | None, state: str | None) -> str:
    query = {"site": site or "", "kind": kind or "", "state": "" if state == HELD else state or ""}
    query = {key: value for key, value in query.items() if value}
    return BASE + (f"?{urlencode(query)}" if query else "")


def _clean_filters(
    site: str | None, kind: str | None, state: str | None
) -> tuple[str | None, str | None, str]:
    return (
        site or None,
        kind if kind in KINDS else None,
        state if state in MODERATION_STATES else HELD,
    )


def _queue_page(
    request: Request,
    session: Session,
    account: Account,
    now_ms: int,
    *,
    site: str | None,
    kind: str | None,
    state: str,
    error: str | None = None,
    error_item: str | None = None,
    status_code: int = 200,
    page: int = 0,
    done: str | None = None,
) -> HTMLResponse:
    items = moderation.list_items(
        session,
        state=state,
        site_slug=site,
        type_name=KINDS.get(kind or ""),
        limit=PAGE,
        offset=page * PAGE,
    )
    here = _queue_url(site, kind, state)
    more = None
    if len(items) == PAGE:
        more = here + ("&" if "?" in here else "?") + urlencode({"page": page + 1})
    sites = crud.list_sites(session=session)
    return render_dash(
        request,
        account,
        "dash/moderation.html",
        {
            "items": items,
            "sites": sites,
            "site": site,
            "kind": kind,
            "state": state,
            "kinds": list(KINDS),
            "states": MODERATION_STATES,
            "choices": CHOICES,
            "verbs": VERBS,
            "needs_reason": moderation.NEEDS_REASON,
            "here": here,
            "more": more,
            "page": page,
            "error": error,
            "error_item": error_item,
            "done": DONE.get(done or ""),
            "can_set_mode": allowed(account.role, Permission.SITES),
            "modes": MODERATION_MODES,
            "max_reason": MAX_NAME_CHARS,
            "page_size": PAGE,
            "when": when,
            "waited": lambda ms: waited(ms, now_ms),
            "late_ms": moderation.LATE_MS,
        },
        status_code=status_code,
    )


@router.get(BASE, response_class=HTMLResponse)
def moderation_queue(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Moderator,
    site: SiteFilter = None,
    kind: KindFilter = None,
    state: StateFilter = None,
    page: Annotated[int, Query(ge=0, le=10_000)] = 0,
    done: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    """The queue: held items oldest first (or another state's, newest first), a
    hundred at a time; `done` says what the last decision did."""
    chosen_site, chosen_kind, chosen_state = _clean_filters(site, kind, state)
    return _queue_page(
        request, session, account, now_ms,
        site=chosen_site, kind=chosen_kind, state=chosen_state, page=page, done=done,
    )  # fmt: skip


def _form_text(form: CheckedForm, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


# What the queue says after a decision went through (the page it returns to has
# moved on to the next item, so the moderator sees that the last one took).
DONE = {"approved": "Approved.", "hidden": "Hidden.", "rejected": "Rejected."}


def _safe_back(value: str) -> str:
    # Only back to this page with its filters: never somewhere a form could name.
    if value == BASE or value.startswith(BASE + "?"):
        return value
    return BASE


@router.post(BASE + "/{event_id}/decide", response_class=HTMLResponse, status_code=303)
def decide(
    request: Request,
    event_id: EventIdPath,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Moderator,
    form: CheckedForm,
) -> Response:
    """Approve, hide or reject one item; back to the queue, on the item after it."""
    decision = _form_text(form, "decision")
    reason = _form_text(form, "reason") or None
    back = _safe_back(_form_text(form, "back"))
    after = _form_text(form, "after")
    try:
        with write_lock(session.get_bind().engine):
            moderation.decide(
                session,
                event_id=event_id,
                state=decision,
                reason=reason,
                decided_by=account.email,
                now_ms=now_ms,
            )
    except (InvalidInput, NotFound) as error:
        session.rollback()
        site, kind, state = _filters_of(back)
        status = 404 if isinstance(error, NotFound) else 422
        message = str(error).removeprefix("moderation: ")
        return _queue_page(
            request, session, account, now_ms, site=site, kind=kind, state=state,
            error=message, error_item=event_id, status_code=status,
        )  # fmt: skip
    anchor = f"#item-{after}" if _EVENT_ID.fullmatch(after) else ""
    done = ("&" if "?" in back else "?") + urlencode({"done": decision})
    return RedirectResponse(back + done + anchor, status_code=303)


def _filters_of(url: str) -> tuple[str | None, str | None, str]:
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(url).query)

    def one(name: str) -> str | None:
        values = query.get(name)
        return values[0] if values else None

    return _clean_filters(one("site"), one("kind"), one("state"))


@router.get(BASE + "/media/{event_id}")
def item_media(
    request: Request, event_id: EventIdPath, session: SessionDep, account: Moderator
) -> Response:
    """The picture of one moderated item, whatever its state: moderators only."""
    item = moderation.get_item(session, event_id)
    store: MediaStore = request.app.state.media_store
    headers = {
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
    }
    try:
        if item.type == "dropoff":
            return Response(
                held_photo(session, store, event_id=event_id), media_type="image/jpeg",
                headers=headers,
            )  # fmt: skip
        if item.type == "doodle" and item.media:
            return Response(store.read(item.media), media_type="image/png", headers=headers)
    except FileNotFoundError:
        pass
    raise NotFound("this item has no picture the hub holds")


@router.post(BASE + "/sites/{slug}/mode", status_code=303)
def set_mode(
    slug: Annotated[str, Path(pattern=SLUG_PATTERN)],
    session: SessionDep,
    account: SiteOrganiser,
    form: CheckedForm,
) -> RedirectResponse:
    """Make a site pre- or post-moderated (docs/moderation.md)."""
    mode = _form_text(form, "mode")
    site: Site = crud.get_site(session=session, slug=slug)
    with write_lock(session.get_bind().engine):
        set_site_moderation(session, site=site, mode=mode)
    return RedirectResponse(BASE + "#modes", status_code=303)


@router.get(BASE + "/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    account: Moderator,
    site: SiteFilter = None,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    """The audit log, newest first, a page at a time."""
    lines = moderation.audit_log(session, site_slug=site or None, limit=PAGE, before_id=before)
    older = None
    if len(lines) == PAGE:
        query = {"before": str(lines[-1].id), **({"site": site} if site else {})}
        older = f"{BASE}/audit?{urlencode(query)}"
    return render_dash(
        request,
        account,
        "dash/moderation_audit.html",
        {
            "lines": lines,
            "sites": crud.list_sites(session=session),
            "site": site or None,
            "older": older,
            "when": when,
            "csv_url": f"{BASE}/audit.csv" + (f"?{urlencode({'site': site})}" if site else ""),
        },
    )


def _cell(value: object) -> str:
    # A spreadsheet runs a cell that starts like a formula: quote it.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get(BASE + "/audit.csv")
def audit_csv(session: SessionDep, account: Moderator, site: SiteFilter = None) -> Response:
    """The whole audit log as CSV, newest first. Written whole before it is sent, so
    the database session is not held open by a slow download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(moderation.LOG_COLUMNS)
    for line in moderation.iter_audit_log(session, site_slug=site or None):
        writer.writerow(
            [
                _cell(value)
                for value in (
                    line.id, line.event_id, line.type, line.site_slug, line.state,
                    line.reason, line.decided_ms, line.decided_by,
                )
            ]
        )  # fmt: skip
    name = f"moderation-audit{'-' + site if site else ''}.csv"
    return Response(
        buffer.getvalue().encode(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@register_tile
def waiting_tile(session: Session, account: Account, now_ms: int) -> Tile | None:
    """How many items have waited for a person longer than 24 hours."""
    if not allowed(account.role, Permission.MODERATE):
        return None
    late, oldest = moderation.count_late(session, now_ms=now_ms)
    if late and oldest is not None:
        detail = f"the oldest has waited {waited(oldest, now_ms)}"
    else:
        detail = "nothing waits that long"
    return Tile("Waiting over 24 h", str(late), detail, BASE)
