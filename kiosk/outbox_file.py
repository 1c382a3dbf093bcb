"""The outbox's SQLite file: its schema, pragmas and owner, checked once when it is opened.

WAL with `synchronous=FULL`: a commit is on the storage before it returns (power-loss
safe). The `meta` table names the schema version and the kiosk the file belongs to, so
a newer file or another kiosk's file is refused instead of sending events that the hub
would reject. Events a dead process left in flight are pending again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.errors import OutboxError

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT    NOT NULL UNIQUE,
    type         TEXT    NOT NULL,
    boot_id      TEXT    NOT NULL,
    mono_ms      INTEGER NOT NULL CHECK (mono_ms >= 0),
    wall_time    TEXT    NOT NULL,
    clock_synced INTEGER NOT NULL CHECK (clock_synced IN (0, 1)),
    payload      TEXT    NOT NULL CHECK (json_valid(payload)),
    state        TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'in_flight', 'acked', 'rejected')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    reason       TEXT,
    updated      TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_state_seq ON outbox (state, seq);
-- Doodles' media hashes by state: the sync round's look for media to upload stays
-- cheap behind a backlog of 100k reactions. Created on older files too.
CREATE INDEX IF NOT EXISTS outbox_doodle_media
    ON outbox (state, json_extract(payload, '$.media')) WHERE type = 'doodle';
-- The same for a drop-off's shelf photo (its payload names it `photo`).
CREATE INDEX IF NOT EXISTS outbox_dropoff_photo
    ON outbox (state, json_extract(payload, '$.photo')) WHERE type = 'dropoff';
"""


def prepare(conn: sqlite3.Connection, path: Path, kiosk_id: str, *, now: str) -> None:
    """Set the pragmas, create the schema, check version and owner, resume in-flight events.

    `conn` is in autocommit mode (isolation_level=None); raises OutboxError."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Only takes effect on a new file; lets prune_acked() give pages back.
    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise OutboxError(f"{path}: SQLite refused WAL mode (got {mode!r})")
    # FULL: a commit is on the storage before record() returns (power loss safe).
    conn.execute("PRAGMA synchronous = FULL")
    conn.executescript(_SCHEMA)
    conn.execute("BEGIN IMMEDIATE")
    try:
        _check_and_resume(conn, path, kiosk_id, now)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _check_and_resume(conn: sqlite3.Connection, path: Path, kiosk_id: str, now: str) -> None:
    version = _meta(conn, "schema_version")
    if version is None:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
    elif int(version) > SCHEMA_VERSION:
        raise OutboxError(f"{path} has schema {version}, newer than this kiosk's {SCHEMA_VERSION}")
    owner = _meta(conn, "kiosk_id")
    if owner is None:
        conn.execute("INSERT INTO meta (key, value) VALUES ('kiosk_id', ?)", (kiosk_id,))
    elif owner != kiosk_id:
        # Its events carry another kiosk's id: the hub would reject them all.
        raise OutboxError(
            f"{path} belongs to kiosk {owner!r}, not {kiosk_id!r};"
            " move it aside to start a new outbox"
        )
    # A batch in flight when the process died was never settled: send it again
    # (the hub answers "duplicate" for what it already holds).
    conn.execute(
        "UPDATE outbox SET state = 'pending', updated = ? WHERE state = 'in_flight'", (now,)
    )


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])
