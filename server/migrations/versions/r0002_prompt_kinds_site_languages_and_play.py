"""Prompt kinds and languages, site languages and house rules, play presses.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

- prompt: `kind` (emoji, poll, slider), a poll's `options`, `texts` and `option_texts`
  per language, `follow_up`. Existing prompts are emoji prompts with a follow-up.
- site: `languages` (the first the default; existing sites speak English), quiet
  hours (`quiet_start`, `quiet_end`: both or neither), `operator` and `contact`.
- event: `play`, derived from a reaction's payload so tallies leave play out without
  reading JSON; filled here from the payloads already held. The tally index gains it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLY_INDEX = "ix_event_site_prompt_placed"


def upgrade() -> None:
    with op.batch_alter_table("prompt") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=8), server_default="emoji", nullable=False)
        )
        batch.add_column(
            sa.Column("options", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch.add_column(
            sa.Column("texts", sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
        )
        batch.add_column(
            sa.Column("option_texts", sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
        )
        batch.add_column(
            sa.Column("follow_up", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch.create_check_constraint("ck_prompt_kind", "kind IN ('emoji', 'poll', 'slider')")

    with op.batch_alter_table("site") as batch:
        batch.add_column(
            sa.Column("languages", sa.JSON(), server_default=sa.text("'[\"en\"]'"), nullable=False)
        )
        batch.add_column(sa.Column("quiet_start", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("quiet_end", sa.String(length=5), nullable=True))
        batch.add_column(
            sa.Column("operator", sa.String(length=200), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("contact", sa.String(length=200), server_default="", nullable=False)
        )
        batch.create_check_constraint(
            "ck_site_quiet_hours", "(quiet_start IS NULL) = (quiet_end IS NULL)"
        )

    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("play", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.drop_index(TALLY_INDEX)
        batch.create_index(
            TALLY_INDEX, ["site_id", "prompt_id", "placed_ms", "choice", "play"], unique=False
        )
    # Reactions a kiosk already marked as play (the field came with protocol 1's
    # kiosk experience, before this column): derive the column from them.
    if op.get_context().dialect.name == "postgresql":
        flagged = "(payload::jsonb ->> 'play') = 'true'"
    else:
        flagged = "json_extract(payload, '$.play') = 1"
    op.execute(f"UPDATE event SET play = true WHERE type = 'reaction' AND {flagged}")  # noqa: S608


def downgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.drop_index(TALLY_INDEX)
        batch.create_index(TALLY_INDEX, ["site_id", "prompt_id", "placed_ms", "choice"])
        batch.drop_column("play")
    with op.batch_alter_table("site") as batch:
        batch.drop_constraint("ck_site_quiet_hours", type_="check")
        for column in ("contact", "operator", "quiet_end", "quiet_start", "languages"):
            batch.drop_column(column)
    with op.batch_alter_table("prompt") as batch:
        batch.drop_constraint("ck_prompt_kind", type_="check")
        for column in ("follow_up", "option_texts", "texts", "options", "kind"):
            batch.drop_column(column)
