"""Exporting events as CSV or JSON, with no personal data, streamed.

The export is for organisers who want the numbers in a spreadsheet, and a file
travels: so it holds nothing that names or could reach a person. Decisions
(docs/charts.md, "Exports"):

- a payload field is exported only when it is on EXPORTED_FIELDS, its type's list
  of harmless fields; nicknames (drop-offs, checks), tokens and rota names never
  are, nor a field a later protocol version adds, until someone lists it here;
- a note's text only once a moderator approved it; a held, rejected or hidden
  note exports its row (it happened) with an empty text;
- a doodle's or a drop-off photo's media hash only once approved, likewise;
- events come from the same filter as the charts: some sites (or all) and local
  days (each site's own); undated events are in no day's range, so not exported.

Rows are read in batches from a streaming query and written out as they come, so
a year of a busy site never sits in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, or_, select
from sqlmodel import Session, col

from server.models import APPROVED, EVENT_TABLE, MODERATION_TABLE, Site
from server.services.charts import ChartFilter
from server.services.rollup_count import day_bounds

# Harmless payload fields per event type; anything else stays out of the export.
EXPORTED_FIELDS: dict[str, tuple[str, ...]] = {
    "reaction": ("source",),
    "note": ("language", "template"),
    "doodle": ("width", "height"),
    "dropoff": (
        "via",
        "items",
        "prepared_on",
        "best_before",
        "allergens",
        "level",
        "condition",
    ),
    "check": ("via", "done", "celsius_read", "level", "condition"),
    "temperature": ("sensor_id", "celsius", "fault"),
    "door": ("state", "open_for_s"),
    "heartbeat": ("software", "uptime_s", "cpu_temp_c", "disk_free_mb"),
}
COLUMNS = (
    "id",
    "site",
    "kiosk",
    "type",
    "placed_at",
    "placed_by",
    "received_at",
    "prompt_id",
    "choice",
    "play",
    "text",
    "media",
    "details",
)
_BATCH = 2_000
_E = EVENT_TABLE.c
_M = MODERATION_TABLE.c


def _iso(ms: int | None) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class _Scope:
    slugs: dict[int, str]
    where: Any


def _scope(session: Session, chart_filter: ChartFilter) -> _Scope:
    """Each chosen site's own [start, end) of the filter's local days."""
    query = select(Site).order_by(col(Site.id))
    if chart_filter.site_ids is not None:
        query = query.where(col(Site.id).in_(chart_filter.site_ids))
    sites = list(session.scalars(query))
    ranges = []
    for site in sites:
        start_ms, end_ms = day_bounds(
            ZoneInfo(site.timezone), chart_filter.first, chart_filter.last
        )
        ranges.append(and_(_E.site_id == site.id, _E.placed_ms >= start_ms, _E.placed_ms < end_ms))
    slugs = {site.id: site.slug for site in sites if site.id is not None}
    return _Scope(slugs, or_(*ranges) if ranges else _E.site_id.is_(None))


def _media(type_name: str, payload: dict[str, Any]) -> str:
    if type_name == "doodle":
        return str(payload.get("media") or "")
    if type_name == "dropoff":
        return str(payload.get("photo") or "")
    return ""


def export_rows(engine: Engine, chart_filter: ChartFilter) -> Iterator[dict[str, Any]]:
    """The filter's events as export rows (COLUMNS), oldest first per site, streamed
    from a session of its own (a response streams after its request's session)."""
    with Session(engine) as session:
        scope = _scope(session, chart_filter)
        query = (
            select(
                _E.id,
                _E.site_id,
                _E.kiosk_id,
                _E.type,
                _E.placed_ms,
                _E.placed_by,
                _E.received_ms,
                _E.prompt_id,
                _E.choice,
                _E.play,
                _E.payload,
                _M.state,
            )
            .outerjoin(MODERATION_TABLE, _M.event_id == _E.id)
            .where(scope.where)
            .order_by(_E.site_id, _E.placed_ms, _E.id)
        )
        result = session.connection().execute(query.execution_options(yield_per=_BATCH))
        for row in result:
            payload = row.payload if isinstance(row.payload, dict) else {}
            approved = row.state == APPROVED
            allowed = EXPORTED_FIELDS.get(row.type, ())
            details = {name: payload[name] for name in allowed if payload.get(name) is not None}
            yield {
                "id": row.id,
                "site": scope.slugs.get(row.site_id, ""),
                "kiosk": row.kiosk_id,
                "type": row.type,
                "placed_at": _iso(row.placed_ms),
                "placed_by": row.placed_by or "",
                "received_at": _iso(row.received_ms),
                "prompt_id": row.prompt_id,
                "choice": row.choice,
                "play": bool(row.play),
                "text": str(payload.get("text", "")) if row.type == "note" and approved else "",
                "media": _media(row.type, payload) if approved else "",
                "details": details,
            }


def _csv_cell(value: Any) -> Any:
    """A cell as written; text a spreadsheet would run as a formula gets a quote first."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_chunks(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The rows as CSV text, a header first, in chunks of a batch of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(row[name]) for name in COLUMNS])
        if count % _BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The rows as one JSON array of objects, written as they come."""
    yield "["
    first = True
    pending: list[str] = []
    for row in rows:
        pending.append(("" if first else ",") + json.dumps(row, ensure_ascii=False))
        first = False
        if len(pending) >= _BATCH:
            yield "".join(pending)
            pending = []
    yield "".join(pending) + "]\n"
