"""Marking what a push changed for the charts' rollup (models_charts.py).

The ingest pipeline's one generic step for the charts: whatever its type, each
stored event marks the UTC day it was placed on (or its site's undated bucket),
and a boot re-placed in time marks every day its events spanned before and after.
The marks are written once, at the end of the push's transaction, sorted, so two
pushes take their row locks in the same order; the rollup refresh
(services/rollup.py) recounts the marked days from the raw events.

An opinion press also marks the day FOLLOW_MS after it: a note or doodle stored
before it (out of order) may follow it, and that note's day is then counted again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Insert, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from server.models import Event
from server.models_charts import CHART_ROLLUP_MARK_TABLE, UNDATED_MARK

DAY_MS = 86_400_000
# A note or doodle within this long after a press (the kiosk's monotonic clock)
# "follows" it (docs/charts.md, "Community health").
FOLLOW_MS = 5 * 60_000
REACTION = "reaction"


def utc_day(placed_ms: int | None) -> int:
    """The mark of an event placed at `placed_ms` (UNDATED_MARK when undated)."""
    return UNDATED_MARK if placed_ms is None else placed_ms // DAY_MS


@dataclass
class RollupMarks:
    """The (site, UTC day) pairs one transaction touched, written at its end."""

    days: set[tuple[int, int]] = field(default_factory=set)

    def event(self, site_id: int, type_name: str, placed_ms: int | None, play: bool) -> None:
        """One stored event."""
        if placed_ms is None:
            self.days.add((site_id, UNDATED_MARK))
            return
        self.days.add((site_id, placed_ms // DAY_MS))
        if type_name == REACTION and not play:
            self.days.add((site_id, (placed_ms + FOLLOW_MS) // DAY_MS))

    def boot(
        self, session: Session, *, kiosk_id: str, boot_id: str, unsynced_only: bool = True
    ) -> None:
        """Every day a boot's events (its unsynchronised ones: those re-placed) span
        now; called before and after they are re-placed. One grouped query."""
        query = select(
            Event.site_id,
            func.min(Event.placed_ms),
            func.max(Event.placed_ms),
            func.count() - func.count(col(Event.placed_ms)),
        ).where(Event.kiosk_id == kiosk_id, Event.boot_id == boot_id)
        if unsynced_only:
            query = query.where(col(Event.clock_synced).is_(False))
        for site_id, low, high, undated in session.exec(query.group_by(col(Event.site_id))):
            if undated:
                self.days.add((site_id, UNDATED_MARK))
            if low is not None and high is not None:
                for day in range(low // DAY_MS, (high + FOLLOW_MS) // DAY_MS + 1):
                    self.days.add((site_id, day))

    def write(self, session: Session, now_ms: int) -> None:
        """Upsert the marks, in key order. DO UPDATE, not DO NOTHING: on PostgreSQL it
        locks a mark a refresh is recounting, so this push waits for that refresh and
        its mark outlives it (docs/charts.md, "The rollup")."""
        if not self.days:
            return
        connection = session.connection()
        rows = [
            {"site_id": site_id, "utc_day": day, "marked_ms": now_ms}
            for site_id, day in sorted(self.days)
        ]
        # One statement with bound parameters, compiled once per dialect: a push
        # marks a day or two, and building a VALUES list for them cost more than
        # writing them.
        connection.execute(_upsert(connection.dialect.name), rows)
        self.days.clear()


@cache
def _upsert(dialect: str) -> Insert:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(CHART_ROLLUP_MARK_TABLE)
    upsert: Insert = statement.on_conflict_do_update(
        index_elements=["site_id", "utc_day"],
        set_={"marked_ms": statement.excluded.marked_ms},
    )
    return upsert
