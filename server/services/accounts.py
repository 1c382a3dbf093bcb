"""Accounts: create one, find one by e-mail, check a password, change it, change a
role, disable one. Keyword arguments throughout; errors from server/errors.py with
messages fit for an organiser's screen.

An organiser can never leave the hub without an active organiser: the last one
cannot be disabled or given another role (`LastOrganiser`).
"""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from server.errors import AlreadyExists, InvalidInput, NotFound
from server.models_accounts import MAX_ACCOUNT_NAME_CHARS, MAX_EMAIL_CHARS, ROLES, Account
from server.services import account_sessions
from server.services.passwords import (
    check_password,
    hash_password,
    needs_rehash,
    spend_like_a_check,
    verify_password,
)

# Enough to catch a typo ("ana.example.org", "ana@example"), not RFC 5322: the
# address is only ever shown to organisers, never mailed by the hub.
_EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]+")


class LastOrganiser(InvalidInput):
    """A change that would leave the hub with no active organiser."""


def normalise_email(email: str) -> str:
    """The address as stored: trimmed and lower-case; InvalidInput if it is not one."""
    address = email.strip().lower()
    if len(address) > MAX_EMAIL_CHARS or not _EMAIL.fullmatch(address):
        raise InvalidInput(f"email: {email.strip()[:60]!r} is not an e-mail address")
    return address


def clean_name(name: str, *, email: str = "") -> str:
    """A display name with its spaces tidied; the e-mail's local part when empty."""
    tidy = " ".join(name.split()) or email.split("@", 1)[0]
    if not tidy or len(tidy) > MAX_ACCOUNT_NAME_CHARS:
        raise InvalidInput(f"name: 1 to {MAX_ACCOUNT_NAME_CHARS} characters")
    if any(ord(character) < 32 for character in tidy):
        raise InvalidInput("name: no control characters")
    return tidy


def check_role(role: str) -> str:
    """`role` if it is one of ROLES; InvalidInput otherwise."""
    if role not in ROLES:
        raise InvalidInput(f"role: one of {', '.join(ROLES)}, not {role[:20]!r}")
    return role


def account_by_email(session: Session, *, email: str) -> Account | None:
    """The account with this address (any case), or None."""
    address = email.strip().lower()
    return session.exec(select(Account).where(Account.email == address)).first()


def create_account(
    session: Session, *, email: str, name: str, role: str, password: str, now_ms: int
) -> Account:
    """Add an account; InvalidInput for a bad address, name, role or weak password,
    AlreadyExists when the address has an account. Commits."""
    address = normalise_email(email)
    account = Account(
        email=address,
        name=clean_name(name, email=address),
        role=check_role(role),
        password_hash="",
        created_ms=now_ms,
        password_changed_ms=now_ms,
    )
    check_password(password, email=address)
    if account_by_email(session, email=address) is not None:
        raise AlreadyExists(f"email: {address} already has an account")
    account.password_hash = hash_password(password)
    session.add(account)
    try:
        session.commit()
    except IntegrityError as error:  # a concurrent create won the race
        session.rollback()
        raise AlreadyExists(f"email: {address} already has an account") from error
    session.refresh(account)
    return account


def authenticate(session: Session, *, email: str, password: str) -> Account | None:
    """The active account with this address and password, else None. As slow for an
    unknown address as for a wrong password. A hash made with older parameters is
    replaced (commits)."""
    account = account_by_email(session, email=email)
    if account is None:
        spend_like_a_check(password)
        return None
    if not verify_password(account.password_hash, password) or account.disabled_ms is not None:
        return None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        session.add(account)
        session.commit()
    return account


def change_password(
    session: Session,
    *,
    account: Account,
    current: str,
    new: str,
    now_ms: int,
    keep_session: str | None = None,
) -> None:
    """Set a new password after checking the current one (InvalidInput if wrong or
    weak). Every session of the account ends but `keep_session` (an id hash). Commits."""
    if not verify_password(account.password_hash, current):
        raise InvalidInput("current_password: that is not your current password")
    check_password(new, email=account.email)
    if new == current:
        raise InvalidInput("password: choose one other than your current password")
    account.password_hash = hash_password(new)
    account.password_changed_ms = now_ms
    session.add(account)
    assert account.id is not None
    account_sessions.end_all(session, account_id=account.id, keep=keep_session, commit=False)
    session.commit()


def _active_organisers(session: Session) -> int:
    # FOR UPDATE: on PostgreSQL two organisers demoting each other at once wait for
    # each other, so the second is refused. SQLite ignores it; there the hub's writers
    # take turns (write_lock), and another process's write in between makes this
    # transaction's own write fail as busy rather than act on a stale count.
    statement = (
        select(Account.id)
        .where(Account.role == "organiser", Account.disabled_ms.is_(None))  # type: ignore[union-attr]
        .with_for_update()
    )
    return len(session.exec(statement).all())


def _get(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"account {account_id} does not exist")
    return account


def set_role(session: Session, *, account_id: int, role: str) -> Account:
    """Give an account another role; LastOrganiser for the last active organiser. Commits."""
    account = _get(session, account_id)
    check_role(role)
    if (
        account.role == "organiser"
        and role != "organiser"
        and account.disabled_ms is None
        and _active_organisers(session) <= 1
    ):
        raise LastOrganiser("role: the hub needs at least one organiser; make another first")
    account.role = role
    session.add(account)
    session.commit()
    session.refresh(account)
    return account


def disable(session: Session, *, account_id: int, now_ms: int) -> Account:
    """Disable an account and end its sessions; LastOrganiser for the last active
    organiser. Disabling a disabled account changes nothing. Commits."""
    account = _get(session, account_id)
    if account.disabled_ms is not None:
        return account
    if account.role == "organiser" and _active_organisers(session) <= 1:
        raise LastOrganiser("the hub needs at least one organiser; make another first")
    account.disabled_ms = now_ms
    session.add(account)
    account_sessions.end_all(session, account_id=account_id, commit=False)
    session.commit()
    session.refresh(account)
    return account


def enable(session: Session, *, account_id: int) -> Account:
    """Let a disabled account sign in again (with its old password). Commits."""
    account = _get(session, account_id)
    account.disabled_ms = None
    session.add(account)
    session.commit()
    session.refresh(account)
    return account


def list_accounts(session: Session) -> list[Account]:
    """Every account, active ones first, then by name."""
    accounts = session.exec(select(Account)).all()
    return sorted(accounts, key=lambda a: (a.disabled_ms is not None, a.name.casefold(), a.id))
