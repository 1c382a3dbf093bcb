"""The engine factory; the same code runs on SQLite and PostgreSQL (schema: core/migrate.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session, create_engine

import server.models  # noqa: F401  (registers the hub's tables on SQLModel.metadata)

# The hub acknowledges events to kiosks, which then forget them, so a commit must
# survive a power cut: synchronous=FULL even in WAL mode (NORMAL may lose the last
# transactions). busy_timeout lets concurrent writers wait instead of failing.
BUSY_TIMEOUT_MS = 5000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def _set_sqlite_pragmas(dbapi_connection: Any, _connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def sqlite_file(url: str | URL) -> Path | None:
    """The database file of a file-backed SQLite URL, else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite connections get the hub's pragmas on every connect."""
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    if is_sqlite:
        # Request handlers run in a thread pool; a connection may change threads.
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("check_same_thread", False)
        kwargs["connect_args"] = connect_args
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def ensure_sqlite_dir(url: str) -> None:
    """Create the directory a SQLite file will live in (no-op for other databases)."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def bookkeeping(session: Session) -> Iterator[Connection]:
    """A connection for a small write whose loss in a power cut harms nothing (a rate
    count, a last-seen time); committed when the block ends without error.

    On SQLite it is a connection of its own whose commit skips the fsync
    (synchronous=NORMAL: in WAL mode still atomic and consistent, only the newest
    commits may be lost), so a request that only counts itself does not wait on the
    disk; it goes back to the pool at FULL. Hold the write lock around it
    (core/writers.py), which also keeps it to one such connection per process. On
    PostgreSQL it is the session's own connection, and the session commits."""
    if session.get_bind().dialect.name != "sqlite":
        try:
            yield session.connection()
        except BaseException:
            session.rollback()
            raise
        session.commit()
        return
    with session.get_bind().engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
        connection.commit()
        try:
            yield connection
            connection.commit()
        finally:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA synchronous=FULL")
            connection.commit()
