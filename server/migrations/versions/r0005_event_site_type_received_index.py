"""An index of a site's events by type and arrival, for the approved notes and doodles.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

- event: ix_event_site_type_received (site_id, type, received_ms). The kiosk config,
  the wall page and /wall.json show a site's newest approved notes or doodles; without
  it the query read every event of the site (reactions included) and sorted them, on
  every config pull. With it, it walks the site's notes (or doodles) newest first and
  stops after the few it shows.

Existing events are indexed as they are; nothing else changes. A plain CREATE INDEX
(no table copy on SQLite).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_event_site_type_received", "event", ["site_id", "type", "received_ms"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_event_site_type_received", table_name="event")
