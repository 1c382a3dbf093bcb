"""The kiosk fleet's health: the newest heartbeat of each kiosk, kept in one row.

Written by the heartbeat kind's `after_store` (server/events/heartbeat.py) in the
push's transaction, so the dashboard's fleet list reads one row per kiosk instead of
searching the event table for each kiosk's newest heartbeat. The heartbeats
themselves stay in the event table like every event; this row is derived from them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, String, Table
from sqlmodel import Field, SQLModel

from storywall.protocol.limits import MAX_LAST_ERROR_CHARS, MAX_SOFTWARE_CHARS


class KioskHealth(SQLModel, table=True):
    """How a kiosk said it was in its newest heartbeat, and what the hub refused of it.

    The heartbeat columns are None until the kiosk's first heartbeat (a row can be
    made earlier, by a push whose events the hub rejected). `boot_id`, `seq` and
    `at_ms` say which heartbeat is held, so an older one arriving later (a replay, a
    week of catch-up) never replaces it (server/events/kiosk_health.py)."""

    __tablename__ = "kiosk_health"

    kiosk_id: str = Field(sa_type=String(63), primary_key=True, foreign_key="kiosk.id")
    event_id: str | None = Field(default=None, sa_type=String(36))
    boot_id: str | None = Field(default=None, sa_type=String(64))
    seq: int | None = Field(default=None, sa_type=BigInteger)
    # When the hub places the heartbeat (epoch ms); None while it cannot tell.
    at_ms: int | None = Field(default=None, sa_type=BigInteger)
    received_ms: int | None = Field(default=None, sa_type=BigInteger)
    clock_synced: bool | None = Field(default=None, sa_type=Boolean)
    software: str | None = Field(default=None, sa_type=String(MAX_SOFTWARE_CHARS))
    uptime_s: int | None = Field(default=None, sa_type=BigInteger)
    cpu_temp_c: float | None = Field(default=None, sa_type=Float)
    disk_free_mb: int | None = Field(default=None, sa_type=BigInteger)
    last_error: str | None = Field(default=None, sa_type=String(MAX_LAST_ERROR_CHARS))
    # The kiosk's outbox as it reported it: waiting to be sent, and set aside.
    outbox_pending: int | None = Field(default=None, sa_type=BigInteger)
    outbox_in_flight: int | None = Field(default=None, sa_type=BigInteger)
    outbox_rejected: int | None = Field(default=None, sa_type=BigInteger)
    # Events of this kiosk the hub answered `rejected`, counted by the push path.
    hub_rejected: int = Field(
        default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"}
    )
    hub_rejected_ms: int | None = Field(default=None, sa_type=BigInteger)


KIOSK_HEALTH_TABLE: Table = SQLModel.metadata.tables["kiosk_health"]
