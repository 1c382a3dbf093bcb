"""The charts' rollup: counts per site, local day (and hour) and kind, marks and sites.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

- chart_rollup: what a site's events came to per local day, by type, prompt,
  choice and play (WITHOUT ROWID on SQLite: clustered on its key).
- chart_rollup_hour: per local hour, for the heatmap and short temperature ranges.
- chart_rollup_mark: UTC days of a site that pushes touched since they were counted.
- chart_rollup_site: sites whose rollup is built, and the time zone it was built in.
- ix_event_site_placed on event (site_id, placed_ms): the recount of one day.

No existing row changes and nothing is counted here: a site without a
chart_rollup_site row is built whole from its raw events by the first refresh (the
rollup job, or the charts page), so a big hub migrates in moments.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chart_rollup",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("prompt_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.Column("play", sa.Boolean(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("followed", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("t_min", sa.Float(), nullable=True),
        sa.Column("t_max", sa.Float(), nullable=True),
        sa.Column("t_sum", sa.Float(), nullable=True),
        sa.Column("t_n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("site_id", "day", "type", "prompt_id", "choice", "play"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "chart_rollup_hour",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("hour", sa.SmallInteger(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("t_min", sa.Float(), nullable=True),
        sa.Column("t_max", sa.Float(), nullable=True),
        sa.Column("t_sum", sa.Float(), nullable=True),
        sa.Column("t_n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("site_id", "kind", "day", "hour"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_chart_rollup_day", "chart_rollup", ["day"], unique=False)
    op.create_index(
        "ix_chart_rollup_hour_kind_day", "chart_rollup_hour", ["kind", "day"], unique=False
    )
    op.create_table(
        "chart_rollup_mark",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("utc_day", sa.Integer(), nullable=False),
        sa.Column("marked_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("site_id", "utc_day"),
    )
    op.create_table(
        "chart_rollup_site",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("built_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("site_id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_site_placed", ["site_id", "placed_ms"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_site_placed")
    op.drop_table("chart_rollup_site")
    op.drop_table("chart_rollup_mark")
    op.drop_index("ix_chart_rollup_hour_kind_day", table_name="chart_rollup_hour")
    op.drop_index("ix_chart_rollup_day", table_name="chart_rollup")
    op.drop_table("chart_rollup_hour")
    op.drop_table("chart_rollup")
