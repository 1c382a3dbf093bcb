"""`storywall admin restore IN.tar [--force]`: the backup becomes the hub's data.

Everything that can refuse does so before anything changes: the tar must be a whole
Storywall backup of this engine at a revision this code knows, the hub's database and
media folder must be empty (or --force), and no hub may be running on them. The
members are then extracted into a staging folder and checked; only a checked copy
takes the place of the database, then the media folder. A backup from an older
revision is migrated to head (on SQLite before it takes the old file's place).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from server.backup import postgres, sqlite
from server.backup.archive import extract, read_manifest
from server.backup.errors import (
    BackupDamaged,
    BackupError,
    BackupTooNew,
    EngineMismatch,
    TargetHoldsData,
)
from server.backup.manifest import Manifest, describe_counts, table_counts
from server.backup.media import count_media, media_root, replace_media
from server.core.config import Settings
from server.core.db import make_engine, sqlite_file
from server.core.migrate import (
    VERSION_TABLE,
    alembic_config,
    head,
    inspect_connection,
    upgrade,
    where,
)
from server.media import MAX_STORED_BYTES
from server.schema import METADATA

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Room left on the disk after extracting, besides the backup's own size.
SPARE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class RestoreDone:
    """A finished restore: the backup's manifest, the database, the revision it is at now."""

    manifest: Manifest
    database: str
    revision: str
    replaced: str


def restore_backup(settings: Settings, archive: Path, *, force: bool = False) -> RestoreDone:
    """Restore `archive` into the hub's database and media folder (see the module doc)."""
    manifest = read_manifest(archive)
    url = settings.database_url
    name = where(url)
    engine_name = make_url(url).get_backend_name()
    if manifest.engine != engine_name:
        raise EngineMismatch(
            f"{archive} is a backup of a {ENGINE_NAMES[manifest.engine]} hub and the hub's "
            f"database ({name}) is {ENGINE_NAMES.get(engine_name, engine_name)}; restoring "
            "across engines is not supported: restore it into a hub on the same engine"
        )
    _refuse_unknown_revision(archive, manifest)
    media_dir = media_root(settings.data_dir)
    held = _holdings(url, media_dir)
    if held and not force:
        raise TargetHoldsData(
            f"the hub already holds data: {held}. Restoring would replace it with "
            f"{archive}: restore into an empty hub, or add --force"
        )
    _refuse_foreign_owner(settings.data_dir)
    _check_space(settings.data_dir, manifest)
    if engine_name == "sqlite":
        _restore_sqlite(url, archive, manifest, settings.data_dir)
    else:
        _restore_postgres(url, archive, manifest, settings.data_dir)
    return RestoreDone(manifest=manifest, database=name, revision=head(), replaced=held)


def _refuse_unknown_revision(archive: Path, manifest: Manifest) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    if manifest.revision not in {rev.revision for rev in script.walk_revisions()}:
        raise BackupTooNew(
            f"{archive} is at schema revision {manifest.revision} (storywall "
            f"{manifest.storywall_version}), newer than this storywall knows (head "
            f"{head()}); upgrade storywall, then restore"
        )


def _holdings(url: str, media_dir: Path) -> str:
    """What the hub's database and media folder hold, in words ("" when nothing)."""
    parts = []
    path = sqlite_file(url)
    if path is None or path.exists():
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                counts = table_counts(connection)
        except DBAPIError as error:
            reason = error.orig
            raise BackupError(f"cannot read the hub database at {where(url)}: {reason}") from None
        finally:
            engine.dispose()
        if any(counts.values()):
            parts.append(f"the database at {where(url)} has {describe_counts(counts)}")
    media = count_media(media_dir)
    if media:
        parts.append(f"{media_dir} has {media} media files")
    return "; ".join(parts)


def _refuse_foreign_owner(data_dir: Path) -> None:
    """Root restoring into a folder that belongs to the hub's user would leave files the
    hub cannot write (SQLite then opens its database read-only)."""
    if os.geteuid() != 0 or not data_dir.exists():
        return
    owner = data_dir.stat().st_uid
    if owner != 0:
        raise BackupError(
            f"{data_dir} belongs to user id {owner} and this runs as root: the restored "
            "files would be root's and the hub could not write them. Run it as the hub's "
            "user (installed hubs: sudo storywall-admin restore ...)"
        )


def _check_space(data_dir: Path, manifest: Manifest) -> None:
    needed = manifest.database.bytes + manifest.media.bytes + SPARE_BYTES
    existing = next(
        folder for folder in (data_dir, *data_dir.absolute().parents) if folder.exists()
    )
    free = shutil.disk_usage(existing).free
    if free < needed:
        raise BackupError(
            f"{data_dir} has {free} bytes free; restoring needs about {needed}: free some space"
        )


@contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    """A hidden folder beside the final place (so the last step is a rename), removed after."""
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".storywall-restore-", dir=folder))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        # A refused restore into a new hub leaves no empty folder behind either.
        if created and not any(folder.iterdir()):
            folder.rmdir()


def _extract(archive: Path, manifest: Manifest, database_to: Path, media_to: Path) -> None:
    media_to.mkdir()
    extract(
        archive,
        manifest,
        database_to=database_to,
        media_to=media_to,
        max_media_bytes=MAX_STORED_BYTES,
    )


def _check_counts(manifest: Manifest, counts: dict[str, int]) -> None:
    found = {table: counts.get(table, 0) for table in manifest.counts}
    if found != manifest.counts:
        raise BackupDamaged(
            f"its database holds {describe_counts(found)}, the manifest says "
            f"{describe_counts(manifest.counts)}"
        )


def _restore_sqlite(url: str, archive: Path, manifest: Manifest, data_dir: Path) -> None:
    db_file = sqlite_file(url)
    if db_file is None:
        raise BackupError("cannot restore into an in-memory SQLite database")
    db_file = db_file.absolute()
    sqlite.refuse_if_in_use(db_file)
    with _staging(db_file.parent) as db_stage, _staging(data_dir) as media_stage:
        staged = db_stage / db_file.name
        _extract(archive, manifest, staged, media_stage / "media")
        sqlite.check_copy(staged)
        engine = create_engine(f"sqlite:///{staged}")
        try:
            with engine.connect() as connection:
                revision = inspect_connection(connection, str(staged)).revision
                counts = table_counts(connection)
        finally:
            engine.dispose()
        if revision != manifest.revision:
            raise BackupDamaged(
                f"its database is at revision {revision}, the manifest says {manifest.revision}"
            )
        _check_counts(manifest, counts)
        # Migrated while still staged: the hub's file is only ever replaced by one at head.
        upgrade(f"sqlite:///{staged}")
        sqlite.put_in_place(staged, db_file)
        replace_media(media_root(data_dir), media_stage / "media")


def _restore_postgres(url: str, archive: Path, manifest: Manifest, data_dir: Path) -> None:
    name = where(url)
    engine = make_engine(url)
    try:
        postgres.refuse_if_in_use(engine, name)
        with _staging(data_dir) as stage:
            dump = stage / "hub.pgdump"
            _extract(archive, manifest, dump, stage / "media")
            dumped = postgres.dumped_tables(url, dump)
            # A newer revision's tables (the hub was upgraded before the restore) are
            # not in an older dump: --clean would leave them, and the upgrade that
            # follows would fail to create them.
            hub_tables = {*METADATA.tables, VERSION_TABLE}
            present = set(inspect(engine).get_table_names())
            postgres.drop_tables(engine, (present & hub_tables) - dumped)
            # No session of ours stays open while pg_restore takes its locks.
            engine.dispose()
            postgres.restore(url, dump)
            with engine.connect() as connection:
                _check_counts(manifest, table_counts(connection))
            engine.dispose()
            upgrade(url)
            replace_media(media_root(data_dir), stage / "media")
    finally:
        engine.dispose()
