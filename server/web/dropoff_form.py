"""GET and POST /d/<token>: the mobile drop-off form a fridge's QR code opens.

No account and no script: a plain HTML form, CSRF-protected (server/web/csrf.py),
rate limited per client in the database (server/services/rate_limit.py), its body
read bounded as it streams (server/web/form_body.py). Any refusal shows the form
again with a message by each field and everything typed kept. A sent form becomes a
`dropoff` event through the same pipeline as a kiosk's (server/services/form_events.py);
its hidden event id makes a second send of the same page a duplicate, answered with
the same confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlmodel import Session

from server.api.deps import EngineDep, NowMsDep, SessionDep
from server.core.config import Settings
from server.errors import InvalidInput, NotFound
from server.media import MediaStore
from server.services import rate_limit
from server.services.dropoff_links import (
    PATH_PREFIX,
    DropoffLinkExpired,
    DropoffLinkRefused,
    DropoffTarget,
    resolve,
)
from server.services.form_events import submit_form_event
from server.services.fridge_status import fridge_status
from server.web import csrf
from server.web.dropoff_fields import (
    BEST_BEFORE_GRACE_DAYS,
    PREPARED_MAX_AGE_DAYS,
    DropoffForm,
    check,
    checklist,
)
from server.web.dropoff_photo import DROP_FIELD, KEPT_FIELD, take_photo
from server.web.form_body import FormBody, FormUnreadable, read_form
from server.web.fridge_words import (
    ALLERGEN_LABELS,
    CATEGORY_LABELS,
    CONDITION_WORDS,
    CONDITIONS_AT_THE_FRIDGE,
    LEVEL_WORDS,
)
from storywall.protocol.limits import MAX_PHOTO_BYTES

router = APIRouter(tags=["public"])

PHOTO_FIELD = "photo"
# A phone's camera JPEG is 2-12 MB; the photo pipeline takes up to MAX_PHOTO_BYTES.
MAX_FORM_PHOTO_BYTES = MAX_PHOTO_BYTES
# Posts per client per window: a volunteer sends one or two, a script many.
RATE_LIMIT = 10
RATE_WINDOW_S = 10 * 60
RATE_PURPOSE = "dropoff-form"
# The form reads its own body, bounded (form_body.py), so the hub's body limit lets
# it through and it answers a too-large photo on the form (server/middleware.py).
LARGER_BODIES: dict[str, int | None] = {PATH_PREFIX: None}
NO_STORE = {"Cache-Control": "no-store"}


@dataclass
class Page:
    """A page to render: its template, context and status."""

    template: str
    status: int
    context: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    csrf: bool = False


def fridge_page_path(slug: str) -> str:
    """The fridge's public page (server/web, the fridge pages)."""
    return f"/fridges/{slug}"


@router.get(
    PATH_PREFIX + "{token}",
    response_class=HTMLResponse,
    name="dropoff_form",
    responses={
        404: {"description": "Not a valid drop-off link.", "content": {"text/html": {}}},
        410: {"description": "A kiosk's link that has expired.", "content": {"text/html": {}}},
    },
)
def dropoff_form(request: Request, token: str, session: SessionDep, now_ms: NowMsDep) -> Response:
    """The drop-off form of the fridge the link names."""
    settings: Settings = request.app.state.settings
    try:
        target = resolve(session, settings.secret_key, token, now_ms=now_ms)
    except DropoffLinkRefused as refused:
        return _render(request, _link_page(refused))
    page = _form_page(target, DropoffForm.blank(), {}, 200, now_ms=now_ms)
    page.context["warning"] = _warning(session, target)
    return _render(request, page)


@router.post(
    PATH_PREFIX + "{token}",
    response_class=HTMLResponse,
    responses={
        400: {"description": "Not a form post.", "content": {"text/html": {}}},
        403: {"description": "CSRF token missing or wrong.", "content": {"text/html": {}}},
        404: {"description": "Not a valid drop-off link.", "content": {"text/html": {}}},
        410: {"description": "A kiosk's link that has expired.", "content": {"text/html": {}}},
        413: {"description": "The photo is too large.", "content": {"text/html": {}}},
        422: {"description": "Something to correct.", "content": {"text/html": {}}},
        429: {"description": "Too many posts from this client.", "content": {"text/html": {}}},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": {"type": "object"}}},
        }
    },
)
async def send_dropoff(
    request: Request, token: str, engine: EngineDep, now_ms: NowMsDep
) -> Response:
    """Take a drop-off: the confirmation, or the form again with what to correct."""
    try:
        body = await read_form(request, file_field=PHOTO_FIELD, max_file_bytes=MAX_FORM_PHOTO_BYTES)
    except FormUnreadable as error:
        page = Page("dropoff_gone.html", 400, {"reason": "unreadable", "message": str(error)})
        return _render(request, page)
    page = await run_in_threadpool(_take, request, engine, token, body, now_ms)
    return _render(request, page)


def _take(request: Request, engine: Engine, token: str, body: FormBody, now_ms: int) -> Page:
    settings: Settings = request.app.state.settings
    with Session(engine, expire_on_commit=False) as session:
        try:
            target = resolve(session, settings.secret_key, token, now_ms=now_ms, sending=True)
        except DropoffLinkRefused as refused:
            return _link_page(refused)
        form = DropoffForm.from_fields(body.fields)
        photo_sent = body.file is not None or body.file_too_large or bool(body.first(KEPT_FIELD))

        def again(errors: dict[str, str], status: int) -> Page:
            page = _form_page(target, form, errors, status, now_ms=now_ms, photo_sent=photo_sent)
            page.context["warning"] = _warning(session, target)
            return page

        try:
            csrf.verify(request, body.first(csrf.FIELD), settings.secret_key)
        except csrf.CsrfRefused as refused:
            return again({"form": f"Not sent: {refused}."}, 403)
        client = request.client.host if request.client else "unknown"
        key = rate_limit.client_key(RATE_PURPOSE, client, settings.secret_key)
        if not rate_limit.hit(
            session, key=key, limit=RATE_LIMIT, window_s=RATE_WINDOW_S, now_ms=now_ms
        ):
            wait_s = rate_limit.retry_after_s(window_s=RATE_WINDOW_S, now_ms=now_ms)
            minutes = -(-wait_s // 60)
            page = again(
                {
                    "form": "Not sent: many drop-offs came from this phone in the last few "
                    f"minutes. Wait {minutes} minute{'s' if minutes != 1 else ''} and send "
                    "again; what you typed is kept."
                },
                429,
            )
            page.headers["Retry-After"] = str(wait_s)
            return page
        store: MediaStore = request.app.state.media_store
        photo = take_photo(session, store, settings.secret_key, body, target=target, now_ms=now_ms)
        checked = check(
            form, fridge=target.fridge, today=_today(target, now_ms), photo=photo.sha256
        )
        errors = dict(checked.errors)
        if photo.error:
            errors["photo"] = photo.error
        if errors or checked.payload is None:
            page = again(errors, photo.status if photo.error else 422)
            page.context["photo_kept"] = photo.kept
            return page
        payload = checked.payload
        try:
            outcome = submit_form_event(
                session,
                fridge=target.fridge,
                event_id=UUID(form.event_id),
                type_name="dropoff",
                payload=payload,
                now_ms=now_ms,
            )
        except InvalidInput as error:
            return again({"form": f"The hub could not take this drop-off: {error}."}, 422)
        except NotFound as error:
            return Page("dropoff_gone.html", 404, {"reason": "closed", "message": str(error)})
        return Page(
            "dropoff_sent.html",
            200,
            {
                "site": target.site,
                "fridge": target.fridge,
                "payload": payload,
                "items": [(CATEGORY_LABELS[n], count) for n, count in payload.items_in_order()],
                "allergens": [ALLERGEN_LABELS[name] for name in payload.allergens],
                "duplicate": outcome.status.value == "duplicate",
                "fridge_page": fridge_page_path(target.site.slug),
                "form_again": PATH_PREFIX + token if target.kiosk_id is None else None,
                "level_words": LEVEL_WORDS,
                "condition_words": CONDITION_WORDS,
            },
            headers=dict(NO_STORE),
        )


def _warning(session: Session, target: DropoffTarget) -> str | None:
    """What the public must know before dropping food off (too warm), as the fridge's
    page and kiosk say it."""
    return fridge_status(session, target.fridge.site_id).warning


def _today(target: DropoffTarget, now_ms: int) -> date:
    """Today at the fridge, in its site's time zone."""
    return datetime.fromtimestamp(now_ms / 1000, tz=ZoneInfo(target.site.timezone)).date()


def _form_page(
    target: DropoffTarget,
    form: DropoffForm,
    errors: dict[str, str],
    status: int,
    *,
    now_ms: int,
    photo_sent: bool = False,
) -> Page:
    today = _today(target, now_ms)
    return Page(
        "dropoff_form.html",
        status,
        {
            "site": target.site,
            "fridge": target.fridge,
            "form": form,
            "errors": errors,
            "photo_sent": photo_sent,
            "rules": checklist(target.fridge),
            "categories": list(CATEGORY_LABELS.items()),
            "allergens": list(ALLERGEN_LABELS.items()),
            "levels": list(LEVEL_WORDS.items()),
            "conditions": [(name, CONDITION_WORDS[name]) for name in CONDITIONS_AT_THE_FRIDGE],
            "today": today.isoformat(),
            "prepared_max_age_days": PREPARED_MAX_AGE_DAYS,
            "best_before_grace_days": BEST_BEFORE_GRACE_DAYS,
            "max_photo_mb": MAX_FORM_PHOTO_BYTES // (1024 * 1024),
            "from_kiosk": target.kiosk_id is not None,
            "problems": _problems(errors),
            "photo_kept": None,
            "warning": None,
            "kept_field": KEPT_FIELD,
            "drop_field": DROP_FIELD,
        },
        headers=dict(NO_STORE),
        csrf=True,
    )


# What the summary at the top calls each field, in the page's order (anchor, words).
_FIELD_NAMES = [
    ("items", "items", "What you brought"),
    *((f"count_{name}", f"count_{name}", label) for name, label in CATEGORY_LABELS.items()),
    ("prepared_on", "prepared_on", "Day it was made"),
    ("best_before", "best_before", "Best-before date"),
    ("rules", "rules", "The fridge's rules"),
    ("level", "level", "How full"),
    ("condition", "condition", "Its condition"),
    ("nickname", "nickname", "Nickname"),
    ("photo", "photo", "Photo"),
]


def _problems(errors: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each field's message with a link to the field, for the summary at the top."""
    return [(anchor, label, errors[key]) for key, anchor, label in _FIELD_NAMES if key in errors]


def _link_page(refused: DropoffLinkRefused) -> Page:
    if isinstance(refused, DropoffLinkExpired):
        return Page("dropoff_gone.html", 410, {"reason": "expired", "message": str(refused)})
    return Page("dropoff_gone.html", 404, {"reason": "unknown", "message": str(refused)})


def _render(request: Request, page: Page) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    settings: Settings = request.app.state.settings
    cookie_holder = Response()
    context = dict(page.context)
    if page.csrf:
        context["csrf_field"] = csrf.FIELD
        context["csrf_token"] = csrf.issue(request, cookie_holder, settings.secret_key)
    response = templates.TemplateResponse(
        request, page.template, context, status_code=page.status, headers=page.headers
    )
    for name, value in cookie_holder.raw_headers:
        if name == b"set-cookie":
            response.raw_headers.append((name, value))
    return response
