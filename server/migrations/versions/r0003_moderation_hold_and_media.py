"""Moderation hold for notes and doodles; media references and held media.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

- moderation: one row per event of a moderated kind (note, doodle), `held` on
  arrival, then `approved` or `rejected` (with a reason, when and by whom).
- moderation_log: append-only audit of holds and decisions.
- media_ref: the media hashes an event refers to (a doodle's PNG), and whether the
  hub holds the bytes; the push answer's `missing_media` reads it.
- media: the bytes the hub holds in its media store, by SHA-256.
- kiosk: `media_missing`, set when its events name bytes the hub lacks, so a push
  answer looks missing_media up only for such kiosks.

Events already held (0.1.0 and 0002 hubs took no notes or doodles) need nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATE_CHECK = "state IN ('held', 'approved', 'rejected')"


def upgrade() -> None:
    op.create_table(
        "moderation",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("decided_ms", sa.BigInteger(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("event_id"),
        sa.CheckConstraint(STATE_CHECK, name="ck_moderation_state"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
    )
    op.create_index("ix_moderation_state", "moderation", ["state"], unique=False)

    op.create_table(
        "moderation_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("decided_ms", sa.BigInteger(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint(STATE_CHECK, name="ck_moderation_log_state"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
    )
    op.create_index("ix_moderation_log_event", "moderation_log", ["event_id"], unique=False)

    op.create_table(
        "media_ref",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosk.id"]),
    )
    op.create_index(
        "ix_media_ref_kiosk_present", "media_ref", ["kiosk_id", "present"], unique=False
    )
    op.create_index("ix_media_ref_sha256", "media_ref", ["sha256"], unique=False)

    op.create_table(
        "media",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("stored_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosk.id"]),
    )

    with op.batch_alter_table("kiosk") as batch:
        batch.add_column(
            sa.Column("media_missing", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("kiosk") as batch:
        batch.drop_column("media_missing")
    # The records go; the bytes stay in the media store (no schema reaches them).
    for table in ("media", "media_ref", "moderation_log", "moderation"):
        op.drop_table(table)
