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

from sqlalchemy import ColumnElement, func, select
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
    # One row per site: its newest placed dropoff/check whose payload names the field.
    # The walk starts at ix_event_site_type_received (these sites, these types).
    rank = (
        func.row_number()
        .over(
            partition_by=_EVENT.site_id,
            order_by=(_EVENT.placed_ms.desc(), _EVENT.received_ms.desc(), _EVENT.seq.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            _EVENT.site_id,
            value.label("value"),
            _EVENT.payload["via"].as_string().label("via"),
            _EVENT.placed_ms,
            rank,
        )
        .where(
            _EVENT.site_id.in_(site_ids),
            _EVENT.type.in_(REPORTING_TYPES),
            _EVENT.placed_ms.is_not(None),
            value.is_not(None),
        )
        .subquery()
    )
    rows = session.connection().execute(
        select(ranked.c.site_id, ranked.c.value, ranked.c.via, ranked.c.placed_ms).where(
            ranked.c.rank == 1
        )
    )
    return {
        site_id: Reported(value=found, at_ms=placed_ms, via=via)
        for site_id, found, via, placed_ms in rows
    }


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
    rank = (
        func.row_number()
        .over(
            partition_by=_UPDATE.site_id,
            order_by=(_UPDATE.occurred_ms.desc(), _UPDATE.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(_UPDATE.site_id, _UPDATE.title, _UPDATE.occurred_ms, rank)
        .where(_UPDATE.site_id.in_(site_ids))
        .subquery()
    )
    rows = session.connection().execute(
        select(ranked.c.site_id, ranked.c.title, ranked.c.occurred_ms).where(ranked.c.rank == 1)
    )
    return {site_id: LatestUpdate(title=title, at_ms=at) for site_id, title, at in rows}


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
