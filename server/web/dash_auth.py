"""Who is signed in to the dashboard, what they may do, and the CSRF check of every
form they post.

- `CurrentAccount`: the signed-in account; a browser without a live session is sent
  (303) to `/login?next=<path>`.
- `requires(Permission.X)`: the same, and a 403 page for an account whose role lacks X.
- `CheckedForm`: the posted form, refused (403) unless it carries the session's CSRF
  token in field `csrf_token` (or header `X-CSRF-Token` for fetch()). Every
  state-changing dashboard route takes it; tests/server/test_dash_csrf.py walks them.

The session cookie `sw_session` holds a random id (only its SHA-256 is stored):
HttpOnly, SameSite=Lax, Secure when the request came over https (`storywall hub`
trusts the TLS proxy's X-Forwarded-Proto from FORWARDED_ALLOW_IPS).
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData

from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.models_accounts import Account
from server.permissions import Permission, allowed
from server.services import account_sessions
from server.services.account_sessions import Login

SESSION_COOKIE = "sw_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
HOME = "/dashboard"
MAX_NEXT_CHARS = 512


class SignInRequired(Exception):
    """No live session: the browser is sent to the sign-in page, then back to `next`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class NotPermitted(Exception):
    """A signed-in account whose role lacks the permission a page needs."""

    def __init__(self, login: Login, permission: Permission) -> None:
        super().__init__(permission)
        self.login = login
        self.permission = permission


class CsrfRefused(Exception):
    """A dashboard post without its session's CSRF token."""

    def __init__(self, login: Login) -> None:
        super().__init__("csrf")
        self.login = login


def safe_next(path: str | None) -> str:
    """`path` when it is a path on this hub, else the dashboard: a sign-in link can
    never send the browser elsewhere (`//evil.example`, `https://...`, `/\\evil`)."""
    if (
        not path
        or len(path) > MAX_NEXT_CHARS
        or not path.startswith("/")
        or path.startswith(("//", "/\\"))
        or any(ord(character) < 33 or character == "\\" for character in path)
    ):
        return HOME
    return path


def set_session_cookie(request: Request, response: Response, session_id: str) -> None:
    """Put the session's id in the browser: HttpOnly, SameSite=Lax, Secure on https."""
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=account_sessions.ABSOLUTE_MS // 1000,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    """Take the session's cookie out of the browser."""
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def find_login(request: Request, session: SessionDep, now_ms: int) -> Login | None:
    """The request's live session (marked seen), or None."""
    login = account_sessions.find(
        session, session_id=request.cookies.get(SESSION_COOKIE), now_ms=now_ms
    )
    if login is not None and account_sessions.stale(login.session, now_ms):
        with write_lock(session.get_bind().engine):
            account_sessions.touch(session, row=login.session, now_ms=now_ms)
    return login


def current_login(request: Request, session: SessionDep, now_ms: NowMsDep) -> Login:
    """The signed-in account and its session; SignInRequired without one."""
    login = find_login(request, session, now_ms)
    if login is None:
        here = request.url.path
        if request.url.query:
            here += "?" + request.url.query
        raise SignInRequired(here if request.method == "GET" else HOME)
    request.state.dash_login = login
    return login


LoginDep = Annotated[Login, Depends(current_login)]


def current_account(login: LoginDep) -> Account:
    """The signed-in account."""
    return login.account


CurrentAccount = Annotated[Account, Depends(current_account)]


def requires(permission: Permission) -> Any:
    """A dependency: the signed-in account, which must have `permission` (else 403).

    Use as `account: Annotated[Account, requires(Permission.MODERATE)]`."""

    def has_permission(login: LoginDep) -> Account:
        if not allowed(login.account.role, permission):
            raise NotPermitted(login, permission)
        return login.account

    return Depends(has_permission)


async def checked_form(request: Request, login: LoginDep) -> FormData:
    """The posted form, when it carries the session's CSRF token; CsrfRefused otherwise."""
    form = await request.form()
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = login.session.csrf_token
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
        raise CsrfRefused(login)
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    target = "/login" if exc.next_path == HOME else f"/login?next={quote(exc.next_path, safe='/')}"
    return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})


async def _not_permitted(request: Request, exc: Exception) -> HTMLResponse:
    from server.web.dash_render import render_dash

    assert isinstance(exc, NotPermitted)
    request.state.dash_login = exc.login
    return render_dash(
        request,
        exc.login.account,
        "dash/message.html",
        {
            "heading": "Not for your role",
            "message": f"Your role ({exc.login.account.role}) cannot open this page. "
            "An organiser can change your role.",
        },
        status_code=403,
    )


async def _csrf_refused(request: Request, exc: Exception) -> HTMLResponse:
    from server.web.dash_render import render_dash

    assert isinstance(exc, CsrfRefused)
    request.state.dash_login = exc.login
    return render_dash(
        request,
        exc.login.account,
        "dash/message.html",
        {
            "heading": "Form expired",
            "message": "This form was not sent from this session's page. "
            "Go back, reload the page and send it again.",
        },
        status_code=403,
    )


def add_handlers(app: FastAPI) -> None:
    """Turn the dashboard's refusals into a redirect to /login or a 403 page."""
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(NotPermitted, _not_permitted)
    app.add_exception_handler(CsrfRefused, _csrf_refused)
