"""How a dashboard page is rendered: its template, with what every page needs.

`render_dash` injects `account`, `csrf_token` (the session's, for forms and the
page's meta tag), `nav` (the entries the account may see), `path` (for the current
entry), `now_ms`, and `when(ms)`, which writes a time as "2 Dec 2026, 13:05 UTC".
Templates extend `dash/base.html`. Pages are never cached.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from server.models_accounts import Account
from server.services.account_sessions import Login
from server.web import csrf


def when(ms: int) -> str:
    """An epoch-ms time for a person: "2 Dec 2026, 13:05 UTC"."""
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def render_dash(
    request: Request,
    account: Account,
    template_name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A dashboard page for the signed-in `account`."""
    # Imported here: the dashboard's page modules import this one, and importing the
    # package at the top would run its __init__ (which imports them) half-way.
    from server.web.dash import nav

    login: Login | None = getattr(request.state, "dash_login", None)
    csrf_token = login.session.csrf_token if login is not None else ""
    return _render(
        request,
        template_name,
        {"account": account, "csrf_token": csrf_token, "nav": nav.visible(account.role)},
        context,
        status_code,
    )


def render_public(
    request: Request,
    template_name: str,
    context: dict[str, Any],
    *,
    with_form: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    """A page in the dashboard's frame for someone not signed in (sign-in, invitation).

    `with_form`: the page posts a form, so it gets the public forms' double-submit
    CSRF token (server/web/csrf.py): `csrf_token` in the template, its cookie on the
    response."""
    holder = Response()
    token = csrf.issue(request, holder, request.app.state.settings.secret_key) if with_form else ""
    response = _render(
        request,
        template_name,
        {"account": None, "csrf_token": token, "nav": []},
        context,
        status_code,
    )
    for cookie in holder.headers.getlist("set-cookie"):
        response.headers.append("set-cookie", cookie)
    return response


def _render(
    request: Request,
    template_name: str,
    frame: dict[str, Any],
    context: dict[str, Any],
    status_code: int,
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        template_name,
        {
            **frame,
            "path": request.url.path,
            "now_ms": request.app.state.clock(),
            "when": when,
            **context,
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )
