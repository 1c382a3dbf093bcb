"""A SQLite hub database in a backup: an online copy, a checked restore, an atomic swap."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from server.backup.errors import BackupDamaged, TargetInUse
from server.core.db import BUSY_TIMEOUT_MS
from storywall.durable import sync_folder

# Files SQLite keeps beside a database; one left over from the old database would be
# replayed into the restored one.
SIDE_FILES = ("-wal", "-shm", "-journal")


def snapshot(db_file: Path, copy_to: Path) -> None:
    """Copy the live database with SQLite's online backup API into a new file.

    One backup step (pages=-1) is one read transaction: the copy is the database at a
    single moment, and in WAL mode the hub keeps writing meanwhile. The copy is left
    in rollback-journal mode, so it is one self-contained file."""
    timeout = BUSY_TIMEOUT_MS / 1000
    with (
        closing(sqlite3.connect(db_file, timeout=timeout)) as source,
        closing(sqlite3.connect(copy_to)) as copy,
    ):
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")


def check_copy(path: Path) -> None:
    """BackupDamaged unless SQLite finds the restored file whole."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
            result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        raise BackupDamaged(f"its database is not a readable SQLite file ({error})") from None
    if result != ["ok"]:
        raise BackupDamaged(f"its database fails SQLite's integrity check: {result[:3]}")


def refuse_if_in_use(db_file: Path) -> None:
    """TargetInUse when another process has the database open (a running hub).

    A connection in WAL mode holds a shared lock on the file for as long as it is
    open, so an exclusive lock can be had only when nobody else is connected. Closing
    this last connection also checkpoints and removes the old WAL."""
    if not db_file.exists():
        return
    try:
        with closing(sqlite3.connect(db_file, timeout=0.5, isolation_level=None)) as probe:
            probe.execute("PRAGMA locking_mode=EXCLUSIVE")
            probe.execute("BEGIN EXCLUSIVE")
            probe.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        raise TargetInUse(
            f"the hub database at {db_file} is in use by another process ({error}): stop "
            "the hub first (e.g. sudo systemctl stop storywall-hub), then restore"
        ) from None


def put_in_place(restored: Path, db_file: Path) -> None:
    """Make `restored` the hub's database file: side files of the old one go first."""
    for suffix in SIDE_FILES:
        db_file.with_name(db_file.name + suffix).unlink(missing_ok=True)
    os.replace(restored, db_file)
    sync_folder(db_file.parent)
