"""GET and POST /account/password: any signed-in account changes its own password.

The current password is asked for (a browser left signed in is not enough), and
every other session of the account ends: a password changed because it leaked
signs the other browser out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.errors import InvalidInput
from server.services import accounts
from server.services.passwords import MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS
from server.web.dash_auth import CheckedForm, LoginDep
from server.web.dash_render import render_dash
from server.web.rota_common import too_many

router = APIRouter(tags=["dashboard"])


def _page(
    request: Request,
    login: LoginDep,
    *,
    errors: dict[str, str] | None = None,
    done: bool = False,
    status: int = 200,
) -> HTMLResponse:
    return render_dash(
        request,
        login.account,
        "dash/password.html",
        {
            "errors": errors or {},
            "done": done,
            "min_password": MIN_PASSWORD_CHARS,
            "max_password": MAX_PASSWORD_CHARS,
        },
        status_code=status,
    )


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, login: LoginDep, changed: str = "") -> HTMLResponse:
    """The form: current password, new password twice."""
    return _page(request, login, done=bool(changed))


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request, session: SessionDep, now_ms: NowMsDep, login: LoginDep, form: CheckedForm
) -> Response:
    """Set the new password; the other sessions end, this one stays."""
    if too_many(request, session, "password", now_ms):
        return _page(
            request, login, errors={"form": "Too many tries; wait a few minutes."}, status=429
        )
    current, new, again = (str(form.get(name) or "") for name in ("current", "new", "again"))
    if new != again:
        return _page(request, login, errors={"again": "The two new passwords differ."}, status=422)
    try:
        with write_lock(session.get_bind().engine):
            accounts.change_password(
                session,
                account=login.account,
                current=current,
                new=new,
                now_ms=now_ms,
                keep_session=login.session.id_hash,
            )
    except InvalidInput as error:
        field, _, message = str(error).partition(": ")
        key = "current" if field == "current_password" else "new"
        return _page(request, login, errors={key: message[:1].upper() + message[1:]}, status=422)
    return RedirectResponse("/account/password?changed=1", status_code=303)
