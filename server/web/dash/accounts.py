"""/dashboard/accounts: the hub's accounts and open invitations, for organisers.

Invite an address with a role (the page shows the invitation's link once: the hub
sends no mail, the organiser passes it on), withdraw an invitation, change a role,
disable or re-enable an account. The last active organiser can be neither demoted
nor disabled (server/services/accounts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.errors import HubError, NotFound
from server.models_accounts import ROLES, Account
from server.permissions import Permission, allowed
from server.services import accounts, invitations
from server.web.dash.tiles import Tile, register_tile
from server.web.dash_auth import CheckedForm, requires
from server.web.dash_render import render_dash
from server.web.rota_common import absolute, settings_of

router = APIRouter(tags=["dashboard"])
Organiser = Annotated[Account, requires(Permission.ACCOUNTS)]
PAGE = "/dashboard/accounts"
# What each role is for, in the invite form and the list.
ROLE_WORDS = {
    "organiser": "Organiser: everything, including accounts and kiosks",
    "moderator": "Moderator: moderation, replies, charts",
    "volunteer": "Volunteer: charts only",
}
assert set(ROLE_WORDS) == set(ROLES)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _page(
    request: Request,
    session: Session,
    account: Account,
    now_ms: int,
    *,
    invited: dict[str, Any] | None = None,
    error: str = "",
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render_dash(
        request,
        account,
        "dash/accounts.html",
        {
            "accounts": accounts.list_accounts(session),
            "invitations": invitations.open_invitations(session, now_ms=now_ms),
            "roles": ROLE_WORDS,
            "invited": invited,
            "error": error,
            "values": values or {},
            "life_days": invitations.INVITATION_LIFE_MS // 86_400_000,
        },
        status_code=status,
    )


@router.get("/dashboard/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request, session: SessionDep, now_ms: NowMsDep, account: Organiser
) -> HTMLResponse:
    """Every account and open invitation, with the forms that change them."""
    return _page(request, session, account, now_ms)


@router.post("/dashboard/accounts/invite", response_class=HTMLResponse)
def invite(
    request: Request, session: SessionDep, now_ms: NowMsDep, account: Organiser, form: CheckedForm
) -> HTMLResponse:
    """Make an invitation and show its link, this once."""
    email, role = str(form.get("email") or ""), str(form.get("role") or "")
    assert account.id is not None
    try:
        with write_lock(session.get_bind().engine):
            invitation = invitations.invite(
                session, email=email, role=role, invited_by=account.id, now_ms=now_ms
            )
    except HubError as error:
        message = str(error).partition(": ")[2] or str(error)
        values = {"email": email, "role": role}
        return _page(
            request, session, account, now_ms, error=_sentence(message), values=values, status=422
        )
    token = invitations.token_for(settings_of(request).secret_key, invitation)
    invited = {
        "email": invitation.email,
        "role": invitation.role,
        "link": absolute(request, f"/invite/{token}"),
        "expires_ms": invitation.expires_ms,
    }
    return _page(request, session, account, now_ms, invited=invited, status=201)


def _act(
    request: Request, session: Session, account: Account, now_ms: int, action: Callable[[], object]
) -> Response:
    try:
        with write_lock(session.get_bind().engine):
            action()
    except NotFound:
        return _page(request, session, account, now_ms, error="No such account.", status=404)
    except HubError as error:
        message = str(error).partition(": ")[2] or str(error)
        return _page(request, session, account, now_ms, error=_sentence(message), status=409)
    return RedirectResponse(PAGE, status_code=303)


@router.post("/dashboard/accounts/{account_id}/role", response_class=HTMLResponse)
def change_role(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Organiser,
    form: CheckedForm,
    account_id: int,
) -> Response:
    """Give an account another role."""
    role = str(form.get("role") or "")
    return _act(
        request,
        session,
        account,
        now_ms,
        lambda: accounts.set_role(session, account_id=account_id, role=role),
    )


@router.post("/dashboard/accounts/{account_id}/disable", response_class=HTMLResponse)
def disable(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Organiser,
    _form: CheckedForm,
    account_id: int,
) -> Response:
    """Disable an account: it cannot sign in, and its sessions end now."""
    return _act(
        request,
        session,
        account,
        now_ms,
        lambda: accounts.disable(session, account_id=account_id, now_ms=now_ms),
    )


@router.post("/dashboard/accounts/{account_id}/enable", response_class=HTMLResponse)
def enable(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Organiser,
    _form: CheckedForm,
    account_id: int,
) -> Response:
    """Let a disabled account sign in again."""
    return _act(
        request, session, account, now_ms, lambda: accounts.enable(session, account_id=account_id)
    )


@router.post(
    "/dashboard/accounts/invitations/{invitation_id}/withdraw", response_class=HTMLResponse
)
def withdraw(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: Organiser,
    _form: CheckedForm,
    invitation_id: int,
) -> Response:
    """Withdraw an open invitation: its link stops working."""
    return _act(
        request,
        session,
        account,
        now_ms,
        lambda: invitations.withdraw(session, invitation_id=invitation_id, now_ms=now_ms),
    )


@register_tile
def open_invitations_tile(session: Session, account: Account, now_ms: int) -> Tile | None:
    """Organisers: how many invitations wait to be taken up."""
    if not allowed(account.role, Permission.ACCOUNTS):
        return None
    waiting = len(invitations.open_invitations(session, now_ms=now_ms))
    active = sum(1 for each in accounts.list_accounts(session) if each.disabled_ms is None)
    return Tile(
        "Accounts",
        str(active),
        f"{waiting} invitation{'s' if waiting != 1 else ''} open"
        if waiting
        else "no invitation open",
        PAGE,
    )
