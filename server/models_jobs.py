"""Tables the hub's processes share to coordinate: job leases and rate-limit counts."""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, String, Table
from sqlmodel import Field, SQLModel


class JobLease(SQLModel, table=True):
    """Which hub process runs a background job now, and when it last finished.

    A worker runs a job only after taking its lease with a conditional UPDATE (or the
    first INSERT), so with several workers, or several hubs on one PostgreSQL, each
    due run happens once (server/jobs/)."""

    __tablename__ = "job_lease"

    name: str = Field(sa_type=String(63), primary_key=True)
    holder: str | None = Field(default=None, sa_type=String(63))
    until_ms: int = Field(sa_type=BigInteger)
    last_run_ms: int | None = Field(default=None, sa_type=BigInteger)


class RateHit(SQLModel, table=True):
    """Requests counted per client key and fixed window, shared by every worker
    (server/services/rate_limit.py). Old windows are deleted as new ones start."""

    __tablename__ = "rate_hit"
    __table_args__ = (Index("ix_rate_hit_window", "window_ms"),)

    key: str = Field(sa_type=String(128), primary_key=True)
    window_ms: int = Field(sa_type=BigInteger, primary_key=True)
    count: int


JOB_LEASE_TABLE: Table = SQLModel.metadata.tables["job_lease"]
RATE_HIT_TABLE: Table = SQLModel.metadata.tables["rate_hit"]
