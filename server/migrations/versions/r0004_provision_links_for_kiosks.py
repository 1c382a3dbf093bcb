"""One-time provisioning links for kiosks.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

- provision: one row per link `storywall admin provision-kiosk` issues, keyed by
  the SHA-256 of its code (the code itself is never stored); when it expires, and
  when it was used or cancelled (a newer link for the kiosk, or its revocation).

Existing kiosks need nothing: they have no links until an organiser issues one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provision",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_ms", sa.BigInteger(), nullable=False),
        sa.Column("used_ms", sa.BigInteger(), nullable=True),
        sa.Column("cancelled_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("code_hash"),
        sa.CheckConstraint("expires_ms > created_ms", name="ck_provision_expires"),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosk.id"]),
    )
    op.create_index("ix_provision_kiosk", "provision", ["kiosk_id"], unique=False)


def downgrade() -> None:
    # Outstanding links go with the table; the kiosks keep their current tokens.
    op.drop_index("ix_provision_kiosk", table_name="provision")
    op.drop_table("provision")
