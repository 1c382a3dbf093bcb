"""The organiser hub's people: accounts, their signed-in sessions, invitations, and
the failed sign-ins counted per e-mail address.

An account's password is kept only as an Argon2 hash; a session only as the SHA-256
of the random id its browser holds in a cookie; an invitation's link is signed and
the row says whether it was used. docs/accounts.md tells the rules.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Index, String, Table
from sqlmodel import Field, SQLModel

# Who may do what: server/permissions.py.
ROLES = ("organiser", "moderator", "volunteer")
# RFC 5321's longest path is 256 characters with its angle brackets.
MAX_EMAIL_CHARS = 254
MAX_ACCOUNT_NAME_CHARS = 80
_ROLE_CHECK = "role IN ('organiser', 'moderator', 'volunteer')"


class Account(SQLModel, table=True):
    """A person who signs in to the dashboard. `email` is stored lower-case; a
    disabled account (`disabled_ms`) cannot sign in and its sessions are gone."""

    __tablename__ = "account"
    __table_args__ = (CheckConstraint(_ROLE_CHECK, name="ck_account_role"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(MAX_EMAIL_CHARS), unique=True)
    name: str = Field(sa_type=String(MAX_ACCOUNT_NAME_CHARS))
    role: str = Field(sa_type=String(16))
    # argon2id's encoded form: parameters, salt and hash in one string.
    password_hash: str = Field(sa_type=String(255))
    created_ms: int = Field(sa_type=BigInteger)
    password_changed_ms: int | None = Field(default=None, sa_type=BigInteger)
    disabled_ms: int | None = Field(default=None, sa_type=BigInteger)


class AccountSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random id; only its SHA-256 is here, so
    a copy of the database signs nobody in. It ends when idle too long, when its
    absolute life is over, on logout, or when its account is disabled or changes
    its password (server/services/account_sessions.py)."""

    __tablename__ = "account_session"
    __table_args__ = (Index("ix_account_session_account", "account_id"),)

    id_hash: str = Field(sa_type=String(64), primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    # Every state-changing form of this session carries it (server/web/dash_auth.py).
    csrf_token: str = Field(sa_type=String(64))
    created_ms: int = Field(sa_type=BigInteger)
    last_seen_ms: int = Field(sa_type=BigInteger)


class Invitation(SQLModel, table=True):
    """An organiser's invitation of `email` to take `role`: a signed link naming this
    row, good once (`accepted_ms`) until `expires_ms`, unless withdrawn."""

    __tablename__ = "invitation"
    __table_args__ = (CheckConstraint(_ROLE_CHECK, name="ck_invitation_role"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(MAX_EMAIL_CHARS))
    role: str = Field(sa_type=String(16))
    invited_by: int = Field(foreign_key="account.id")
    created_ms: int = Field(sa_type=BigInteger)
    expires_ms: int = Field(sa_type=BigInteger)
    accepted_ms: int | None = Field(default=None, sa_type=BigInteger)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    withdrawn_ms: int | None = Field(default=None, sa_type=BigInteger)


class LoginFailure(SQLModel, table=True):
    """Failed sign-ins per e-mail address, whether or not an account has it (so a
    lock-out tells nobody which addresses exist). `key` is a keyed hash of the
    address; shared by every worker (server/services/login_guard.py)."""

    __tablename__ = "login_failure"

    key: str = Field(sa_type=String(64), primary_key=True)
    failures: int
    last_failure_ms: int = Field(sa_type=BigInteger)
    locked_until_ms: int | None = Field(default=None, sa_type=BigInteger)


ACCOUNT_TABLE: Table = SQLModel.metadata.tables["account"]
ACCOUNT_SESSION_TABLE: Table = SQLModel.metadata.tables["account_session"]
INVITATION_TABLE: Table = SQLModel.metadata.tables["invitation"]
LOGIN_FAILURE_TABLE: Table = SQLModel.metadata.tables["login_failure"]
