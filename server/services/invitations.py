"""Invitations: an organiser invites an e-mail address to join with a role; the hub
makes a signed link (the hub sends no mail: the organiser passes the link on), and
whoever opens it picks a name and password and has the account.

A link names its invitation row, signed with the hub's secret (server/signing.py), so
it cannot be forged or re-purposed; the row makes it good once, until it expires
(INVITATION_LIFE_MS), unless withdrawn or replaced by a newer invitation to the same
address.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select

from server.errors import AlreadyExists
from server.models_accounts import Account, Invitation
from server.services.accounts import (
    account_by_email,
    check_role,
    create_account,
    normalise_email,
)
from server.signing import LinkExpired, LinkRefused, sign, unsign

INVITATION_LIFE_MS = 7 * 24 * 3600 * 1000
_PURPOSE = "invite"


class InvitationUsed(LinkRefused):
    """An invitation link that was used, withdrawn or replaced."""


def invite(session: Session, *, email: str, role: str, invited_by: int, now_ms: int) -> Invitation:
    """A new invitation (earlier open ones to the address are withdrawn); AlreadyExists
    when the address has an account. Commits."""
    address = normalise_email(email)
    check_role(role)
    if account_by_email(session, email=address) is not None:
        raise AlreadyExists(f"email: {address} already has an account")
    session.execute(
        update(Invitation)
        .where(
            Invitation.email == address,  # type: ignore[arg-type]
            Invitation.accepted_ms.is_(None),  # type: ignore[union-attr]
            Invitation.withdrawn_ms.is_(None),  # type: ignore[union-attr]
        )
        .values(withdrawn_ms=now_ms)
    )
    invitation = Invitation(
        email=address,
        role=role,
        invited_by=invited_by,
        created_ms=now_ms,
        expires_ms=now_ms + INVITATION_LIFE_MS,
    )
    session.add(invitation)
    session.commit()
    session.refresh(invitation)
    return invitation


def token_for(secret_key: str, invitation: Invitation) -> str:
    """The signed token of an invitation's link (`/invite/<token>`)."""
    return sign(secret_key, _PURPOSE, {"i": invitation.id})


def read(session: Session, *, secret_key: str, token: str, now_ms: int) -> Invitation:
    """The open invitation a link names; LinkRefused (forged), InvitationUsed (used,
    withdrawn or replaced) or LinkExpired otherwise."""
    value = unsign(secret_key, _PURPOSE, token)
    invitation_id = value.get("i") if isinstance(value, dict) else None
    invitation = session.get(Invitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None:
        raise LinkRefused("this invitation is not valid")
    if invitation.accepted_ms is not None:
        raise InvitationUsed("this invitation has been used; sign in instead")
    if invitation.withdrawn_ms is not None:
        raise InvitationUsed("this invitation was withdrawn; ask the organiser for a new one")
    if now_ms >= invitation.expires_ms:
        raise LinkExpired("this invitation has expired; ask the organiser for a new one")
    return invitation


def accept(
    session: Session, *, invitation: Invitation, name: str, password: str, now_ms: int
) -> Account:
    """Make the invited account (InvalidInput for a bad name or weak password) and mark
    the invitation used, once: a second acceptance at the same moment gets
    InvitationUsed. Commits."""
    account = create_account(
        session,
        email=invitation.email,
        name=name,
        role=invitation.role,
        password=password,
        now_ms=now_ms,
    )
    taken = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,  # type: ignore[arg-type]
            Invitation.accepted_ms.is_(None),  # type: ignore[union-attr]
        )
        .values(accepted_ms=now_ms, account_id=account.id)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise InvitationUsed("this invitation has been used; sign in instead")
    session.commit()
    return account


def withdraw(session: Session, *, invitation_id: int, now_ms: int) -> None:
    """Withdraw an open invitation (its link stops working). Commits."""
    session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation_id,  # type: ignore[arg-type]
            Invitation.accepted_ms.is_(None),  # type: ignore[union-attr]
            Invitation.withdrawn_ms.is_(None),  # type: ignore[union-attr]
        )
        .values(withdrawn_ms=now_ms)
    )
    session.commit()


def open_invitations(session: Session, *, now_ms: int) -> list[Invitation]:
    """Invitations not yet used, withdrawn or expired, newest first."""
    statement = (
        select(Invitation)
        .where(
            Invitation.accepted_ms.is_(None),  # type: ignore[union-attr]
            Invitation.withdrawn_ms.is_(None),  # type: ignore[union-attr]
            Invitation.expires_ms > now_ms,
        )
        .order_by(Invitation.created_ms.desc())  # type: ignore[attr-defined]
    )
    return list(session.exec(statement).all())
