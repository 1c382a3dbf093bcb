"""Replies, spotlights and "you said, we did" cards, with their audit.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

- note_reply: an organiser's public answer to one approved note (one per note).
- spotlight: an approved note or doodle pinned on its site's wall until an end.
- you_said and you_said_link: a card saying what changed, for a site or the whole
  network, and the notes and prompts that asked for it.
- reply_audit: every post, edit and removal of the three, with its words.

No existing row changes: a hub has no replies, spotlights or cards until an organiser
writes one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reply_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=1122), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "action IN ('posted', 'edited', 'removed')", name="ck_reply_audit_action"
        ),
        sa.CheckConstraint(
            "subject IN ('reply', 'spotlight', 'you_said')", name="ck_reply_audit_subject"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reply_audit", schema=None) as batch_op:
        batch_op.create_index("ix_reply_audit_subject", ["subject", "subject_id"], unique=False)

    op.create_table(
        "you_said",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.Column("removed_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("you_said", schema=None) as batch_op:
        batch_op.create_index("ix_you_said_site_created", ["site_id", "created_ms"], unique=False)

    op.create_table(
        "note_reply",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.Column("removed_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("note_reply", schema=None) as batch_op:
        batch_op.create_index("ix_note_reply_site_updated", ["site_id", "updated_ms"], unique=False)

    op.create_table(
        "spotlight",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("starts_ms", sa.BigInteger(), nullable=False),
        sa.Column("ends_ms", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("removed_ms", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("ends_ms > starts_ms", name="ck_spotlight_ends"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("spotlight", schema=None) as batch_op:
        batch_op.create_index("ix_spotlight_event", ["event_id"], unique=False)
        batch_op.create_index("ix_spotlight_site_ends", ["site_id", "ends_ms"], unique=False)

    op.create_table(
        "you_said_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.Column("prompt_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(event_id IS NULL) <> (prompt_id IS NULL)", name="ck_you_said_link_one_target"
        ),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["you_said.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["prompt_id"],
            ["prompt.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("you_said_link", schema=None) as batch_op:
        batch_op.create_index("ix_you_said_link_card", ["card_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("you_said_link", schema=None) as batch_op:
        batch_op.drop_index("ix_you_said_link_card")

    op.drop_table("you_said_link")
    with op.batch_alter_table("spotlight", schema=None) as batch_op:
        batch_op.drop_index("ix_spotlight_site_ends")
        batch_op.drop_index("ix_spotlight_event")

    op.drop_table("spotlight")
    with op.batch_alter_table("note_reply", schema=None) as batch_op:
        batch_op.drop_index("ix_note_reply_site_updated")

    op.drop_table("note_reply")
    with op.batch_alter_table("you_said", schema=None) as batch_op:
        batch_op.drop_index("ix_you_said_site_created")

    op.drop_table("you_said")
    with op.batch_alter_table("reply_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_reply_audit_subject")

    op.drop_table("reply_audit")
