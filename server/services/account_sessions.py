"""Signed-in sessions: a random id in the browser's cookie, its SHA-256 in the
database (account_session), so a copy of the database signs nobody in.

A session ends after IDLE_MS without a request, after ABSOLUTE_MS whatever happens,
on logout, and when its account is disabled or changes its password (the other
sessions). Each has its own CSRF token, which every state-changing form carries.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from server.models_accounts import Account, AccountSession

# A shift of volunteering with the dashboard open, but not overnight.
IDLE_MS = 12 * 3600 * 1000
# Sign in again at least once a week, whatever.
ABSOLUTE_MS = 7 * 24 * 3600 * 1000
# last_seen_ms is written at most this often, not on every request.
TOUCH_EVERY_MS = 60 * 1000
# token_urlsafe(32) is 43 characters; anything much longer is not ours.
MAX_SESSION_ID_CHARS = 64


@dataclass(frozen=True)
class Login:
    """A request's signed-in account and its session row."""

    account: Account
    session: AccountSession


def hash_session_id(session_id: str) -> str:
    """The hex SHA-256 stored for a cookie's session id."""
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


def start(session: Session, *, account_id: int, now_ms: int) -> tuple[str, AccountSession]:
    """A new session for the account: (the id for the cookie, its row). Commits."""
    session_id = secrets.token_urlsafe(32)
    row = AccountSession(
        id_hash=hash_session_id(session_id),
        account_id=account_id,
        csrf_token=secrets.token_urlsafe(32),
        created_ms=now_ms,
        last_seen_ms=now_ms,
    )
    session.add(row)
    # Sessions that ran out are deleted as new ones start.
    session.execute(
        delete(AccountSession).where(
            or_(
                AccountSession.last_seen_ms < now_ms - IDLE_MS,  # type: ignore[arg-type]
                AccountSession.created_ms < now_ms - ABSOLUTE_MS,  # type: ignore[arg-type]
            )
        )
    )
    session.commit()
    return session_id, row


def find(session: Session, *, session_id: str | None, now_ms: int) -> Login | None:
    """The live session whose id the cookie holds, with its active account, or None.
    Reads only: the caller marks it seen (`touch`)."""
    if not session_id or len(session_id) > MAX_SESSION_ID_CHARS:
        return None
    row = session.get(AccountSession, hash_session_id(session_id))
    if row is None or expired(row, now_ms):
        return None
    account = session.get(Account, row.account_id)
    if account is None or account.disabled_ms is not None:
        return None
    return Login(account=account, session=row)


def stale(row: AccountSession, now_ms: int) -> bool:
    """Whether `touch` would write (it writes at most every TOUCH_EVERY_MS)."""
    return now_ms - row.last_seen_ms >= TOUCH_EVERY_MS


def touch(session: Session, *, row: AccountSession, now_ms: int) -> None:
    """Mark the session seen now, which keeps it from going idle. Commits."""
    row.last_seen_ms = now_ms
    session.add(row)
    session.commit()


def expired(row: AccountSession, now_ms: int) -> bool:
    """Whether the session has been idle too long or lived too long."""
    return now_ms - row.last_seen_ms >= IDLE_MS or now_ms - row.created_ms >= ABSOLUTE_MS


def end(session: Session, *, id_hash: str) -> None:
    """End one session (logout). Commits."""
    session.execute(delete(AccountSession).where(AccountSession.id_hash == id_hash))  # type: ignore[arg-type]
    session.commit()


def end_all(
    session: Session, *, account_id: int, keep: str | None = None, commit: bool = True
) -> None:
    """End every session of an account but `keep` (an id hash)."""
    statement = delete(AccountSession).where(AccountSession.account_id == account_id)  # type: ignore[arg-type]
    if keep is not None:
        statement = statement.where(AccountSession.id_hash != keep)  # type: ignore[arg-type]
    session.execute(statement)
    if commit:
        session.commit()


def count_for(session: Session, *, account_id: int) -> int:
    """How many sessions an account has (ended ones are gone)."""
    rows = session.exec(
        select(AccountSession.id_hash).where(AccountSession.account_id == account_id)
    )
    return len(rows.all())
