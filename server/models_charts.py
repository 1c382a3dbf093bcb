"""The charts' rollup: counts of events per site, local day and kind (and per hour for
the charts drawn by hour), kept so the dashboard's charts read a few thousand rows
for a year instead of a million events.

The raw events stay the truth: every rollup row can be rebuilt from them
(server/services/rollup.py, docs/charts.md). A push marks the UTC days its events
(and any events it re-placed in time) fall on in `chart_rollup_mark`, in its own
transaction; the rollup job, and a chart page before it reads a site, recount the
marked days from the raw events and delete the marks.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, SmallInteger, String, Table
from sqlmodel import Field, SQLModel

# `day` of the undated events' rows (placed_ms NULL): counted apart, never guessed.
UNDATED_DAY = 0
# `utc_day` of a mark for a site's undated events.
UNDATED_MARK = -1
# chart_rollup_hour's kinds.
HOUR_PEOPLE = "people"
HOUR_TEMPERATURE = "temperature"


class ChartRollup(SQLModel, table=True):
    """What a site's events of one kind came to on one local day.

    The key: site, local `day` (YYYYMMDD in the site's time zone, UNDATED_DAY for
    undated events, whose `weekday` is 0), event `type`, and for reactions, notes
    and doodles the prompt (0: none), the choice key ('' when none) and play.
    Alongside the count: notes and doodles that followed a press (`followed`), the
    items of drop-offs (`qty`), and the valid readings of thermometers (min, max,
    sum and count, for means)."""

    __tablename__ = "chart_rollup"
    __table_args__ = (
        # Every site's days at once (the page's default view) without reading every
        # site's whole history.
        Index("ix_chart_rollup_day", "day"),
        # Clustered on its key in SQLite, so a site's year is one contiguous range.
        {"sqlite_with_rowid": False},
    )

    site_id: int = Field(foreign_key="site.id", primary_key=True)
    day: int = Field(sa_type=Integer, primary_key=True)
    type: str = Field(sa_type=String(32), primary_key=True)
    prompt_id: int = Field(sa_type=Integer, primary_key=True)
    choice: str = Field(sa_type=String(16), primary_key=True)
    play: bool = Field(sa_type=Boolean, primary_key=True)
    # Monday 0 .. Sunday 6 of `day` (0 for undated).
    weekday: int = Field(sa_type=SmallInteger)
    n: int = Field(sa_type=Integer)
    followed: int = Field(default=0, sa_type=Integer)
    qty: int = Field(default=0, sa_type=Integer)
    t_min: float | None = Field(default=None, sa_type=Float)
    t_max: float | None = Field(default=None, sa_type=Float)
    t_sum: float | None = Field(default=None, sa_type=Float)
    t_n: int = Field(default=0, sa_type=Integer)


class ChartRollupHour(SQLModel, table=True):
    """What a site's events came to in one local hour, for the charts drawn by hour:
    kind HOUR_PEOPLE (reactions, notes and doodles: the weekday-by-hour heatmap) and
    HOUR_TEMPERATURE (valid readings: a short range's temperature). Dated only."""

    __tablename__ = "chart_rollup_hour"
    __table_args__ = (
        Index("ix_chart_rollup_hour_kind_day", "kind", "day"),
        {"sqlite_with_rowid": False},
    )

    site_id: int = Field(foreign_key="site.id", primary_key=True)
    kind: str = Field(sa_type=String(16), primary_key=True)
    day: int = Field(sa_type=Integer, primary_key=True)
    hour: int = Field(sa_type=SmallInteger, primary_key=True)
    weekday: int = Field(sa_type=SmallInteger)
    n: int = Field(sa_type=Integer)
    t_min: float | None = Field(default=None, sa_type=Float)
    t_max: float | None = Field(default=None, sa_type=Float)
    t_sum: float | None = Field(default=None, sa_type=Float)
    t_n: int = Field(default=0, sa_type=Integer)


class ChartRollupMark(SQLModel, table=True):
    """A UTC day of a site whose rollup rows must be counted again (UNDATED_MARK: its
    undated events). Written by pushes; deleted by the refresh that recounts it."""

    __tablename__ = "chart_rollup_mark"

    site_id: int = Field(foreign_key="site.id", primary_key=True)
    utc_day: int = Field(sa_type=Integer, primary_key=True)
    marked_ms: int = Field(sa_type=BigInteger)


class ChartRollupSite(SQLModel, table=True):
    """A site whose rollup is built, and the time zone its days were counted in: a
    site without a row, or whose zone changed since, is rebuilt whole."""

    __tablename__ = "chart_rollup_site"

    site_id: int = Field(foreign_key="site.id", primary_key=True)
    timezone: str = Field(sa_type=String(64))
    built_ms: int = Field(sa_type=BigInteger)


CHART_ROLLUP_TABLE: Table = SQLModel.metadata.tables["chart_rollup"]
CHART_ROLLUP_HOUR_TABLE: Table = SQLModel.metadata.tables["chart_rollup_hour"]
CHART_ROLLUP_MARK_TABLE: Table = SQLModel.metadata.tables["chart_rollup_mark"]
CHART_ROLLUP_SITE_TABLE: Table = SQLModel.metadata.tables["chart_rollup_site"]
