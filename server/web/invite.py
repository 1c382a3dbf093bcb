"""GET and POST /invite/{token}: the invited person picks a name and a password.

The link comes from an organiser (/dashboard/accounts); it is signed, good once and
for a week. On success the new account is signed in and goes to the dashboard. The
form carries the public forms' CSRF token, and posts are rate limited per client.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.errors import AlreadyExists, InvalidInput
from server.models_accounts import MAX_ACCOUNT_NAME_CHARS, Invitation
from server.services import account_sessions, invitations
from server.services.passwords import MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS
from server.signing import LinkExpired, LinkRefused
from server.web import csrf
from server.web.dash_auth import HOME, set_session_cookie
from server.web.dash_render import render_public
from server.web.rota_common import settings_of, too_many

router = APIRouter(tags=["organisers"])
HTML: dict[str, Any] = {"content": {"text/html": {}}}


def _refused(request: Request, error: LinkRefused) -> HTMLResponse:
    status = 410 if isinstance(error, LinkExpired | invitations.InvitationUsed) else 403
    text = str(error)
    return render_public(
        request,
        "dash/public_message.html",
        {"heading": "Invitation not valid", "message": text[:1].upper() + text[1:] + "."},
        status_code=status,
    )


def _read(request: Request, session: Session, token: str, now_ms: int) -> Invitation:
    return invitations.read(
        session, secret_key=settings_of(request).secret_key, token=token, now_ms=now_ms
    )


def _form(
    request: Request,
    invitation: Invitation,
    *,
    name: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render_public(
        request,
        "dash/invite.html",
        {
            "invitation": invitation,
            "name": name,
            "errors": errors or {},
            "max_name": MAX_ACCOUNT_NAME_CHARS,
            "min_password": MIN_PASSWORD_CHARS,
            "max_password": MAX_PASSWORD_CHARS,
        },
        with_form=True,
        status_code=status,
    )


@router.get("/invite/{token}", response_class=HTMLResponse, responses={403: HTML, 410: HTML})
def invitation_page(
    request: Request, session: SessionDep, now_ms: NowMsDep, token: str
) -> HTMLResponse:
    """The invitation: who it is for, and the form to pick a name and password."""
    try:
        invitation = _read(request, session, token, now_ms)
    except LinkRefused as error:
        return _refused(request, error)
    return _form(request, invitation)


@router.post(
    "/invite/{token}",
    response_class=HTMLResponse,
    status_code=303,
    responses={403: HTML, 410: HTML, 422: HTML, 429: HTML},
)
def accept_invitation(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    token: str,
    # No max_length here: a too-long value comes back on the form (422, HTML), not as
    # FastAPI's JSON error; the body size limit bounds them all.
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    again: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=csrf.FIELD)] = "",
) -> Response:
    """Make the account, mark the invitation used, sign the new account in."""
    try:
        invitation = _read(request, session, token, now_ms)
    except LinkRefused as error:
        return _refused(request, error)
    if too_many(request, session, "invite", now_ms):
        return _form(
            request,
            invitation,
            name=name,
            errors={"form": "Too many tries; wait a few minutes."},
            status=429,
        )
    try:
        csrf.verify(request, csrf_token, settings_of(request).secret_key)
    except csrf.CsrfRefused as error:
        return _form(request, invitation, name=name, errors={"form": str(error)}, status=403)
    if password != again:
        return _form(
            request,
            invitation,
            name=name,
            errors={"again": "The two passwords differ."},
            status=422,
        )
    try:
        with write_lock(session.get_bind().engine):
            account = invitations.accept(
                session, invitation=invitation, name=name, password=password, now_ms=now_ms
            )
            assert account.id is not None
            session_id, _row = account_sessions.start(session, account_id=account.id, now_ms=now_ms)
    except (AlreadyExists, invitations.InvitationUsed):
        return _refused(request, invitations.InvitationUsed("this invitation has been used"))
    except InvalidInput as error:
        field, _, message = str(error).partition(": ")
        key = "name" if field == "name" else "password"
        return _form(
            request,
            invitation,
            name=name,
            errors={key: message[:1].upper() + message[1:]},
            status=422,
        )
    response = RedirectResponse(HOME, status_code=303)
    set_session_cookie(request, response, session_id)
    return response
