"""The public updates a push of drop-offs and checks brings (docs/fridges.md, "Updates").

DropoffKind and CheckKind call `follow_up_reports` from their `after_store`, inside the
push's transaction. Each drop-off becomes a "dropoff" update, each check a "check"
update, and a report whose level or condition differs from the fridge's previous one
also a "status" update. Keys name the event, so a replayed push (or a form posted
twice) writes nothing new.

What the public reads here is counts, categories, allergens, dates and status, in the
fridge's own timezone: never the nickname a volunteer typed, which no moderator read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, or_, select
from sqlmodel import Session

from server.events.registry import Stored
from server.models import EVENT_TABLE, Kiosk, Site
from server.updates import NewUpdate, record_updates
from storywall.protocol import CheckEvent, DropoffEvent

# An event placed more than this long before the hub received it is history, not news:
# it shows on the fridge's page and in its feeds at the time it happened, and is not
# pushed to publishers (the food-safety rule for late readings says the same).
NEWS_WINDOW_MS = 60 * 60 * 1000

REPORT_TYPES = ("dropoff", "check")

CATEGORY_WORDS = {
    "produce": "produce",
    "bread": "bread",
    "dairy": "dairy and eggs",
    "prepared": "prepared meals",
    "packaged": "packaged and dry",
    "other": "other",
}
LEVEL_WORDS = {
    0: "is now empty",
    1: "now has a few items",
    2: "now has many items",
    3: "is now full",
}
CONDITION_WORDS = {
    "good": "is in good condition",
    "dirty": "needs cleaning",
    "out_of_order": "needs repair",
    "not_at_location": "is not at its location",
    "ghost": "is reported gone",
}
TASK_WORDS = {
    "shelves_wiped": "shelves wiped",
    "out_of_date_removed": "out-of-date food removed",
    "temperature_read": "temperature read",
}

_EVENT = EVENT_TABLE.c
_LEVEL = _EVENT.payload["level"].as_integer()
_CONDITION = _EVENT.payload["condition"].as_string()


def is_news(placed_ms: int | None, received_ms: int) -> bool:
    """News unless it was placed more than NEWS_WINDOW_MS before the hub heard of it
    (or cannot be placed at all: an undated event is told as history)."""
    return placed_ms is not None and received_ms - placed_ms <= NEWS_WINDOW_MS


def local_clock(ms: int, timezone: str) -> str:
    """24-hour local time at the fridge ("14:05")."""
    return (
        datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(ZoneInfo(timezone)).strftime("%H:%M")
    )


def allergen_words(names: Sequence[str]) -> str:
    """ "milk, tree nuts" from the protocol's names."""
    return ", ".join(name.replace("_", " ") for name in names)


def items_words(items: Sequence[tuple[str, int]]) -> str:
    """ "6 produce, 2 bread" from (category, count) pairs in the form's order."""
    return ", ".join(f"{count} {CATEGORY_WORDS.get(name, name)}" for name, count in items)


def _stamp(title: str, placed_ms: int | None, timezone: str) -> str:
    return title if placed_ms is None else f"{title} · {local_clock(placed_ms, timezone)}"


def dropoff_update(site: Site, stored: Stored, now_ms: int) -> NewUpdate:
    """The "restocked" update of one drop-off."""
    event = stored.event
    assert isinstance(event, DropoffEvent) and site.id is not None
    payload = event.payload
    items = items_words(payload.items_in_order())
    lines = [f"Brought: {items}."]
    if payload.allergens:
        lines.append(f"Contains: {allergen_words(payload.allergens)}.")
    if payload.prepared_on is not None:
        lines.append(f"Prepared food made on {payload.prepared_on.isoformat()}.")
    if payload.best_before is not None:
        lines.append(f"Best before {payload.best_before.isoformat()}.")
    return NewUpdate(
        site_id=site.id,
        kind="dropoff",
        key=f"dropoff:{stored.id}",
        occurred_ms=stored.placed_ms if stored.placed_ms is not None else now_ms,
        title=_stamp(f"{site.name} restocked: {items}", stored.placed_ms, site.timezone),
        body=" ".join(lines),
        event_id=stored.id,
        photo=payload.photo,
        news=is_news(stored.placed_ms, now_ms),
    )


def check_update(site: Site, stored: Stored, now_ms: int) -> NewUpdate:
    """The "cleaned and checked" update of one check."""
    event = stored.event
    assert isinstance(event, CheckEvent) and site.id is not None
    payload = event.payload
    what = "cleaned and checked" if "shelves_wiped" in payload.done else "checked"
    done = [TASK_WORDS[task] for task in payload.done]
    body = "Done: " + ", ".join(done) + "."
    if payload.celsius_read is not None:
        body += f" The thermometer showed {payload.celsius_read:.1f} °C."
    return NewUpdate(
        site_id=site.id,
        kind="check",
        key=f"check:{stored.id}",
        occurred_ms=stored.placed_ms if stored.placed_ms is not None else now_ms,
        title=_stamp(f"{site.name} {what}", stored.placed_ms, site.timezone),
        body=body,
        event_id=stored.id,
        news=is_news(stored.placed_ms, now_ms),
    )


@dataclass
class _Status:
    level: int | None = None
    condition: str | None = None


def _latest_before(
    session: Session, site_id: int, before_ms: int, field: ColumnElement[object]
) -> object:
    # The fridge's latest report of this field placed before the push's first one.
    statement = (
        select(field)
        .where(
            _EVENT.site_id == site_id,
            _EVENT.type.in_(REPORT_TYPES),
            _EVENT.placed_ms < before_ms,
            field.is_not(None),
        )
        .order_by(_EVENT.placed_ms.desc(), _EVENT.received_ms.desc(), _EVENT.seq.desc())
        .limit(1)
    )
    return session.connection().execute(statement).scalar()


def status_updates(
    session: Session, site: Site, stored: Sequence[Stored], now_ms: int
) -> list[NewUpdate]:
    """A "status" update for each stored report that changed the fridge's level or
    condition from the report before it (in time, among all the fridge's reports).

    Three queries whatever the push's size: the latest level and the latest condition
    placed before the push's earliest report, then every report placed within the
    push's span (this push's, already in the table, and any stored earlier)."""
    assert site.id is not None
    reports = {
        item.id: item
        for item in stored
        if item.placed_ms is not None
        and isinstance(item.event, DropoffEvent | CheckEvent)
        and (item.event.payload.level is not None or item.event.payload.condition is not None)
    }
    if not reports:
        return []
    first = min(item.placed_ms for item in reports.values() if item.placed_ms is not None)
    last = max(item.placed_ms for item in reports.values() if item.placed_ms is not None)
    level = _latest_before(session, site.id, first, _LEVEL)
    condition = _latest_before(session, site.id, first, _CONDITION)
    status = _Status(
        level=level if isinstance(level, int) else None,
        condition=condition if isinstance(condition, str) else None,
    )
    span = session.connection().execute(
        select(_EVENT.id, _EVENT.placed_ms, _LEVEL, _CONDITION)
        .where(
            _EVENT.site_id == site.id,
            _EVENT.type.in_(REPORT_TYPES),
            _EVENT.placed_ms.between(first, last),
            or_(_LEVEL.is_not(None), _CONDITION.is_not(None)),
        )
        .order_by(_EVENT.placed_ms, _EVENT.received_ms, _EVENT.seq)
    )
    updates: list[NewUpdate] = []
    for event_id, placed_ms, new_level, new_condition in span:
        changes: list[str] = []
        if new_level is not None and new_level != status.level:
            status.level = new_level
            changes.append(LEVEL_WORDS[new_level])
        if new_condition is not None and new_condition != status.condition:
            status.condition = new_condition
            changes.append(CONDITION_WORDS.get(new_condition, new_condition))
        if event_id not in reports or not changes:
            continue
        updates.append(
            NewUpdate(
                site_id=site.id,
                kind="status",
                key=f"status:{event_id}",
                occurred_ms=placed_ms,
                title=f"{site.name} " + " and ".join(changes),
                body=f"Reported at {local_clock(placed_ms, site.timezone)} by a volunteer.",
                event_id=event_id,
                news=is_news(placed_ms, now_ms),
            )
        )
    return updates


def follow_up_reports(session: Session, kiosk: Kiosk, stored: Sequence[Stored], now_ms: int) -> int:
    """Write the updates of a push's stored drop-offs and checks (no commit); how many
    were new. One query for the site, three when a report names a level or condition,
    one insert."""
    site = session.get(Site, kiosk.site_id)
    if site is None:  # the kinds' checks refuse events of a site that is not a fridge
        return 0
    updates: list[NewUpdate] = []
    for item in stored:
        if isinstance(item.event, DropoffEvent):
            updates.append(dropoff_update(site, item, now_ms))
        elif isinstance(item.event, CheckEvent):
            updates.append(check_update(site, item, now_ms))
    updates.extend(status_updates(session, site, stored, now_ms))
    return record_updates(session, updates, now_ms=now_ms)
