"""Moderation: the `hidden` state, automatic flags, and pre- or post-moderation per site.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

- moderation, moderation_log: `state` may also be `hidden` (approved, then taken down).
- moderation_flag: the hints computed when a note, doodle or photo arrives (profanity,
  a burst from one kiosk, a near-duplicate, too short, a language the site does not
  use), one row per event and kind.
- site: `moderation`, `pre` (held until a person approves: every site so far) or
  `post` (public at once unless flagged).

Existing rows keep their states; every site stays pre-moderated.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATES = "state IN ('held', 'approved', 'rejected')"
NEW_STATES = "state IN ('held', 'approved', 'rejected', 'hidden')"
FLAG_KINDS = "kind IN ('profanity', 'burst', 'duplicate', 'short', 'language')"


def _states(check: str) -> None:
    for table in ("moderation", "moderation_log"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"ck_{table}_state", type_="check")
            batch_op.create_check_constraint(f"ck_{table}_state", check)


def upgrade() -> None:
    _states(NEW_STATES)
    op.create_table(
        "moderation_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(FLAG_KINDS, name="ck_moderation_flag_kind"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "kind", name="uq_moderation_flag_event_kind"),
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("moderation", sa.String(length=4), server_default="pre", nullable=False)
        )
        batch_op.create_check_constraint("ck_site_moderation", "moderation IN ('pre', 'post')")


def downgrade() -> None:
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_constraint("ck_site_moderation", type_="check")
        batch_op.drop_column("moderation")
    op.drop_table("moderation_flag")
    # A hidden event was approved before it was taken down; the older schema has no
    # word for that, so it goes back to `rejected` (public nowhere, as it was).
    op.execute("UPDATE moderation SET state = 'rejected' WHERE state = 'hidden'")
    op.execute("UPDATE moderation_log SET state = 'rejected' WHERE state = 'hidden'")
    _states(OLD_STATES)
