"""Each kiosk's health as its newest heartbeat tells it (models_fleet.KioskHealth).

Written in the push's transaction: by the heartbeat kind's `after_store` (never a
branch in the ingest pipeline) and, for the events the hub refused, by the push's
generic answer count. Read by the fleet pages.

"Newest" is decided per heartbeat, not by arrival: a kiosk back from a week offline
pushes its oldest heartbeats first, and a replayed batch brings old ones again; neither
may replace what the hub already holds. Within one boot the sequence number orders
heartbeats exactly; across boots, the time the hub places each one at (a synchronised
clock, or its boot's anchor). A heartbeat the hub cannot date yet replaces a dated one
never, and an undated one only when it arrived later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlmodel import Session

from server.events.registry import Stored
from server.models_fleet import KioskHealth
from storywall.protocol import HeartbeatEvent


class Mark(NamedTuple):
    """Where a heartbeat sits in its kiosk's history."""

    boot_id: str
    seq: int
    at_ms: int | None
    received_ms: int


def is_newer(candidate: Mark, held: KioskHealth | None) -> bool:
    """True when `candidate` is a later heartbeat than the one `held` describes."""
    if held is None or held.boot_id is None or held.seq is None:
        return True
    if candidate.boot_id == held.boot_id:
        return candidate.seq > held.seq
    if candidate.at_ms is None:
        return held.at_ms is None and candidate.received_ms > (held.received_ms or 0)
    # Two boots at the same moment: the later arrival.
    return held.at_ms is None or candidate.at_ms >= held.at_ms


def _later(a: tuple[Mark, Stored], b: tuple[Mark, Stored]) -> tuple[Mark, Stored]:
    mark_a, mark_b = a[0], b[0]
    if mark_a.boot_id == mark_b.boot_id:
        return a if mark_a.seq >= mark_b.seq else b
    if mark_a.at_ms is None or mark_b.at_ms is None:
        return b if mark_a.at_ms is None else a
    return a if mark_a.at_ms >= mark_b.at_ms else b


def record_heartbeats(
    session: Session, *, kiosk_id: str, stored: Sequence[Stored], received_ms: int
) -> bool:
    """Keep the newest of a push's heartbeats if it is newer than the held one; True
    when it was kept. In the caller's transaction (no commit); one read, one write."""
    newest: tuple[Mark, Stored] | None = None
    for item in stored:
        event = item.event
        mark = Mark(event.boot_id, event.seq, item.placed_ms, received_ms)
        newest = (mark, item) if newest is None else _later(newest, (mark, item))
    if newest is None:
        return False
    mark, item = newest
    # Locked (PostgreSQL) so two pushes of one kiosk at once keep the newer heartbeat.
    held = session.get(KioskHealth, kiosk_id, with_for_update=True)
    if not is_newer(mark, held):
        return False
    event = item.event
    assert isinstance(event, HeartbeatEvent)
    payload = event.payload
    row = held or KioskHealth(kiosk_id=kiosk_id)
    row.event_id = item.id
    row.boot_id, row.seq, row.at_ms, row.received_ms = mark
    row.clock_synced = event.clock_synced
    row.software = payload.software
    row.uptime_s = payload.uptime_s
    row.cpu_temp_c = payload.cpu_temp_c
    row.disk_free_mb = payload.disk_free_mb
    row.last_error = payload.last_error
    row.outbox_pending = payload.outbox.pending
    row.outbox_in_flight = payload.outbox.in_flight
    row.outbox_rejected = payload.outbox.rejected
    session.add(row)
    # Flushed now: a concurrent first row collides here, inside the push's retry loop.
    session.flush()
    return True


def count_rejected(session: Session, *, kiosk_id: str, rejected: int, now_ms: int) -> None:
    """Add a push's rejected events to the kiosk's count. In the caller's transaction."""
    if rejected <= 0:
        return
    row = session.get(KioskHealth, kiosk_id, with_for_update=True) or KioskHealth(kiosk_id=kiosk_id)
    row.hub_rejected = (row.hub_rejected or 0) + rejected
    row.hub_rejected_ms = now_ms
    session.add(row)
    session.flush()
