"""The hub's schema migrations (Alembic), configured in code: no alembic.ini anywhere.

`upgrade(url)` brings a database to the newest revision (creating it when absent), and
is run once before the hub serves (`storywall hub`, `storywall demo`,
`storywall admin db upgrade`). `current(url)` says where a database is; `require_head`
is the check `create_app()` makes: it never migrates, it refuses a database that is not
at `head()`. The revisions live in server/migrations/versions/.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from server.core.db import ensure_sqlite_dir, make_engine, sqlite_file

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
UPGRADE_COMMAND = "storywall admin db upgrade"
# The schema storywall 0.1.0 made with create_all, before there were migrations: a
# database holding these tables and no alembic_version is stamped BASELINE_REVISION.
BASELINE_REVISION = "0001"
BASELINE_TABLES = frozenset({"site", "kiosk", "prompt", "event", "boot_anchor"})
VERSION_TABLE = "alembic_version"
# Hubs sharing one PostgreSQL database take this lock around an upgrade, so two
# starting together never both run a revision.
ADVISORY_LOCK_KEY = zlib.crc32(b"storywall schema migrations")


class DatabaseNotReady(Exception):
    """The hub's database cannot be used as it is; the message says what to do."""


class NoHubDatabase(DatabaseNotReady):
    """There is no hub database where the settings point."""


class SchemaBehind(DatabaseNotReady):
    """The database is at an older revision than this code (or predates migrations)."""


class SchemaUnknown(DatabaseNotReady):
    """The database holds a schema this code cannot place (a newer release, or not a hub's)."""


class DatabaseUnreachable(DatabaseNotReady):
    """The database could not be opened: not running, refused, or not a database file."""


class UpgradeFailed(DatabaseNotReady):
    """A revision failed; its transaction was rolled back, the database is as it was."""


def where(url: str | URL) -> str:
    """The database as a person would name it: the SQLite file, or the URL without password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path.absolute())
    return make_url(url).render_as_string(hide_password=True)


@dataclass(frozen=True)
class SchemaState:
    """Where one database stands: its revision (None when unrecorded) and its tables."""

    where: str
    exists: bool
    revision: str | None
    tables: frozenset[str]

    @property
    def at_head(self) -> bool:
        return self.revision == head()

    @property
    def empty(self) -> bool:
        """No hub database here: no file, or no hub table and no revision."""
        return not self.exists or (self.revision is None and not self.tables & BASELINE_TABLES)

    @property
    def predates_migrations(self) -> bool:
        """Made by storywall 0.1.0's create_all: every baseline table, no revision."""
        return self.revision is None and self.tables >= BASELINE_TABLES

    def describe(self) -> str:
        """One line: the revision and how it stands against head."""
        if self.empty:
            return "none (no hub database)"
        if self.predates_migrations:
            return f"none (made before migrations; an upgrade stamps it {BASELINE_REVISION})"
        if self.revision is None:
            return "none (not a hub database)"
        if self.at_head:
            return f"{self.revision} (head)"
        if not _known(self.revision):
            return f"{self.revision} (unknown to this release; head is {head()})"
        return f"{self.revision} (behind head {head()})"

    def problem(self, upgrade_command: str = UPGRADE_COMMAND) -> DatabaseNotReady | None:
        """Why a hub cannot serve from this database (None when it can)."""
        if self.empty:
            return NoHubDatabase(
                f"no hub database at {self.where}; create one with: {upgrade_command}"
            )
        unknown = self.unknown()
        if unknown is not None:
            return unknown
        if self.predates_migrations:
            return SchemaBehind(
                f"the hub database at {self.where} was made before migrations (storywall "
                f"0.1); upgrade it with: {upgrade_command}"
            )
        if not self.at_head:
            return SchemaBehind(
                f"the hub database at {self.where} is at revision {self.revision}, this "
                f"release needs {head()}; upgrade it with: {upgrade_command}"
            )
        return None

    def unknown(self) -> SchemaUnknown | None:
        """Why no upgrade can start from here (None when one can)."""
        if self.revision is None and not self.empty and not self.predates_migrations:
            present = ", ".join(sorted(self.tables & BASELINE_TABLES))
            return SchemaUnknown(
                f"{self.where} holds some of the hub's tables ({present}) but no migration "
                "record: it was not made by storywall, so it is left alone"
            )
        if self.revision is not None and not _known(self.revision):
            return SchemaUnknown(
                f"the hub database at {self.where} is at revision {self.revision}, which this "
                "release does not know (made by a newer storywall?); upgrade storywall"
            )
        return None


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the hub, pointing at the migrations in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Revisions are numbered 0001, 0002...; configparser needs `%%` for a `%`.
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def _script() -> ScriptDirectory:
    versions = MIGRATIONS_DIR / "versions"
    return _script_in(str(MIGRATIONS_DIR), versions.stat().st_mtime_ns)


@functools.cache
def _script_in(_directory: str, _versions_changed_ns: int) -> ScriptDirectory:
    # Read once per folder (a test may point at another) and again when a revision
    # is added to it.
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The newest revision this code knows."""
    heads = _script().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"server/migrations has {len(heads)} heads {heads}; merge them")
    return heads[0]


def _known(revision: str) -> bool:
    return any(script.revision == revision for script in _script().walk_revisions())


def inspect_connection(connection: Connection, where_: str) -> SchemaState:
    """The state of the database behind an open connection."""
    tables = frozenset(inspect(connection).get_table_names())
    revision = None
    if VERSION_TABLE in tables:
        revision = MigrationContext.configure(connection).get_current_revision()
    return SchemaState(where_, True, revision, tables - {VERSION_TABLE})


def _inspect_engine(engine: Engine) -> SchemaState:
    name = where(engine.url)
    path = sqlite_file(engine.url)
    if path is not None and not path.is_file():
        # Connecting would create an empty file: a typo in a path must not do that.
        return SchemaState(name, False, None, frozenset())
    try:
        with engine.connect() as connection:
            return inspect_connection(connection, name)
    except DBAPIError as error:
        raise _unreachable(name, error) from error


def current(url: str) -> SchemaState:
    """Where the database at `url` stands; creates nothing, not even a SQLite file."""
    engine = make_engine(url)
    try:
        return _inspect_engine(engine)
    finally:
        engine.dispose()


def require_head(engine: Engine, upgrade_command: str = UPGRADE_COMMAND) -> SchemaState:
    """The check before serving: the database exists and is at head, or DatabaseNotReady."""
    state = _inspect_engine(engine)
    problem = state.problem(upgrade_command)
    if problem is not None:
        raise problem
    return state


def upgrade(url: str, revision: str = "head") -> tuple[SchemaState, SchemaState]:
    """Bring the database at `url` to `revision`, creating it if absent; (before, after).

    A database made before migrations (every baseline table, no revision) is stamped
    BASELINE_REVISION first. Everything happens in one transaction, so a revision that
    fails leaves the database as it was.
    """
    name = where(url)
    _create_sqlite_file(url)
    engine = _migration_engine(url)
    try:
        with engine.connect() as connection, _exclusive(connection), connection.begin():
            before = inspect_connection(connection, name)
            refusal = before.unknown()
            if refusal is not None:
                raise refusal
            config = alembic_config(connection)
            try:
                if before.predates_migrations:
                    command.stamp(config, BASELINE_REVISION)
                command.upgrade(config, revision)
                _check_foreign_keys(connection)
            except Exception as error:  # a revision's own error: one line for the operator
                reason = _first_line(error) if isinstance(error, DBAPIError) else repr(error)
                raise UpgradeFailed(
                    f"upgrading the database at {name} failed, nothing was changed: {reason}"
                ) from error
            after = inspect_connection(connection, name)
    except DBAPIError as error:  # could not connect, lock or read it
        raise _unreachable(name, error) from error
    finally:
        engine.dispose()
    log.info("database %s: from %s to %s", name, before.describe(), after.describe())
    return before, after


def _create_sqlite_file(url: str) -> None:
    """Make a missing SQLite file appear at once, already in WAL mode.

    Two processes opening a new file together would both try to switch it to WAL,
    and SQLite answers one of them "database is locked" without waiting.
    """
    path = sqlite_file(url)
    if path is None or path.exists():
        return
    ensure_sqlite_dir(url)
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        with closing(sqlite3.connect(draft)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
        try:
            os.link(draft, path)  # atomic, and never over a file another process made
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def _migration_engine(url: str) -> Engine:
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        # pysqlite does not put DDL in a transaction by itself; take the transaction
        # into our own hands so a whole upgrade commits or rolls back as one, and
        # BEGIN IMMEDIATE so a second process waits rather than runs it again.
        # Foreign keys are off while tables are rebuilt (SQLite's ALTER recipe) and
        # checked before commit instead.
        event.listen(engine, "connect", _sqlite_manual_transactions)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_manual_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def _sqlite_begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise RuntimeError(f"it would break foreign keys in {', '.join(tables)}")


@contextmanager
def _exclusive(connection: Connection) -> Iterator[None]:
    """On PostgreSQL, hold the migration advisory lock (SQLite's BEGIN IMMEDIATE serialises)."""
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    connection.commit()
    try:
        yield
    finally:
        if connection.in_transaction():
            connection.rollback()
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
        connection.commit()


def _first_line(error: DBAPIError) -> str:
    text = str(error.orig).strip() if error.orig is not None else ""
    return text.splitlines()[0] if text else type(error).__name__


def _unreachable(name: str, error: DBAPIError) -> DatabaseUnreachable:
    return DatabaseUnreachable(f"cannot use the database at {name}: {_first_line(error)}")
