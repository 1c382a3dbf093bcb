"""`storywall admin backup OUT.tar`: the database at one moment, then the media, in one tar."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from server.backup import postgres, sqlite
from server.backup.archive import CHUNK, write_archive
from server.backup.errors import BackupError, NoDatabase
from server.backup.manifest import DATABASE_MEMBERS, DatabaseFile, Manifest, now_text, table_counts
from server.backup.media import list_media, media_root
from server.core.config import Settings
from server.core.db import make_engine, sqlite_file
from server.core.migrate import UPGRADE_COMMAND, inspect_connection, where
from storywall import __version__


@dataclass(frozen=True)
class BackupDone:
    """A finished backup: where it is, its size and its manifest."""

    path: Path
    bytes: int
    manifest: Manifest
    database: str


@dataclass(frozen=True)
class _Snapshot:
    revision: str
    counts: dict[str, int]


def create_backup(settings: Settings, target: Path) -> BackupDone:
    """Back the hub up into the tar `target` (replaced atomically if it exists)."""
    target = target.absolute()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; name the backup file, e.g. {target}/hub.tar")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder; create it first")
    url = settings.database_url
    engine_name = make_url(url).get_backend_name()
    created = now_text()
    # The database copy is staged beside the backup: the disk meant to hold backups.
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as work:
        copy = Path(work) / Path(DATABASE_MEMBERS[engine_name]).name
        try:
            state = _sqlite(url, copy) if engine_name == "sqlite" else _postgres(url, copy)
        except DBAPIError as error:
            reason = error.orig
            raise BackupError(f"cannot read the hub database at {where(url)}: {reason}") from None
        # After the snapshot: every media row in it already has its file (see media.py).
        media, summary = list_media(media_root(settings.data_dir))
        manifest = Manifest(
            storywall_version=__version__,
            engine=engine_name,
            revision=state.revision,
            created=created,
            counts=state.counts,
            database=DatabaseFile(
                member=DATABASE_MEMBERS[engine_name],
                bytes=copy.stat().st_size,
                sha256=_sha256(copy),
            ),
            media=summary,
        )
        mtime = int(datetime.fromisoformat(created).timestamp())
        size = write_archive(target, manifest, copy, media, mtime)
    return BackupDone(path=target, bytes=size, manifest=manifest, database=where(url))


def _read(connection: Connection, name: str) -> _Snapshot:
    state = inspect_connection(connection, name)
    if state.empty:
        raise NoDatabase(f"no hub database at {name}: nothing to back up")
    if state.revision is None:
        raise NoDatabase(
            f"the database at {name} has no migration record; bring it to a known revision "
            f"first with: {UPGRADE_COMMAND}"
        )
    return _Snapshot(state.revision, table_counts(connection))


def _sqlite(url: str, copy: Path) -> _Snapshot:
    db_file = sqlite_file(url)
    if db_file is None:
        raise BackupError("an in-memory SQLite database cannot be backed up")
    if not db_file.is_file():
        raise NoDatabase(f"no hub database at {db_file.absolute()}: nothing to back up")
    sqlite.snapshot(db_file, copy)
    # A plain engine: the hub's own would switch the copy to WAL mode on connect.
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as connection:
            return _read(connection, where(url))
    finally:
        engine.dispose()


def _postgres(url: str, copy: Path) -> _Snapshot:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = postgres.export_snapshot(connection)
                state = _read(connection, where(url))
                # Still inside the transaction: pg_dump imports its snapshot.
                postgres.dump(url, copy, snapshot)
                return state
    finally:
        engine.dispose()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
