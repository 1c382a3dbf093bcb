"""The outbound queue: deliveries owed to publishers (webhook, Mastodon, alert digests).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

- outbound_item: one row per (publisher, update or digest), unique per pair, with its
  attempts, next try, delivered / failed times, last error and the lease of the
  process sending it.

Nothing existing changes; no row is written: updates already in the database are
enqueued by the publish job, which skips those older than a day (they are history).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbound_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publisher", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_ms", sa.BigInteger(), nullable=False),
        sa.Column("delivered_ms", sa.BigInteger(), nullable=True),
        sa.Column("failed_ms", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("lease_holder", sa.String(length=63), nullable=True),
        sa.Column("lease_until_ms", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "publisher IN ('webhook', 'mastodon', 'alert_webhook', 'alert_email')",
            name="ck_outbound_item_publisher",
        ),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["fridge_update.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("publisher", "key", name="uq_outbound_item_publisher_key"),
    )
    with op.batch_alter_table("outbound_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbound_item_due", ["delivered_ms", "failed_ms", "next_try_ms"], unique=False
        )
        batch_op.create_index(
            "ix_outbound_item_publisher_created", ["publisher", "created_ms"], unique=False
        )
        batch_op.create_index("ix_outbound_item_update", ["update_id", "publisher"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbound_item", schema=None) as batch_op:
        batch_op.drop_index("ix_outbound_item_update")
        batch_op.drop_index("ix_outbound_item_publisher_created")
        batch_op.drop_index("ix_outbound_item_due")

    op.drop_table("outbound_item")
