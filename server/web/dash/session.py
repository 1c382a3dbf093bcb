"""POST /logout: end this browser's session."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from server.api.deps import SessionDep
from server.core.writers import write_lock
from server.services import account_sessions
from server.web.dash_auth import CheckedForm, LoginDep, clear_session_cookie

router = APIRouter(tags=["dashboard"])


@router.post("/logout", status_code=303)
def log_out(
    request: Request, session: SessionDep, login: LoginDep, _form: CheckedForm
) -> RedirectResponse:
    """Sign out: the session is deleted on the hub and its cookie in the browser."""
    with write_lock(session.get_bind().engine):
        account_sessions.end(session, id_hash=login.session.id_hash)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    clear_session_cookie(request, response)
    return response
