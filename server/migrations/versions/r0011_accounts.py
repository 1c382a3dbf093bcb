"""The organiser hub's accounts: account, account_session, invitation, login_failure.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

- account: a person who signs in (e-mail, name, role, Argon2 password hash).
- account_session: a signed-in browser, kept as the SHA-256 of its cookie's id.
- invitation: an organiser's signed link for someone to join with a role.
- login_failure: failed sign-ins per (hashed) e-mail address, for the lock-out.

No existing row changes: a hub starts with no account until
`storywall admin create-organiser` makes the first.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("password_changed_ms", sa.BigInteger(), nullable=True),
        sa.Column("disabled_ms", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "role IN ('organiser', 'moderator', 'volunteer')", name="ck_account_role"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "login_failure",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_ms", sa.BigInteger(), nullable=False),
        sa.Column("locked_until_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "account_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("last_seen_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    with op.batch_alter_table("account_session", schema=None) as batch_op:
        batch_op.create_index("ix_account_session_account", ["account_id"], unique=False)

    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_ms", sa.BigInteger(), nullable=False),
        sa.Column("accepted_ms", sa.BigInteger(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_ms", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "role IN ('organiser', 'moderator', 'volunteer')", name="ck_invitation_role"
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("invitation")
    with op.batch_alter_table("account_session", schema=None) as batch_op:
        batch_op.drop_index("ix_account_session_account")

    op.drop_table("account_session")
    op.drop_table("login_failure")
    op.drop_table("account")
