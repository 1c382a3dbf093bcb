"""The caretaker rota's tables: the check times organisers set, and the slots they make.

A schedule ("daily at 10:00", "mon,thu at 18:30", in the fridge site's time zone) is
expanded into concrete slots, one row per due time, for the coming ROTA_DAYS_AHEAD
days (server/services/rota.py). A slot is what a volunteer takes, what a check
fulfils and what is flagged when nobody came. docs/fridges.md tells the rules.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Index, String, Table, UniqueConstraint
from sqlmodel import Field, SQLModel

from storywall.protocol.limits import MAX_NICKNAME_CHARS

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# "mon,tue,...,sun" is the longest a schedule's day list can be.
MAX_DAYS_CHARS = 27


class RotaSchedule(SQLModel, table=True):
    """A recurring check time at a fridge: `at` (HH:MM, the site's local time) on `days`
    (comma-separated WEEKDAYS). Removing one keeps its past slots as history."""

    __tablename__ = "rota_schedule"
    __table_args__ = (Index("ix_rota_schedule_site", "site_id", "removed_ms"),)

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    at: str = Field(sa_type=String(5))
    days: str = Field(sa_type=String(MAX_DAYS_CHARS))
    created_ms: int = Field(sa_type=BigInteger)
    removed_ms: int | None = Field(default=None, sa_type=BigInteger)


class RotaSlot(SQLModel, table=True):
    """One due check at a fridge. Taken: `nickname` (organisers only, never public)
    and `claim`, the random part of the taker's personal link, so a released slot's
    old link stops working. Done: the check event that fulfilled it. Missed: when
    the rota job flagged it (once), and when a later check cleared that flag."""

    __tablename__ = "rota_slot"
    __table_args__ = (
        UniqueConstraint("schedule_id", "due_ms", name="uq_rota_slot_schedule_due"),
        Index("ix_rota_slot_site_due", "site_id", "due_ms"),
        CheckConstraint("(nickname IS NULL) = (claim IS NULL)", name="ck_rota_slot_taken"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    schedule_id: int = Field(foreign_key="rota_schedule.id")
    due_ms: int = Field(sa_type=BigInteger)
    nickname: str | None = Field(default=None, sa_type=String(MAX_NICKNAME_CHARS))
    claim: str | None = Field(default=None, sa_type=String(32))
    taken_ms: int | None = Field(default=None, sa_type=BigInteger)
    done_event_id: str | None = Field(
        default=None, sa_type=String(36), foreign_key="event.id", unique=True
    )
    done_ms: int | None = Field(default=None, sa_type=BigInteger)
    missed_ms: int | None = Field(default=None, sa_type=BigInteger)
    cleared_ms: int | None = Field(default=None, sa_type=BigInteger)
    # Its schedule was removed before it was due: shown nowhere, flagged never.
    cancelled_ms: int | None = Field(default=None, sa_type=BigInteger)


ROTA_SCHEDULE_TABLE: Table = SQLModel.metadata.tables["rota_schedule"]
ROTA_SLOT_TABLE: Table = SQLModel.metadata.tables["rota_slot"]
