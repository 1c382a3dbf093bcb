"""Placing events in time on kiosks without a real-time clock (docs/protocol.md, "Time").

An event is placed by the first rule that applies:

1. its clock was synchronised: its own wall clock (`placed_by='kiosk'`);
2. a heartbeat with a synchronised clock from the same kiosk and boot gave the exact
   offset between that boot's monotonic clock and real time (`'ntp'`);
3. pushes sent during that boot bound the offset from above; the smallest bound
   wins (`'hub'`);
4. otherwise it is undated: `placed_ms` is NULL, counted in totals, never in "today".

Anchors are kept per boot in `boot_anchor`; whenever the anchor a boot's events
are placed by appears or improves, that boot's unsynchronised events are re-placed
with one UPDATE. `replace_boot` re-derives a boot's placement from the stored
history, so a better rule can be re-run over old data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Insert, Update, insert, update
from sqlmodel import Session, col, select

from server.clock import now_ms as clock_now_ms
from server.events import anchoring_types
from server.models import (
    BOOT_ANCHOR_TABLE,
    EVENT_TABLE,
    PLACED_BY_HUB,
    PLACED_BY_KIOSK,
    PLACED_BY_NTP,
    BootAnchor,
    Event,
)
from server.services.rollup_marks import RollupMarks

SOURCE_NTP = PLACED_BY_NTP
SOURCE_HUB = PLACED_BY_HUB


@dataclass(frozen=True)
class Anchor:
    """Real time = mono_ms + offset_ms for one boot, and where that offset came from."""

    offset_ms: int
    source: str


@dataclass
class BootAnchors:
    """The anchors known for one boot, by source."""

    ntp: int | None = None
    hub: int | None = None

    def best(self) -> Anchor | None:
        """The anchor events of this boot are placed by: NTP is exact, the hub's a bound."""
        if self.ntp is not None:
            return Anchor(self.ntp, SOURCE_NTP)
        if self.hub is not None:
            return Anchor(self.hub, SOURCE_HUB)
        return None


@dataclass
class AnchorUpdate:
    """The outcome of recording a push's anchors."""

    # Every boot asked about, with its best anchor after the update (None: undated).
    best: dict[str, Anchor | None] = field(default_factory=dict)
    # Boots whose best anchor appeared or changed, so stored events need re-placing.
    changed: set[str] = field(default_factory=set)


def place(
    *, clock_synced: bool, wall_ms: int, mono_ms: int, anchor: Anchor | None
) -> tuple[int | None, str | None]:
    """(placed_ms, placed_by) for one event; (None, None) when it cannot be dated."""
    if clock_synced:
        return wall_ms, PLACED_BY_KIOSK
    if anchor is not None:
        return mono_ms + anchor.offset_ms, anchor.source
    return None, None


def load_anchors(
    session: Session, *, kiosk_id: str, boot_ids: Collection[str]
) -> dict[str, BootAnchors]:
    """The stored anchors of the given boots (one query); boots without any are absent."""
    known: dict[str, BootAnchors] = {}
    if not boot_ids:
        return known
    rows = session.exec(
        select(BootAnchor.boot_id, BootAnchor.source, BootAnchor.offset_ms).where(
            BootAnchor.kiosk_id == kiosk_id, col(BootAnchor.boot_id).in_(sorted(boot_ids))
        )
    ).all()
    for boot_id, source, offset_ms in rows:
        anchors = known.setdefault(boot_id, BootAnchors())
        if source == SOURCE_NTP:
            anchors.ntp = offset_ms
        elif source == SOURCE_HUB:
            anchors.hub = offset_ms
    return known


def _store_anchor(
    session: Session,
    *,
    kiosk_id: str,
    boot_id: str,
    source: str,
    offset_ms: int,
    now_ms: int,
    exists: bool,
    only_lower: bool = False,
) -> None:
    """Insert or update one anchor row (the caller knows which: it loaded them).

    `only_lower` leaves a stored offset that is already at most `offset_ms` alone."""
    table = BOOT_ANCHOR_TABLE
    values = {"offset_ms": offset_ms, "updated_ms": now_ms}
    statement: Insert | Update
    if exists:
        where = [
            table.c.kiosk_id == kiosk_id,
            table.c.boot_id == boot_id,
            table.c.source == source,
        ]
        if only_lower:
            where.append(table.c.offset_ms > offset_ms)
        statement = update(table).where(*where).values(**values)
    else:
        statement = insert(table).values(
            kiosk_id=kiosk_id, boot_id=boot_id, source=source, **values
        )
    session.connection().execute(statement)


def record_anchors(
    session: Session,
    *,
    kiosk_id: str,
    boot_ids: Collection[str],
    ntp_offsets: Mapping[str, int],
    hub_bound: tuple[str, int] | None,
    now_ms: int,
) -> AnchorUpdate:
    """Merge a push's anchors into the stored ones; say which boots' placement changed.

    `ntp_offsets` maps a boot to wall-mono of its earliest synchronised heartbeat in
    the push; the first NTP anchor of a boot is kept, being nearest to the events
    that needed it. `hub_bound` is (push boot, received_ms - sent_mono_ms).
    """
    involved = set(boot_ids) | set(ntp_offsets)
    if hub_bound is not None:
        involved.add(hub_bound[0])
    stored = load_anchors(session, kiosk_id=kiosk_id, boot_ids=involved)
    outcome = AnchorUpdate()
    for boot_id in sorted(involved):
        before = stored.get(boot_id, BootAnchors())
        after = BootAnchors(ntp=before.ntp, hub=before.hub)
        ntp = ntp_offsets.get(boot_id)
        if ntp is not None and before.ntp is None:
            after.ntp = ntp
            _store_anchor(
                session,
                kiosk_id=kiosk_id,
                boot_id=boot_id,
                source=SOURCE_NTP,
                offset_ms=ntp,
                now_ms=now_ms,
                exists=False,
            )
        if hub_bound is not None and hub_bound[0] == boot_id:
            bound = hub_bound[1]
            if before.hub is None or bound < before.hub:
                after.hub = bound
                _store_anchor(
                    session,
                    kiosk_id=kiosk_id,
                    boot_id=boot_id,
                    source=SOURCE_HUB,
                    offset_ms=bound,
                    now_ms=now_ms,
                    exists=before.hub is not None,
                    # A bound is only ever lowered: a concurrent push from the same
                    # boot may have stored a smaller one since this transaction read it.
                    only_lower=True,
                )
        outcome.best[boot_id] = after.best()
        if after.best() != before.best():
            outcome.changed.add(boot_id)
    return outcome


def replace_stored(session: Session, *, kiosk_id: str, boot_id: str, anchor: Anchor | None) -> int:
    """Re-place every unsynchronised stored event of one boot by `anchor`, in one UPDATE.

    Returns the number of rows touched.
    """
    table = EVENT_TABLE.c
    statement = (
        update(EVENT_TABLE)
        .where(
            table.kiosk_id == kiosk_id,
            table.boot_id == boot_id,
            table.clock_synced.is_(False),
        )
        .values(
            placed_ms=None if anchor is None else table.mono_ms + anchor.offset_ms,
            placed_by=None if anchor is None else anchor.source,
        )
    )
    result = session.connection().execute(statement)
    return result.rowcount


def ntp_offset_from_history(session: Session, *, kiosk_id: str, boot_id: str) -> int | None:
    """wall - mono of the boot's earliest stored anchoring event (a heartbeat) with a
    synchronised clock."""
    row = session.exec(
        select(Event.wall_ms, Event.mono_ms)
        .where(
            Event.kiosk_id == kiosk_id,
            Event.boot_id == boot_id,
            col(Event.type).in_(anchoring_types()),
            col(Event.clock_synced).is_(True),
        )
        .order_by(col(Event.seq))
        .limit(1)
    ).first()
    if row is None:
        return None
    wall_ms, mono_ms = row
    return wall_ms - mono_ms


def replace_boot(
    session: Session, kiosk_id: str, boot_id: str, *, now_ms: int | None = None
) -> int:
    """Re-run the placement rule over one boot's stored history (does not commit).

    The NTP anchor is re-derived from the stored heartbeats; the hub's bound cannot
    be (pushes are not stored), so the recorded one is kept. Returns rows touched.
    """
    now = clock_now_ms() if now_ms is None else now_ms
    # The charts' rollup recounts the days the boot spanned before and after.
    marks = RollupMarks()
    marks.boot(session, kiosk_id=kiosk_id, boot_id=boot_id, unsynced_only=False)
    stored = load_anchors(session, kiosk_id=kiosk_id, boot_ids=[boot_id]).get(
        boot_id, BootAnchors()
    )
    ntp = ntp_offset_from_history(session, kiosk_id=kiosk_id, boot_id=boot_id)
    if ntp is not None and ntp != stored.ntp:
        _store_anchor(
            session,
            kiosk_id=kiosk_id,
            boot_id=boot_id,
            source=SOURCE_NTP,
            offset_ms=ntp,
            now_ms=now,
            exists=stored.ntp is not None,
        )
    anchor = BootAnchors(ntp=ntp, hub=stored.hub).best()
    table = EVENT_TABLE.c
    synced = session.connection().execute(
        update(EVENT_TABLE)
        .where(
            table.kiosk_id == kiosk_id,
            table.boot_id == boot_id,
            table.clock_synced.is_(True),
        )
        .values(placed_ms=table.wall_ms, placed_by=PLACED_BY_KIOSK)
    )
    unsynced = replace_stored(session, kiosk_id=kiosk_id, boot_id=boot_id, anchor=anchor)
    marks.boot(session, kiosk_id=kiosk_id, boot_id=boot_id, unsynced_only=False)
    marks.write(session, now)
    return synced.rowcount + unsynced
