"""The caretaker rota: the check times organisers set per fridge, and their slots.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

- rota_schedule: a recurring check time (HH:MM in the site's time zone, on some
  weekdays) at a fridge; removed ones stay for their slots' history.
- rota_slot: one due check, expanded from a schedule for the coming days: who took it
  (a nickname, organisers only, and the claim behind their personal link), the check
  event that fulfilled it, when it was flagged missed and when that flag was cleared.

No existing row changes: a fridge has no rota until an organiser adds a check time.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rota_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=5), nullable=False),
        sa.Column("days", sa.String(length=27), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("removed_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rota_schedule", schema=None) as batch_op:
        batch_op.create_index("ix_rota_schedule_site", ["site_id", "removed_ms"], unique=False)

    op.create_table(
        "rota_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("due_ms", sa.BigInteger(), nullable=False),
        sa.Column("nickname", sa.String(length=40), nullable=True),
        sa.Column("claim", sa.String(length=32), nullable=True),
        sa.Column("taken_ms", sa.BigInteger(), nullable=True),
        sa.Column("done_event_id", sa.String(length=36), nullable=True),
        sa.Column("done_ms", sa.BigInteger(), nullable=True),
        sa.Column("missed_ms", sa.BigInteger(), nullable=True),
        sa.Column("cleared_ms", sa.BigInteger(), nullable=True),
        sa.Column("cancelled_ms", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("(nickname IS NULL) = (claim IS NULL)", name="ck_rota_slot_taken"),
        sa.ForeignKeyConstraint(
            ["done_event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["rota_schedule.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("done_event_id"),
        sa.UniqueConstraint("schedule_id", "due_ms", name="uq_rota_slot_schedule_due"),
    )
    with op.batch_alter_table("rota_slot", schema=None) as batch_op:
        batch_op.create_index("ix_rota_slot_site_due", ["site_id", "due_ms"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rota_slot", schema=None) as batch_op:
        batch_op.drop_index("ix_rota_slot_site_due")

    op.drop_table("rota_slot")
    with op.batch_alter_table("rota_schedule", schema=None) as batch_op:
        batch_op.drop_index("ix_rota_schedule_site")

    op.drop_table("rota_schedule")
