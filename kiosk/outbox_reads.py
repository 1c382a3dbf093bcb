"""What the outbox tells about events set aside or waiting, and the media they refer to.

A part of kiosk.outbox.Outbox (a mixin over its one connection and lock): the events
the hub rejected, the file's integrity, the media (doodles' PNGs, drop-offs' shelf
photos) that waiting events still need, and setting aside the events of a media file
the hub refused.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from storywall.protocol.events import EVENT_SCHEMA_VERSION, Event, event_model

COLUMNS = "seq, id, type, boot_id, mono_ms, wall_time, clock_synced, payload"
MAX_REASON_CHARS = 500
DOODLE = "doodle"
DROPOFF = "dropoff"
# Each event type that names media: its payload field and the partial index over it
# (kiosk.outbox_file). Constants only: they are written into the SQL below.
MEDIA_FIELDS = {
    DOODLE: ("media", "outbox_doodle_media"),
    DROPOFF: ("photo", "outbox_dropoff_photo"),
}


@dataclass(frozen=True)
class RejectedEvent:
    """An event the hub refused, kept aside with the hub's reason."""

    event: Event
    reason: str
    attempts: int
    updated: str


class OutboxReads:
    """Queries over the outbox's rows (see the module docstring)."""

    kiosk_id: str

    def _transaction(self, *, write: bool = True) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # pragma: no cover - Outbox provides it

    def rejected(self, limit: int = 100) -> list[RejectedEvent]:
        """The most recently rejected events, newest first, with the hub's reasons."""
        with self._transaction(write=False) as tx:
            rows = tx.execute(
                f"SELECT {COLUMNS}, reason, attempts, updated FROM outbox"  # noqa: S608 - constant column list
                " WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?",
                (max(0, limit),),
            ).fetchall()
        return [
            RejectedEvent(
                event=self._event(row[:8]), reason=str(row[8]), attempts=row[9], updated=row[10]
            )
            for row in rows
        ]

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check finds nothing wrong with the file."""
        with self._transaction(write=False) as tx:
            rows = tx.execute("PRAGMA integrity_check").fetchall()
        return [tuple(row) for row in rows] == [("ok",)]

    def media_refs(self, states: Iterable[str]) -> set[str]:
        """The media hashes named by doodle and drop-off events in any of `states`."""
        wanted = json.dumps(sorted(states))
        found: set[str] = set()
        with self._transaction(write=False) as tx:
            for type_, (name, index) in MEDIA_FIELDS.items():
                rows = tx.execute(
                    # The index named, the type written out: without statistics the
                    # planner would pick (state, seq) over the partial index (outbox_file).
                    f"SELECT DISTINCT json_extract(payload, '$.{name}')"  # noqa: S608 - constants
                    f" FROM outbox INDEXED BY {index}"
                    f" WHERE type = '{type_}' AND state IN (SELECT value FROM json_each(?))",
                    (wanted,),
                ).fetchall()
                found.update(str(row[0]) for row in rows if row[0] is not None)
        return found

    def reject_media(self, sha256: str, reason: str) -> int:
        """Set aside every waiting event naming media `sha256` as rejected with `reason`
        (the hub refused the bytes, so it would never hold what they refer to)."""
        rejected = 0
        now = datetime.now(UTC).isoformat()
        with self._transaction() as tx:
            for type_, (name, index) in MEDIA_FIELDS.items():
                cursor = tx.execute(
                    f"UPDATE outbox INDEXED BY {index}"  # noqa: S608 - constants
                    " SET state = 'rejected', reason = ?, updated = ?"
                    f" WHERE type = '{type_}' AND state IN ('pending', 'in_flight')"
                    f" AND json_extract(payload, '$.{name}') = ?",
                    (reason[:MAX_REASON_CHARS], now, sha256),
                )
                rejected += cursor.rowcount
        return rejected

    def _event(self, row: Sequence[Any]) -> Event:
        seq, event_id, type_, boot_id, mono_ms, wall_time, synced, payload = row
        return event_model(type_)(
            v=EVENT_SCHEMA_VERSION,
            id=uuid.UUID(event_id),
            kiosk_id=self.kiosk_id,
            boot_id=boot_id,
            seq=seq,
            mono_ms=mono_ms,
            wall_time=datetime.fromisoformat(wall_time),
            clock_synced=bool(synced),
            type=type_,
            payload=json.loads(payload),
        )
