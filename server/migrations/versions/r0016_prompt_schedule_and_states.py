"""Prompt schedules (which sites, from when until when) and a prompt's states.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

- prompt_run: one row per (prompt, site) with `start_ms` and `end_ms` (NULL: open
  ended), so a prompt runs at several sites, each from its own local morning. Every
  existing prompt keeps its site and runs from its creation, open-ended: the newest
  prompt of a site stays its current one, as before.
- prompt: `locked_ms` (shows its results, takes no new answers), `closed_ms` (ended
  early by an organiser), `archived_ms` (off the organiser's lists), and
  `results_revealed` (the wall shows its tallies; existing prompts keep showing them,
  as they did before this revision).

Going down drops the schedules and states: each prompt is again its site's by
creation time, and the newest is current.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("prompt") as batch:
        batch.add_column(sa.Column("locked_ms", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("closed_ms", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("archived_ms", sa.BigInteger(), nullable=True))
        batch.add_column(
            sa.Column("results_revealed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "prompt_run",
        sa.Column("prompt_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("start_ms", sa.BigInteger(), nullable=False),
        sa.Column("end_ms", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("end_ms IS NULL OR end_ms >= start_ms", name="ck_prompt_run_order"),
        sa.ForeignKeyConstraint(["prompt_id"], ["prompt.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("prompt_id", "site_id"),
    )
    with op.batch_alter_table("prompt_run") as batch:
        batch.create_index("ix_prompt_run_site_start", ["site_id", "start_ms"], unique=False)
    op.execute(
        "INSERT INTO prompt_run (prompt_id, site_id, start_ms, end_ms) "
        "SELECT id, site_id, created_ms, NULL FROM prompt"
    )
    # The wall showed every prompt's tallies until now: the prompts already running
    # keep doing so; a new one waits for the organiser to reveal it.
    op.execute("UPDATE prompt SET results_revealed = true")


def downgrade() -> None:
    with op.batch_alter_table("prompt_run") as batch:
        batch.drop_index("ix_prompt_run_site_start")
    op.drop_table("prompt_run")
    with op.batch_alter_table("prompt") as batch:
        for column in ("results_revealed", "archived_ms", "closed_ms", "locked_ms"):
            batch.drop_column(column)
