"""A fridge's current status, derived from its events, alerts and updates.

Condition and food level are what the latest `dropoff` or `check` event carrying
each one said (by placed time: an undated event cannot say which came last); each is
reported separately, with when and how (form or kiosk). The fridge is too warm while
a too_warm alert is open. Last checked is the latest `check`, last restocked the
latest `dropoff`.

`fridge_statuses` answers for any number of fridges in a fixed number of queries
(five), so the all-fridges page and /fridges.json cost the same for 1 fridge or 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlmodel import Session

from server.models import EVENT_TABLE
from server.models_updates import ALERT_TABLE, FRIDGE_UPDATE_TABLE

# The public warning while the food-safety rule holds a fridge too warm.
TOO_WARM_WARNING = "Too warm: please do not drop off chilled food"
# The types whose payloads carry a fridge's condition and food level.
REPORTING_TYPES = ("dropoff", "check")

# Fridge-map vocabulary (storywall.protocol.fridge) in the public's words.
CONDITION_WORDS = {
    "good": "Good",
    "dirty": "Needs cleaning",
    "out_of_order": "Needs repair",
    "not_at_location": "Not at location",
    "ghost": "Ghost (no longer there)",
}
LEVEL_WORDS = {0: "Empty", 1: "A few items", 2: "Many items", 3: "Full"}

_EVENT = EVENT_TABLE.c
_ALERT = ALERT_TABLE.c
_UPDATE = FRIDGE_UPDATE_TABLE.c


@dataclass(frozen=True)
class Reported:
    """One field as last reported: its value, when (epoch ms) and how (form / kiosk)."""

    value: Any
    at_ms: int
    via: str | None


@dataclass(frozen=True)
class LatestUpdate:
    """The newest public update about a fridge."""

    title: str
    at_ms: int


@dataclass(frozen=True)
class FridgeStatus:
    """What the public is told about a fridge right now."""

    condition: Reported | None = None
    level: Reported | None = None
    too_warm: bool = False
    last_checked_ms: int | None = None
    last_restocked_ms: int | None = None
    last_update: LatestUpdate | None = None
    # Open alerts' kinds, for organisers' tools; only too_warm is public.
    open_alerts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def warning(self) -> str | None:
        """The warning the page, the kiosk and the open list show, if any."""
        return TOO_WARM_WARNING if self.too_warm else None


def _latest_reported(
    session: Session, site_ids: Sequence[int], value: ColumnElement[Any]
) -> dict[int, Reported]:
    # Per site, the newest placed time of a dropoff/check naming the field, then the
    # rows at that time (a tie, rare, goes to the later arrival). Two passes over the
    # sites' reports through ix_event_site_type_received, no sort of them all, and
    # portable: SQLite and PostgreSQL alike (no DISTINCT ON, no bare columns).
    naming = (
        _EVENT.site_id.in_(site_ids),
        _EVENT.type.in_(REPORTING_TYPES),
        _EVENT.placed_ms.is_not(None),
        value.is_not(None),
    )
    newest = (
        select(_EVENT.site_id.label("site_id"), func.max(_EVENT.placed_ms).label("placed_ms"))
        .where(*naming)
        .group_by(_EVENT.site_id)
        .subquery()
    )
    rows = session.connection().execute(
        select(
            _EVENT.site_id,
            value,
            _EVENT.payload["via"].as_string(),
            _EVENT.placed_ms,
            _EVENT.received_ms,
            _EVENT.seq,
        )
        .join(
            newest,
            and_(_EVENT.site_id == newest.c.site_id, _EVENT.placed_ms == newest.c.placed_ms),
        )
        .where(*naming)
    )
    found: dict[int, tuple[tuple[int, int], Reported]] = {}
    for site_id, said, via, placed_ms, received_ms, seq in rows:
        order = (received_ms, seq)
        if site_id not in found or order > found[site_id][0]:
            found[site_id] = (order, Reported(value=said, at_ms=placed_ms, via=via))
    return {site_id: reported for site_id, (_order, reported) in found.items()}


def _latest_times(session: Session, site_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    rows = session.connection().execute(
        select(_EVENT.site_id, _EVENT.type, func.max(_EVENT.placed_ms))
        .where(_EVENT.site_id.in_(site_ids), _EVENT.type.in_(REPORTING_TYPES))
        .group_by(_EVENT.site_id, _EVENT.type)
    )
    return {(site_id, kind): at for site_id, kind, at in rows if at is not None}


def _open_alerts(session: Session, site_ids: Sequence[int]) -> dict[int, set[str]]:
    rows = session.connection().execute(
        select(_ALERT.site_id, _ALERT.kind)
        .where(_ALERT.site_id.in_(site_ids), _ALERT.cleared_ms.is_(None))
        .distinct()
    )
    found: dict[int, set[str]] = {}
    for site_id, kind in rows:
        found.setdefault(site_id, set()).add(kind)
    return found


def _latest_updates(session: Session, site_ids: Sequence[int]) -> dict[int, LatestUpdate]:
    # The newest occurred_ms per site from ix_fridge_update_site_occurred, then its
    # row (of a tie, the one written last).
    newest = (
        select(_UPDATE.site_id.label("site_id"), func.max(_UPDATE.occurred_ms).label("at"))
        .where(_UPDATE.site_id.in_(site_ids))
        .group_by(_UPDATE.site_id)
        .subquery()
    )
    rows = session.connection().execute(
        select(_UPDATE.site_id, _UPDATE.id, _UPDATE.title, _UPDATE.occurred_ms).join(
            newest,
            and_(_UPDATE.site_id == newest.c.site_id, _UPDATE.occurred_ms == newest.c.at),
        )
    )
    found: dict[int, tuple[int, LatestUpdate]] = {}
    for site_id, update_id, title, at in rows:
        if site_id not in found or update_id > found[site_id][0]:
            found[site_id] = (update_id, LatestUpdate(title=title, at_ms=at))
    return {site_id: update for site_id, (_id, update) in found.items()}


def fridge_statuses(session: Session, site_ids: Sequence[int]) -> dict[int, FridgeStatus]:
    """The status of each fridge (by site id), in five queries however many there are."""
    ids = sorted(set(site_ids))
    if not ids:
        return {}
    conditions = _latest_reported(session, ids, _EVENT.payload["condition"].as_string())
    levels = _latest_reported(session, ids, _EVENT.payload["level"].as_integer())
    times = _latest_times(session, ids)
    alerts = _open_alerts(session, ids)
    updates = _latest_updates(session, ids)
    return {
        site_id: FridgeStatus(
            condition=conditions.get(site_id),
            level=levels.get(site_id),
            too_warm="too_warm" in alerts.get(site_id, set()),
            last_checked_ms=times.get((site_id, "check")),
            last_restocked_ms=times.get((site_id, "dropoff")),
            last_update=updates.get(site_id),
            open_alerts=tuple(sorted(alerts.get(site_id, set()))),
        )
        for site_id in ids
    }


def fridge_status(session: Session, site_id: int) -> FridgeStatus:
    """One fridge's status."""
    return fridge_statuses(session, [site_id])[site_id]
