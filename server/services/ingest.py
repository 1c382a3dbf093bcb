"""Store a kiosk's pushed batch: one result per event, one transaction per batch.

The generic pipeline every type of event goes through; what differs per type
lives in its module under server/events/ and is found in the registry:

1. parse (done before: storywall.protocol.parse_push, one strict pass);
2. the kiosk: an event must carry the id of the kiosk whose token pushed it;
3. dedupe: one SELECT for the ids already held (also success) or held by another kiosk;
4. per-type checks: each kind checks all its events of the push at once;
5. time: record the push's anchors, re-place boots whose anchor improved, place each event;
6. one bulk write (event_insert.py: an executemany on SQLite, COPY on PostgreSQL), then the
   holds and media refs (holds.py) and each kind's `after_store`, one commit;
7. a push with rejected events adds them to the kiosk's count (server/events/kiosk_health.py).

A fixed number of queries per push whatever its size; `make bench`
(bench/fig_hub_ingest.py) measures this path against plain sqlite3.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from server.core.writers import write_lock
from server.errors import RetryLater
from server.events import EventKind, Stored
from server.events import kinds as registered_kinds
from server.events.kiosk_health import count_rejected
from server.models import EVENT_TABLE, PLACED_BY_KIOSK, Kiosk
from server.services import timeline
from server.services.event_insert import insert_events
from server.services.holds import Held, outstanding_media, write_holds
from server.services.rollup_marks import RollupMarks
from storywall.protocol import Event, ParsedPush, ResultStatus
from storywall.protocol.events import compact_payload_too_large
from storywall.protocol.limits import MAX_PAYLOAD_BYTES

# A concurrent push of the same events makes our INSERT collide; each retry sees
# the other push's rows and calls them duplicates, so two attempts nearly always do.
MAX_ATTEMPTS = 4

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)

REASON_WRONG_KIOSK = "kiosk_id: does not match the token's kiosk"
REASON_FOREIGN_ID = "id: already used by another kiosk's event"


def epoch_ms(moment: datetime) -> int:
    """Integer epoch milliseconds of an aware datetime (exact, also before 1970)."""
    return (moment - _EPOCH) // _ONE_MS


class Outcome(NamedTuple):
    """The hub's answer for the event at `position` of a push (PushResult's `index`)."""

    position: int
    id: str | None
    status: ResultStatus
    reason: str | None = None


@dataclass
class PushAnswer:
    """The answer to a push, in request order (docs/protocol.md, "Push")."""

    results: list[Outcome] = field(default_factory=list)
    accepted: int = 0
    duplicate: int = 0
    # Hashes named by this kiosk's events whose bytes the hub lacks (holds.py).
    missing_media: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.results) - self.accepted - self.duplicate

    def to_json(self) -> bytes:
        """The 200 body, PushResponse-shaped, written without a model per result."""
        parts = []
        for index, event_id, status, reason in self.results:
            if reason is None and event_id is not None:
                # A held event: its id is a canonical UUID, nothing to escape.
                parts.append(
                    f'{{"index":{index},"id":"{event_id}","status":"{status}","reason":null}}'
                )
            else:
                parts.append(
                    json.dumps(
                        {"index": index, "id": event_id, "status": status, "reason": reason},
                        ensure_ascii=False,
                        separators=(",", ":"),
                    )
                )
        counts = (
            f'"accepted":{self.accepted},"duplicate":{self.duplicate},"rejected":{self.rejected}'
        )
        # Hashes are lower-case hex: nothing to escape.
        missing = ",".join(f'"{sha256}"' for sha256 in self.missing_media)
        return f'{{"results":[{",".join(parts)}],{counts},"missing_media":[{missing}]}}'.encode()


class _Candidate(NamedTuple):
    """An event that passed the protocol's checks, waiting for the database's."""

    position: int  # in the request (`index` is a tuple method)
    event: Event
    id: str
    kind: EventKind
    # The payload as stored: its model's compact JSON, written once.
    payload_json: str


def _prepare(push: ParsedPush, kiosk: Kiosk) -> tuple[dict[int, Outcome], list[_Candidate]]:
    """Answers for events refused on their own; the rest go on to the database checks."""
    final: dict[int, Outcome] = {}
    candidates: list[_Candidate] = []
    kiosk_id = kiosk.id
    rejected = ResultStatus.REJECTED
    kinds = registered_kinds()
    for index, event in enumerate(push.events):
        if isinstance(event, str):
            final[index] = Outcome(index, None, rejected, event)
            continue
        event_id = str(event.id)
        kind = kinds.get(event.type)
        if event.kiosk_id != kiosk_id:
            final[index] = Outcome(index, event_id, rejected, REASON_WRONG_KIOSK)
            continue
        if kind is None:
            reason = f"type: this hub does not take {event.type!r} events"
            final[index] = Outcome(index, event_id, rejected, reason)
            continue
        payload_json = kind.payload_json(event)
        if compact_payload_too_large(payload_json, event.payload):
            reason = f"payload: larger than {MAX_PAYLOAD_BYTES} bytes"
            final[index] = Outcome(index, event_id, rejected, reason)
            continue
        candidates.append(_Candidate(index, event, event_id, kind, payload_json))
    return final, candidates


# One expanding parameter: the ids reach the driver as they are, with no per-id
# SQL expression object (a batch has up to 500 of them).
_HELD_BY = select(EVENT_TABLE.c.id, EVENT_TABLE.c.kiosk_id).where(
    EVENT_TABLE.c.id.in_(bindparam("ids", expanding=True))
)


def _held_by(session: Session, ids: list[str]) -> dict[str, str]:
    """event id -> kiosk id, for the ids already stored."""
    if not ids:
        return {}
    connection = session.connection()
    if connection.dialect.paramstyle == "qmark":
        # SQLite: the statement text for this many ids, made once; SQLAlchemy's
        # expanding parameter re-renders 500 placeholders on every push.
        rows = connection.exec_driver_sql(_held_by_sql(len(ids)), tuple(ids))
    elif connection.dialect.name == "postgresql":
        # One array parameter: one statement text whatever the count, which the
        # driver prepares once per connection; 500 placeholders would be parsed,
        # planned and bound on every push.
        rows = connection.exec_driver_sql(_HELD_BY_ANY, (ids,))
    else:
        rows = connection.execute(_HELD_BY, {"ids": ids})
    return {event_id: kiosk_id for event_id, kiosk_id in rows}


_HELD_BY_ANY = (
    f"SELECT {EVENT_TABLE.c.id.name}, {EVENT_TABLE.c.kiosk_id.name} FROM {EVENT_TABLE.name}"  # noqa: S608 - names from the table, one placeholder
    f" WHERE {EVENT_TABLE.c.id.name} = ANY(%s)"
)


@lru_cache(maxsize=64)
def _held_by_sql(count: int) -> str:
    # _HELD_BY's statement, with the placeholders written out once for this count.
    columns = EVENT_TABLE.c
    marks = ", ".join("?" * count)
    return (
        f"SELECT {columns.id.name}, {columns.kiosk_id.name} FROM {EVENT_TABLE.name}"  # noqa: S608 - names from the table, placeholders only
        f" WHERE {columns.id.name} IN ({marks})"
    )


def _attempt(
    session: Session,
    kiosk: Kiosk,
    push: ParsedPush,
    final: dict[int, Outcome],
    candidates: list[_Candidate],
    received_ms: int,
) -> PushAnswer:
    """Classify the candidates against the database and write the accepted ones."""
    results: dict[int, Outcome] = dict(final)
    held = _held_by(session, [candidate.id for candidate in candidates])
    answer = PushAnswer()
    # Events not stored yet; the kinds check them before duplicates within the push
    # are settled, so that a refused copy never makes a later good one a "duplicate".
    new: list[_Candidate] = []
    for candidate in candidates:
        index, event_id = candidate.position, candidate.id
        holder = held.get(event_id)
        if holder is None:
            new.append(candidate)
        elif holder != kiosk.id:
            results[index] = Outcome(index, event_id, ResultStatus.REJECTED, REASON_FOREIGN_ID)
        else:
            results[index] = Outcome(index, event_id, ResultStatus.DUPLICATE)
            answer.duplicate += 1

    by_kind: dict[EventKind, list[_Candidate]] = defaultdict(list)
    for candidate in new:
        by_kind[candidate.kind].append(candidate)
    refusals: dict[int, str] = {}
    for kind, group in by_kind.items():
        reasons = kind.check(session, kiosk, [candidate.event for candidate in group])
        for candidate, reason in zip(group, reasons, strict=True):
            if reason is not None:
                refusals[candidate.position] = reason

    accepted: list[_Candidate] = []
    seen: set[str] = set()
    for candidate in new:
        index, event_id = candidate.position, candidate.id
        reason = refusals.get(index)
        if reason is not None:
            results[index] = Outcome(index, event_id, ResultStatus.REJECTED, reason)
        elif event_id in seen:
            results[index] = Outcome(index, event_id, ResultStatus.DUPLICATE)
            answer.duplicate += 1
        else:
            seen.add(event_id)
            accepted.append(candidate)
            results[index] = Outcome(index, event_id, ResultStatus.ACCEPTED)
    answer.accepted = len(accepted)

    new_missing = _store(session, kiosk, push, accepted, received_ms)
    answer.results = [results[index] for index in range(len(push.events))]
    # Every kind alike: the fleet list shows what the hub refused of each kiosk.
    count_rejected(session, kiosk_id=kiosk.id, rejected=answer.rejected, now_ms=received_ms)
    answer.missing_media = outstanding_media(session, kiosk, new_missing=new_missing)
    return answer


def _store(
    session: Session,
    kiosk: Kiosk,
    push: ParsedPush,
    accepted: list[_Candidate],
    received_ms: int,
) -> bool:
    """Record the push's time anchors, re-place improved boots, bulk-insert the events
    and what goes with them (holds.py); True when they name media the hub lacks."""
    ntp_offsets: dict[str, int] = {}
    earliest_seq: dict[str, int] = {}
    for candidate in accepted:
        event = candidate.event
        if not (event.clock_synced and candidate.kind.anchors_boot):
            continue
        if event.boot_id not in earliest_seq or event.seq < earliest_seq[event.boot_id]:
            earliest_seq[event.boot_id] = event.seq
            ntp_offsets[event.boot_id] = epoch_ms(event.wall_time) - event.mono_ms
    anchors = timeline.record_anchors(
        session,
        kiosk_id=kiosk.id,
        boot_ids={candidate.event.boot_id for candidate in accepted},
        ntp_offsets=ntp_offsets,
        hub_bound=(push.boot_id, received_ms - push.sent_mono_ms),
        now_ms=received_ms,
    )
    # The charts' rollup recounts the days a re-placed boot left and the days it
    # moved to, and the days of the new events (rollup_marks.py).
    marks = RollupMarks()
    # Before the insert, so the UPDATE only touches events stored by earlier pushes.
    for boot_id in sorted(anchors.changed):
        marks.boot(session, kiosk_id=kiosk.id, boot_id=boot_id)
        timeline.replace_stored(
            session, kiosk_id=kiosk.id, boot_id=boot_id, anchor=anchors.best[boot_id]
        )
        marks.boot(session, kiosk_id=kiosk.id, boot_id=boot_id)
    if not accepted:
        marks.write(session, received_ms)
        return False
    kiosk_id, site_id = kiosk.id, kiosk.site_id
    best = anchors.best
    place = timeline.place
    rows: list[tuple[Any, ...]] = []
    follow_ups: dict[EventKind, list[Stored]] = {}
    mark = marks.event
    for candidate in accepted:
        event = candidate.event
        wall_ms = epoch_ms(event.wall_time)
        placed_ms: int | None
        placed_by: str | None
        if event.clock_synced:  # timeline.place's first rule, inlined on the hot path
            placed_ms, placed_by = wall_ms, PLACED_BY_KIOSK
        else:
            placed_ms, placed_by = place(
                clock_synced=False,
                wall_ms=wall_ms,
                mono_ms=event.mono_ms,
                anchor=best.get(event.boot_id),
            )
        derived = candidate.kind.derive(event)
        mark(site_id, str(event.type), placed_ms, derived.play)
        # In INSERT_COLUMNS order (event_insert.py), the kind's derived columns last.
        rows.append(
            (
                candidate.id,
                kiosk_id,
                site_id,
                event.boot_id,
                event.seq,
                event.mono_ms,
                wall_ms,
                event.clock_synced,
                str(event.type),  # a plain str binds faster than a StrEnum member
                event.v,
                candidate.payload_json,
                received_ms,
                placed_ms,
                placed_by,
                *derived,
            )
        )
        if candidate.kind.follows_up:
            follow_ups.setdefault(candidate.kind, []).append(Stored(candidate.id, event, placed_ms))
    insert_events(session, rows)
    missing = write_holds(
        session,
        kiosk,
        [
            Held(candidate.id, candidate.event, candidate.kind)
            for candidate in accepted
            if candidate.kind.moderated or candidate.kind.decides_holds or candidate.kind.has_media
        ],
        received_ms,
    )
    # After the holds, so a follow-up sees whether its events are public yet.
    for kind, stored in follow_ups.items():
        kind.after_store(session, kiosk, stored, received_ms)
    # Last, so the marks' row locks (PostgreSQL) are held only until the commit.
    marks.write(session, received_ms)
    return missing


def ingest_batch(
    session: Session, *, kiosk: Kiosk, push: ParsedPush, received_ms: int
) -> PushAnswer:
    """Store a push from `kiosk` and answer per event; commits once, or raises.

    Raises RetryLater when concurrent pushes kept colliding; nothing is then stored.
    """
    final, candidates = _prepare(push, kiosk)
    with write_lock(session.get_bind().engine):
        for _attempt_number in range(MAX_ATTEMPTS):
            try:
                answer = _attempt(session, kiosk, push, final, candidates, received_ms)
                session.commit()
            except IntegrityError:
                # Another process stored some of these ids (or anchors) first: start
                # over, and the next SELECT sees them as duplicates.
                session.rollback()
                continue
            return answer
    raise RetryLater("concurrent pushes of the same events; retry the batch")
