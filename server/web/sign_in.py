"""GET and POST /login: the organisers' sign-in form.

The form itself carries a CSRF token (the public forms' double-submit cookie,
server/web/csrf.py), so another site cannot sign a browser in to its own account.
A wrong address and a wrong password get the same answer, in the same time. Two
limits hold across workers (both in the database): sign-in posts per client address
(the shared rate_hit counter), and failures per e-mail address, which lock it for a
while (server/services/login_guard.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.models_accounts import MAX_EMAIL_CHARS
from server.services import account_sessions, accounts, login_guard
from server.services.passwords import MAX_PASSWORD_CHARS
from server.web import csrf
from server.web.dash_auth import find_login, safe_next, set_session_cookie
from server.web.dash_render import render_public
from server.web.rota_common import settings_of, too_many

router = APIRouter(tags=["organisers"])
HTML: dict[str, Any] = {"content": {"text/html": {}}}
WRONG = "Wrong e-mail address or password."


def _locked(minutes_left: int) -> str:
    # The same words whether or not the address has an account.
    unit = "minute" if minutes_left == 1 else "minutes"
    return (
        "Too many failed sign-ins for this address. "
        f"Try again in {minutes_left} {unit}, or ask an organiser to check your address."
    )


def _form(
    request: Request,
    *,
    next_path: str,
    email: str = "",
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> HTMLResponse:
    return render_public(
        request,
        "dash/login.html",
        {
            "next": next_path,
            "email": email,
            "error": error,
            "notice": notice,
            "max_email": MAX_EMAIL_CHARS,
            "max_password": MAX_PASSWORD_CHARS,
        },
        with_form=True,
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse, responses={303: {"description": "Signed in"}})
def login_page(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    next: str = "",
    signed_out: str = "",
) -> Response:
    """The sign-in form; a browser already signed in goes on to `next`."""
    if find_login(request, session, now_ms) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    notice = "You are signed out." if signed_out else ""
    return _form(request, next_path=safe_next(next), notice=notice)


@router.post(
    "/login",
    response_class=HTMLResponse,
    status_code=303,
    responses={401: HTML, 403: HTML, 429: HTML},
)
def log_in(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    email: Annotated[str, Form(max_length=MAX_EMAIL_CHARS)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD_CHARS)] = "",
    next: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=csrf.FIELD)] = "",
) -> Response:
    """Check the address and password; on success a session cookie and on to `next`."""
    target = safe_next(next)
    try:
        csrf.verify(request, csrf_token, settings_of(request).secret_key)
    except csrf.CsrfRefused as error:
        return _form(request, next_path=target, email=email, error=str(error), status=403)
    if too_many(request, session, "login", now_ms):
        return _form(
            request,
            next_path=target,
            email=email,
            error="Too many sign-in attempts from here. Wait a few minutes and try again.",
            status=429,
        )
    settings = settings_of(request)
    key = login_guard.address_key(email, settings.secret_key)
    until = login_guard.locked_until(session, key=key, now_ms=now_ms)
    if until is None:
        account = accounts.authenticate(session, email=email, password=password)
        with write_lock(session.get_bind().engine):
            if account is not None:
                assert account.id is not None
                login_guard.clear(session, key=key)
                session_id, _row = account_sessions.start(
                    session, account_id=account.id, now_ms=now_ms
                )
                response = RedirectResponse(target, status_code=303)
                set_session_cookie(request, response, session_id)
                return response
            until = login_guard.record_failure(
                session,
                key=key,
                now_ms=now_ms,
                lock_after=settings.login_lock_after,
                lock_ms=settings.login_lock_minutes * 60_000,
            )
        if until is None:
            return _form(request, next_path=target, email=email, error=WRONG, status=401)
    # Locked now or by this failure: the same page whether or not the address has an account.
    minutes_left = max(1, -(-(until - now_ms) // 60_000))
    refusal = _form(request, next_path=target, email=email, error=_locked(minutes_left), status=429)
    refusal.headers["Retry-After"] = str(max(1, (until - now_ms + 999) // 1000))
    return refusal
