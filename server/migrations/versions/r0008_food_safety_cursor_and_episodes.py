"""The food-safety job's tables: a cursor per fridge and the episodes it recorded.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

- food_safety_cursor: per fridge, the newest event arrival the job has evaluated,
  when it did, and when the outcome next changes with no new event.
- food_safety_episode: each too-warm excursion, door left open and sensor fault
  recorded (its alert and updates share its key), so a rerun records nothing twice.

Both start empty: the job's first run evaluates every fridge's recent history.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "food_safety_cursor",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("seen_ms", sa.BigInteger(), nullable=False),
        sa.Column("evaluated_ms", sa.BigInteger(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("due_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("site_id"),
    )
    op.create_table(
        "food_safety_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("start_ms", sa.BigInteger(), nullable=False),
        sa.Column("end_ms", sa.BigInteger(), nullable=True),
        sa.Column("cause", sa.String(length=16), nullable=True),
        sa.Column("peak_c", sa.Float(), nullable=True),
        sa.Column("news", sa.Boolean(), nullable=False),
        sa.Column("discovered_ms", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('too_warm', 'door_open', 'sensor')", name="ck_food_safety_episode_kind"
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("food_safety_episode", schema=None) as batch_op:
        batch_op.create_index(
            "ix_food_safety_episode_site_kind_start", ["site_id", "kind", "start_ms"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("food_safety_episode", schema=None) as batch_op:
        batch_op.drop_index("ix_food_safety_episode_site_kind_start")

    op.drop_table("food_safety_episode")
    op.drop_table("food_safety_cursor")
