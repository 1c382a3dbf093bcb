"""The food-safety job's own tables: where it got to per fridge, and the episodes
it has recorded (server/jobs/food_safety.py, the rule in services/food_safety.py).

The episodes are what the job compares a fresh evaluation with: an episode seen
again (the same kind, overlapping in time) is the one already recorded, even when
late events moved its start a little, so its alert and updates are written once.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Float, Index, String, Table
from sqlmodel import Field, SQLModel

EPISODE_KINDS = ("too_warm", "door_open", "sensor")


class FoodSafetyCursor(SQLModel, table=True):
    """How far the job has read a fridge's events, and when it must look again."""

    __tablename__ = "food_safety_cursor"

    site_id: int = Field(foreign_key="site.id", primary_key=True)
    # The newest `received_ms` of the site's events the last evaluation read.
    seen_ms: int = Field(sa_type=BigInteger)
    evaluated_ms: int = Field(sa_type=BigInteger)
    # The thresholds it was judged by ("5.0/15/30/5/15"): a change re-judges the
    # whole window, not only what is new.
    rule: str = Field(sa_type=String(64))
    # When the outcome changes with no new event (a door's limit passing, a sensor
    # going silent); NULL when only a new event can change it.
    due_ms: int | None = Field(default=None, sa_type=BigInteger)


class FoodSafetyEpisode(SQLModel, table=True):
    """One excursion, door left open or sensor fault, as recorded (alert, updates)."""

    __tablename__ = "food_safety_episode"
    __table_args__ = (
        Index("ix_food_safety_episode_site_kind_start", "site_id", "kind", "start_ms"),
        CheckConstraint(
            "kind IN ('too_warm', 'door_open', 'sensor')", name="ck_food_safety_episode_kind"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    kind: str = Field(sa_type=String(16))
    # The alert's and the updates' key ("too_warm:<site id>:<start ms>").
    key: str = Field(sa_type=String(128), unique=True)
    start_ms: int = Field(sa_type=BigInteger)
    end_ms: int | None = Field(default=None, sa_type=BigInteger)
    # sensor: silent, fault or impossible.
    cause: str | None = Field(default=None, sa_type=String(16))
    peak_c: float | None = Field(default=None, sa_type=Float)
    # False when it was already over, or long past, when the hub heard of it.
    news: bool = Field(sa_type=Boolean)
    discovered_ms: int = Field(sa_type=BigInteger)


FOOD_SAFETY_CURSOR_TABLE: Table = SQLModel.metadata.tables["food_safety_cursor"]
FOOD_SAFETY_EPISODE_TABLE: Table = SQLModel.metadata.tables["food_safety_episode"]
