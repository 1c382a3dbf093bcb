"""Fridges, their public updates and alerts, background-job leases, shared rate limits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

- fridge: one row per site that is a community fridge: address, map position,
  opening notes, accept / do-not-accept rules, photo moderation and the food-safety
  thresholds, and the kiosk row its drop-off and check forms post as.
- fridge_update: public transparency updates, one per thing they are about (`key`).
- alert: what caretakers must act on, open until cleared, and what digests told.
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
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=False),
        sa.Column("raised_ms", sa.BigInteger(), nullable=False),
        sa.Column("cleared_ms", sa.BigInteger(), nullable=True),
        sa.Column("told_raised_ms", sa.BigInteger(), nullable=True),
        sa.Column("told_cleared_ms", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('too_warm', 'door_open', 'sensor', 'missed_slot', 'kiosk_silent')",
            name="ck_alert_kind",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index("ix_alert_site_open", ["site_id", "cleared_ms"], unique=False)

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
    op.create_table(
        "fridge_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("occurred_ms", sa.BigInteger(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.Column("photo", sa.String(length=64), nullable=True),
        sa.Column("news", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('dropoff', 'status', 'too_warm', 'recovered', 'door_open', 'sensor',"
            " 'check', 'daily')",
            name="ck_fridge_update_kind",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("fridge_update", schema=None) as batch_op:
        batch_op.create_index("ix_fridge_update_occurred", ["occurred_ms"], unique=False)
        batch_op.create_index(
            "ix_fridge_update_site_occurred", ["site_id", "occurred_ms"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("fridge_update", schema=None) as batch_op:
        batch_op.drop_index("ix_fridge_update_site_occurred")
        batch_op.drop_index("ix_fridge_update_occurred")

    op.drop_table("fridge_update")
    op.drop_table("fridge")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_site_open")

    op.drop_table("alert")
    with op.batch_alter_table("rate_hit", schema=None) as batch_op:
        batch_op.drop_index("ix_rate_hit_window")

    op.drop_table("rate_hit")
    op.drop_table("job_lease")
