"""What the rota's pages and the check form share: the refusal page, the rate limit,
CSRF, and links made absolute for sharing."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from server.api.deps import public_base
from server.core.config import Settings
from server.core.writers import write_lock
from server.services.rate_limit import client_key, hit
from server.signing import LinkExpired, LinkRefused
from server.web import csrf

# Posts per client and purpose in a window: a volunteer takes a slot or logs a check
# a few times a day; a script posting hundreds is refused (429).
POSTS_PER_WINDOW = 20
WINDOW_S = 600


def settings_of(request: Request) -> Settings:
    """The hub's settings."""
    settings: Settings = request.app.state.settings
    return settings


def page(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """A template rendered, never cached (it may carry a CSRF field or a personal link)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        name,
        context,
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def form_page(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """`page` with a fresh CSRF field (`csrf_field`, `csrf_token`) and its cookie."""
    holder = Response()
    token = csrf.issue(request, holder, settings_of(request).secret_key)
    response = page(
        request, name, {**context, "csrf_field": csrf.FIELD, "csrf_token": token}, status=status
    )
    for cookie in holder.headers.getlist("set-cookie"):
        response.headers.append("set-cookie", cookie)
    return response


def refused(request: Request, error: LinkRefused) -> HTMLResponse:
    """The page for a link that is forged (403) or expired (410)."""
    status = 410 if isinstance(error, LinkExpired) else 403
    return page(request, "rota_message.html", {"heading": "Link not valid", "message": str(error)},
                status=status)  # fmt: skip


def message(request: Request, heading: str, text: str, *, status: int) -> HTMLResponse:
    """A page that says one thing."""
    return page(request, "rota_message.html", {"heading": heading, "message": text}, status=status)


def too_many(request: Request, session: Session, purpose: str, now_ms: int) -> bool:
    """Count this post; True when the client has posted too often (answer 429)."""
    settings = settings_of(request)
    host = request.client.host if request.client else "unknown"
    key = client_key(purpose, host, settings.secret_key)
    with write_lock(session.get_bind().engine):
        allowed = hit(session, key=key, limit=POSTS_PER_WINDOW, window_s=WINDOW_S, now_ms=now_ms)
    return not allowed


def csrf_ok(request: Request, token: str | None) -> str | None:
    """None when the post's CSRF field matches its cookie, else why not."""
    try:
        csrf.verify(request, token, settings_of(request).secret_key)
    except csrf.CsrfRefused as error:
        return str(error)
    return None


def absolute(request: Request, path: str) -> str:
    """`path` on the hub's public address (or this request's, when none is set)."""
    return public_base(request) + path
