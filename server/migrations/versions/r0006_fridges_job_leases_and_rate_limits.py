"""Fridges, background-job leases and shared rate limits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

- fridge: one row per site that is a community fridge: address, map position,
  opening notes, accept / do-not-accept rules, photo moderation and the food-safety
  thresholds, and the kiosk row its drop-off and check forms post as.
- job_lease: which hub process runs each background job (one run per due time, across
  workers and hubs on one database).
- rate_hit: request counts per client key and window, shared by every worker.

Existing sites stay parks: none becomes a fridge until an organiser says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_lease",
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("holder", sa.String(length=63), nullable=True),
        sa.Column("until_ms", sa.BigInteger(), nullable=False),
        sa.Column("last_run_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "rate_hit",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("window_ms", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_ms"),
    )
    with op.batch_alter_table("rate_hit", schema=None) as batch_op:
        batch_op.create_index("ix_rate_hit_window", ["window_ms"], unique=False)

    op.create_table(
        "fridge",
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("opening_notes", sa.String(length=200), nullable=False),
        sa.Column("accepts", sa.JSON(), nullable=False),
        sa.Column("refuses", sa.JSON(), nullable=False),
        sa.Column("moderate_photos", sa.Boolean(), nullable=False),
        sa.Column("warm_above_c", sa.Float(), nullable=False),
        sa.Column("warm_for_min", sa.Integer(), nullable=False),
        sa.Column("recover_for_min", sa.Integer(), nullable=False),
        sa.Column("door_open_limit_min", sa.Integer(), nullable=False),
        sa.Column("silent_after_min", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("form_kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="ck_fridge_position"),
        sa.ForeignKeyConstraint(
            ["form_kiosk_id"],
            ["kiosk.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("site_id"),
        sa.UniqueConstraint("form_kiosk_id"),
    )


def downgrade() -> None:
    op.drop_table("fridge")
    with op.batch_alter_table("rate_hit", schema=None) as batch_op:
        batch_op.drop_index("ix_rate_hit_window")

    op.drop_table("rate_hit")
    op.drop_table("job_lease")
