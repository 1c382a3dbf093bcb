"""Kiosk health: the newest heartbeat of each kiosk, in one row per kiosk.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

- kiosk_health: what a kiosk's newest heartbeat said (outbox backlog and rejected
  count, software version, clock synchronised, CPU temperature, free disk, uptime,
  last error) and which heartbeat that was (boot, sequence number, when the hub
  places it), plus how many of its events the hub itself rejected.

The heartbeats already held are read once: each kiosk's newest (latest placed time,
then highest sequence number; an undated one only when it has no dated one) fills its
row, so the fleet list is complete the moment the hub is upgraded. No existing row
changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each kiosk's newest heartbeat, as server/events/kiosk_health.py judges "newest"
# for a kiosk's own history; ROW_NUMBER runs on SQLite 3.25+ and PostgreSQL alike.
NEWEST_HEARTBEATS = """
SELECT id, kiosk_id, boot_id, seq, placed_ms, received_ms, clock_synced, payload
FROM (
    SELECT id, kiosk_id, boot_id, seq, placed_ms, received_ms, clock_synced, payload,
           ROW_NUMBER() OVER (
               PARTITION BY kiosk_id
               ORDER BY CASE WHEN placed_ms IS NULL THEN 1 ELSE 0 END,
                        placed_ms DESC, received_ms DESC, seq DESC
           ) AS newest
    FROM event
    WHERE type = 'heartbeat'
) AS ranked
WHERE newest = 1
"""


def upgrade() -> None:
    health = op.create_table(
        "kiosk_health",
        sa.Column("kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.Column("boot_id", sa.String(length=64), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("at_ms", sa.BigInteger(), nullable=True),
        sa.Column("received_ms", sa.BigInteger(), nullable=True),
        sa.Column("clock_synced", sa.Boolean(), nullable=True),
        sa.Column("software", sa.String(length=40), nullable=True),
        sa.Column("uptime_s", sa.BigInteger(), nullable=True),
        sa.Column("cpu_temp_c", sa.Float(), nullable=True),
        sa.Column("disk_free_mb", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("outbox_pending", sa.BigInteger(), nullable=True),
        sa.Column("outbox_in_flight", sa.BigInteger(), nullable=True),
        sa.Column("outbox_rejected", sa.BigInteger(), nullable=True),
        sa.Column("hub_rejected", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("hub_rejected_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosk.id"]),
        sa.PrimaryKeyConstraint("kiosk_id"),
    )
    assert health is not None
    rows = [_row(found) for found in op.get_bind().execute(sa.text(NEWEST_HEARTBEATS)).mappings()]
    if rows:
        op.bulk_insert(health, rows)


def _row(found: Any) -> dict[str, Any]:
    """A kiosk_health row from a stored heartbeat (its payload JSON as stored)."""
    payload = found["payload"]
    body = json.loads(payload) if isinstance(payload, str) else dict(payload)
    outbox = body.get("outbox") or {}
    return {
        "kiosk_id": found["kiosk_id"],
        "event_id": found["id"],
        "boot_id": found["boot_id"],
        "seq": found["seq"],
        "at_ms": found["placed_ms"],
        "received_ms": found["received_ms"],
        "clock_synced": bool(found["clock_synced"]),
        "software": body.get("software") or "",
        "uptime_s": body.get("uptime_s"),
        "cpu_temp_c": body.get("cpu_temp_c"),
        "disk_free_mb": body.get("disk_free_mb"),
        "last_error": body.get("last_error"),
        "outbox_pending": outbox.get("pending", 0),
        "outbox_in_flight": outbox.get("in_flight", 0),
        "outbox_rejected": outbox.get("rejected", 0),
        "hub_rejected": 0,
        "hub_rejected_ms": None,
    }


def downgrade() -> None:
    op.drop_table("kiosk_health")
