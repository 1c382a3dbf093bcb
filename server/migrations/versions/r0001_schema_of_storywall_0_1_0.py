"""The schema of storywall 0.1.0, as SQLModel.metadata.create_all made it.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

A database made by 0.1.0 (these tables, no alembic_version) is stamped with this
revision by server.core.migrate.upgrade instead of running it. So it must stay exactly
this schema, on SQLite and on PostgreSQL: names, types, nullability, keys, indexes and
constraint order (tests/migrations compare it with a dump of a 0.1.0 database).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_site_slug", "site", ["slug"], unique=True)

    op.create_table(
        "kiosk",
        sa.Column("id", sa.String(length=63), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("revoked_ms", sa.BigInteger(), nullable=True),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("last_seen_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
    )
    op.create_index("ix_kiosk_token_hash", "kiosk", ["token_hash"], unique=True)
    op.create_index("ix_kiosk_site_id", "kiosk", ["site_id"], unique=False)

    op.create_table(
        "prompt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("emoji", sa.JSON(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
    )
    op.create_index("ix_prompt_site_created", "prompt", ["site_id", "created_ms"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("boot_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("mono_ms", sa.BigInteger(), nullable=False),
        sa.Column("wall_ms", sa.BigInteger(), nullable=False),
        sa.Column("clock_synced", sa.Boolean(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("v", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_ms", sa.BigInteger(), nullable=False),
        sa.Column("placed_ms", sa.BigInteger(), nullable=True),
        sa.Column("placed_by", sa.String(length=8), nullable=True),
        sa.Column("prompt_id", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("placed_by IN ('kiosk', 'ntp', 'hub')", name="ck_event_placed_by"),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosk.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.ForeignKeyConstraint(["prompt_id"], ["prompt.id"]),
    )
    op.create_index(
        "ix_event_site_prompt_placed",
        "event",
        ["site_id", "prompt_id", "placed_ms", "choice"],
        unique=False,
    )
    op.create_index("ix_event_kiosk_boot", "event", ["kiosk_id", "boot_id"], unique=False)
    op.create_index("ix_event_kiosk_seq", "event", ["kiosk_id", "seq"], unique=False)

    op.create_table(
        "boot_anchor",
        sa.Column("kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("boot_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("offset_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kiosk_id", "boot_id", "source"),
        sa.CheckConstraint("source IN ('ntp', 'hub')", name="ck_boot_anchor_source"),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosk.id"]),
    )


def downgrade() -> None:
    # Back to nothing: every table of the hub, and so all of its data, goes.
    for table in ("boot_anchor", "event", "prompt", "kiosk", "site"):
        op.drop_table(table)
