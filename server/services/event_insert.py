"""Writing a push's event rows: one statement for the whole batch, per database.

The rows come from ingest.py in INSERT_COLUMNS order, values already in the
columns' form (payload serialised), so nothing here builds an object per event.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Dialect, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from server.events import Derived
from server.models import EVENT_TABLE

INSERT_COLUMNS = (
    "id",
    "kiosk_id",
    "site_id",
    "boot_id",
    "seq",
    "mono_ms",
    "wall_ms",
    "clock_synced",
    "type",
    "v",
    "payload",
    "received_ms",
    "placed_ms",
    "placed_by",
    *Derived._fields,
)


class _CompiledInsert(NamedTuple):
    sql: str
    # Positions of INSERT_COLUMNS in the statement's parameter order; None: named style.
    order: tuple[int, ...] | None


@cache
def _compiled_insert(dialect: Dialect) -> _CompiledInsert:
    compiled = insert(EVENT_TABLE).compile(dialect=dialect, column_keys=list(INSERT_COLUMNS))
    if compiled.positiontup is None:
        return _CompiledInsert(compiled.string, None)
    return _CompiledInsert(
        compiled.string, tuple(INSERT_COLUMNS.index(name) for name in compiled.positiontup)
    )


def insert_events(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """All of a push's rows in one statement: COPY on PostgreSQL, else one executemany
    of the INSERT, compiled once per dialect.

    Rows go to the driver as they are (payload already serialised): that skips
    SQLAlchemy's per-row parameter processing, which on a 500-event batch cost
    more than SQLite's own work. The executemany works for positional (SQLite) and
    named parameter styles alike.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _copy_rows(connection, rows)
        return
    statement = _compiled_insert(connection.dialect)
    if statement.order is None:
        named = [dict(zip(INSERT_COLUMNS, row, strict=True)) for row in rows]
        connection.exec_driver_sql(statement.sql, named)
        return
    order = statement.order
    if order != tuple(range(len(INSERT_COLUMNS))):
        rows = [tuple(row[i] for i in order) for row in rows]
    connection.exec_driver_sql(statement.sql, rows)


# Column names come from the table definition, never from a request.
_COPY_EVENTS = f"COPY {EVENT_TABLE.name} ({', '.join(INSERT_COLUMNS)}) FROM STDIN"


def _copy_rows(connection: Connection, rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: the rows through COPY, in the session's transaction.

    An executemany is one INSERT statement per row for the server (bind, execute,
    executor start-up each time); COPY streams them into one command, which took
    about a third off PostgreSQL's CPU per event and half off the hub's
    (docs/scaling.md).
    A duplicate id fails the whole COPY as it fails the INSERT: IntegrityError,
    and ingest_batch starts over.
    """
    driver = connection.connection.driver_connection
    assert driver is not None
    errors = connection.dialect.loaded_dbapi
    try:
        with driver.cursor() as cursor, cursor.copy(_COPY_EVENTS) as copy:
            for row in rows:
                copy.write_row(row)
    except errors.IntegrityError as error:
        raise IntegrityError(_COPY_EVENTS, None, error) from error
