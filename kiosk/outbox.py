"""The kiosk's outbox: every event, durably on disk, until the hub has acknowledged it.

One SQLite file (set up by kiosk.outbox_file) in WAL mode with `synchronous=FULL`:
`record()` returns only after its transaction is on disk, so a "thanks" on screen
survives a power cut, and a SIGKILL at any point leaves every committed event (and
only those) behind.

A row moves through explicit states (persist-queue style, with counts for each)::

    pending --take_outgoing--> in_flight --settle--> acked | rejected
                                \\--release / settle without a result / reopen--> pending

`seq` is the table's AUTOINCREMENT key, so it is the event's per-kiosk sequence
number, increasing and never reused, even after acknowledged rows are pruned.
Rejected rows stay aside for inspection: never taken again, never blocking the queue.

Threads: one connection shared behind a lock (`check_same_thread=False`). Every
method is one short transaction and no network I/O ever happens under the lock,
so the UI thread's `record()` waits at most for one take/settle of the sync thread.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from kiosk.errors import OutboxError
from kiosk.outbox_file import BUSY_TIMEOUT_MS, prepare
from kiosk.outbox_reads import COLUMNS as _COLUMNS
from kiosk.outbox_reads import MAX_REASON_CHARS, OutboxReads
from kiosk.outgoing import ENVELOPE_BYTES, OutgoingEvent, wire_json
from storywall.closing import ClosesOnExit
from storywall.protocol.batch import PushResult, ResultStatus
from storywall.protocol.events import (
    EVENT_SCHEMA_VERSION,
    Event,
    EventType,
    Payload,
    event_adapter,
    event_model,
    payload_model,
    payload_too_large,
)
from storywall.protocol.heartbeat import OutboxCounts
from storywall.protocol.limits import MAX_BATCH_EVENTS, MAX_BODY_BYTES, MAX_PAYLOAD_BYTES

# Below the hub's 1 MiB body limit, leaving room for the push envelope.
DEFAULT_MAX_BATCH_BYTES = 900 * 1024
# Room kept for the push envelope around the events: more than it ever takes.
_ENVELOPE_BYTES = 256
assert ENVELOPE_BYTES <= _ENVELOPE_BYTES
DEFAULT_KEEP_ACKED = 10_000


class EventClock(Protocol):
    """What record() needs from a clock (kiosk.clock.KioskClock provides it)."""

    @property
    def boot_id(self) -> str: ...

    def mono_ms(self) -> int: ...

    def wall_time(self) -> datetime: ...

    def synced(self) -> bool: ...


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Outbox(OutboxReads, ClosesOnExit):
    """The durable queue of one kiosk's events (see the module docstring)."""

    def __init__(self, path: Path | str, *, kiosk_id: str) -> None:
        self.path = Path(path)
        self.kiosk_id = kiosk_id
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # shared behind self._lock
            )
            prepare(self._conn, self.path, kiosk_id, now=_now())
        except OutboxError:
            self.close()
            raise
        except (sqlite3.Error, OSError) as error:
            self.close()
            raise OutboxError(f"cannot open the outbox {self.path}: {error}") from error

    @contextmanager
    def _transaction(self, *, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction under the lock; sqlite errors become OutboxError."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise OutboxError(f"the outbox {self.path} is closed")
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as error:
                raise OutboxError(f"outbox {self.path}: {error}") from error

    # -- writing -----------------------------------------------------------------

    def record(
        self,
        type: EventType | str,
        payload: BaseModel | Mapping[str, Any],
        *,
        clock: EventClock,
    ) -> Event:
        """Store a new event and commit it; return it only once it is on disk."""
        event_type = str(type)
        try:
            model = event_model(event_type)
            payload_class = payload_model(event_type)
            typed: Payload = (
                payload
                if isinstance(payload, payload_class)
                else payload_class.model_validate(
                    payload.model_dump() if isinstance(payload, BaseModel) else dict(payload)
                )
            )
        except (KeyError, ValueError, ValidationError) as error:
            raise OutboxError(f"refusing to record an invalid {type} event: {error}") from error
        if payload_too_large(typed):
            raise OutboxError(f"{event_type} payload is larger than {MAX_PAYLOAD_BYTES} bytes")
        payload_json = typed.model_dump_json()
        event_id = uuid.uuid4()
        boot_id, mono_ms = clock.boot_id, clock.mono_ms()
        wall, synced = clock.wall_time(), clock.synced()
        with self._transaction() as tx:
            cursor = tx.execute(
                "INSERT INTO outbox (id, type, boot_id, mono_ms, wall_time, clock_synced,"
                " payload, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(event_id),
                    event_type,
                    boot_id,
                    mono_ms,
                    wall.isoformat(),
                    int(synced),
                    payload_json,
                    _now(),
                ),
            )
            seq = cursor.lastrowid
            if seq is None:  # pragma: no cover - an INSERT always sets it
                raise OutboxError("SQLite did not return the new event's seq")
            try:
                # Validated inside the transaction: an event the protocol would refuse
                # (bad boot id, clock before 1970...) is rolled back, never stored.
                event = model(
                    v=EVENT_SCHEMA_VERSION,
                    id=event_id,
                    kiosk_id=self.kiosk_id,
                    boot_id=boot_id,
                    seq=seq,
                    mono_ms=mono_ms,
                    wall_time=wall,
                    clock_synced=synced,
                    type=event_type,
                    payload=typed,
                )
            except ValidationError as error:
                raise OutboxError(f"refusing to record an invalid event: {error}") from error
        return event

    def take_outgoing(
        self,
        max_events: int = MAX_BATCH_EVENTS,
        max_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    ) -> list[OutgoingEvent]:
        """The oldest pending events as wire JSON, bounded in count and bytes, marked in flight.

        The bound is exact: the events' wire JSON, one comma between each, plus the
        largest envelope stays within `max_bytes` (and the hub's body limit). At least
        one event is returned when any is pending (one event is at most a few KiB)."""
        max_events = max(1, min(max_events, MAX_BATCH_EVENTS))
        budget = min(max_bytes, MAX_BODY_BYTES) - _ENVELOPE_BYTES
        kiosk_id = self.kiosk_id
        with self._transaction() as tx:
            rows = tx.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",  # noqa: S608 - constant column list
                (max_events,),
            ).fetchall()
            batch: list[OutgoingEvent] = []
            size = 0
            for seq, event_id, type_, boot_id, mono_ms, wall_time, synced, payload in rows:
                wire = wire_json(
                    kiosk_id=kiosk_id,
                    event_id=event_id,
                    boot_id=boot_id,
                    seq=seq,
                    mono_ms=mono_ms,
                    wall_time=wall_time,
                    clock_synced=bool(synced),
                    type=type_,
                    payload_json=payload,
                )
                # One comma between events in the request's JSON array.
                cost = len(wire) + 1
                if batch and size + cost > budget:
                    break
                batch.append(OutgoingEvent(seq, event_id, type_, wire))
                size += cost
            if batch:
                # The batch is every pending row up to its last seq: one statement.
                tx.execute(
                    "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated = ?"
                    " WHERE state = 'pending' AND seq <= ?",
                    (_now(), batch[-1].seq),
                )
        return batch

    def take_batch(
        self,
        max_events: int = MAX_BATCH_EVENTS,
        max_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    ) -> list[Event]:
        """take_outgoing(), each event read back as its typed model (for a look inside)."""
        adapter = event_adapter()
        return [
            adapter.validate_json(item.wire) for item in self.take_outgoing(max_events, max_bytes)
        ]

    def settle(self, results: Sequence[PushResult], sent: Sequence[Event | OutgoingEvent]) -> int:
        """Apply the hub's per-event answers to the batch `sent`; return how many settled.

        accepted/duplicate -> acked, rejected -> rejected (with the reason). Events of
        the batch without a matching result (index and id) go back to pending."""
        now = _now()
        acked: list[int] = []
        rejected: list[tuple[str, str, int]] = []
        settled: set[int] = set()
        for result in results:
            seq = self._match(result, sent)
            if seq is None or seq in settled:
                continue
            if result.status is ResultStatus.REJECTED:
                reason = (result.reason or "rejected without a reason")[:MAX_REASON_CHARS]
                rejected.append((reason, now, seq))
            else:
                acked.append(seq)
            settled.add(seq)
        again = [item.seq for item in sent if item.seq not in settled]
        with self._transaction() as tx:
            # A whole batch's answers in a few statements, not one per event.
            tx.execute(
                "UPDATE outbox SET state = 'acked', reason = NULL, updated = ?"
                " WHERE state = 'in_flight' AND seq IN (SELECT value FROM json_each(?))",
                (now, json.dumps(acked)),
            )
            tx.executemany(
                "UPDATE outbox SET state = 'rejected', reason = ?, updated = ?"
                " WHERE state = 'in_flight' AND seq = ?",
                rejected,
            )
            tx.execute(
                "UPDATE outbox SET state = 'pending', updated = ?"
                " WHERE state = 'in_flight' AND seq IN (SELECT value FROM json_each(?))",
                (now, json.dumps(again)),
            )
        return len(settled)

    @staticmethod
    def _match(result: PushResult, sent: Sequence[Event | OutgoingEvent]) -> int | None:
        """The seq of the sent event `result` answers, or None if it answers none."""
        if not 0 <= result.index < len(sent):
            return None
        item = sent[result.index]
        if result.id is not None:
            sent_id = item.id if isinstance(item, OutgoingEvent) else str(item.id)
            if result.id != sent_id:
                try:
                    if uuid.UUID(result.id) != uuid.UUID(sent_id):
                        return None
                except ValueError:
                    return None
        return item.seq

    def release(self) -> int:
        """Put every in-flight event back to pending (the push failed); return how many."""
        with self._transaction() as tx:
            cursor = tx.execute(
                "UPDATE outbox SET state = 'pending', updated = ? WHERE state = 'in_flight'",
                (_now(),),
            )
            return cursor.rowcount

    def prune_acked(self, keep: int = DEFAULT_KEEP_ACKED) -> int:
        """Delete all but the newest `keep` acknowledged events; return how many went."""
        with self._transaction() as tx:
            cursor = tx.execute(
                "DELETE FROM outbox WHERE state = 'acked' AND seq NOT IN"
                " (SELECT seq FROM outbox WHERE state = 'acked' ORDER BY seq DESC LIMIT ?)",
                (max(0, keep),),
            )
            deleted = cursor.rowcount
        if deleted:
            with self._lock:
                if self._conn is not None:
                    self._conn.execute("PRAGMA incremental_vacuum")
        return deleted

    # -- reading -----------------------------------------------------------------

    def counts(self) -> OutboxCounts:
        """How many events are in each state."""
        with self._transaction(write=False) as tx:
            rows = tx.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall()
        return OutboxCounts.model_validate({str(state): int(count) for state, count in rows})

    # -- lifetime ----------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once close() has been called."""
        return self._conn is None

    def close(self) -> None:
        """Close the file. Safe to call more than once."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Outbox {str(self.path)!r} kiosk_id={self.kiosk_id!r} {state}>"
