"""The hub database storywall 0.1.0 made (data/hub-0.1.0.sql), and its rows.

On SQLite the dump is loaded as it is. PostgreSQL has no dump: there, the 0.1.0 schema
is revision 0001 with its alembic_version dropped (0001 is that schema, which
tests/migrations/test_schema.py checks), and the dump's rows are copied in.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, inspect, select, text

from server.core.db import sqlite_file
from server.core.migrate import BASELINE_REVISION, BASELINE_TABLES, upgrade

DUMP = Path(__file__).resolve().parent / "data" / "hub-0.1.0.sql"
# Parents before children, for inserts.
TABLE_ORDER = ("site", "kiosk", "prompt", "event", "boot_anchor")
Rows = dict[str, list[dict[str, Any]]]


def make_sqlite(path: Path) -> str:
    """A SQLite file exactly as 0.1.0 left it; its URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript(DUMP.read_text(encoding="utf-8"))
    return f"sqlite:///{path}"


def read_rows(engine: Engine, columns: dict[str, list[str]] | None = None) -> Rows:
    """Every row of the 0.1.0 tables (only the named columns when given), in key order."""
    metadata = MetaData()
    metadata.reflect(engine, only=list(TABLE_ORDER))
    rows: Rows = {}
    with engine.connect() as connection:
        for name in TABLE_ORDER:
            table = metadata.tables[name]
            wanted = columns[name] if columns else [column.name for column in table.columns]
            query = select(*(table.c[column] for column in wanted)).order_by(
                *table.primary_key.columns
            )
            rows[name] = [dict(row._mapping) for row in connection.execute(query)]
    return rows


def dump_rows(tmp_path: Path) -> Rows:
    """The rows of the dump, read the same way as any database's."""
    engine = create_engine(make_sqlite(tmp_path / "dump-rows.sqlite3"))
    try:
        return read_rows(engine)
    finally:
        engine.dispose()


def make_postgres(url: str, rows: Rows) -> None:
    """An empty PostgreSQL database made into what 0.1.0 would have left, with `rows`."""
    upgrade(url, BASELINE_REVISION)
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine, only=list(TABLE_ORDER))
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
            for name in TABLE_ORDER:
                connection.execute(metadata.tables[name].insert(), rows[name])
            # create_all's SERIAL columns had counted every insert; ours were explicit.
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('site', 'id'), max(id)) FROM site")
            )
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('prompt', 'id'), max(id)) FROM prompt")
            )
    finally:
        engine.dispose()
    assert set(TABLE_ORDER) == BASELINE_TABLES


def make_hub_at(url: str, tmp_path: Path, revision: str) -> None:
    """A hub as 0.1.0 left it (its rows included), upgraded to `revision`: where a
    revision's test starts."""
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))
    upgrade(url, revision)


def held_rows(engine: Engine, *queries: str) -> list[list[tuple[object, ...]]]:
    """What each query reads, as plain tuples: compared before and after an upgrade."""
    with engine.connect() as connection:
        return [[tuple(row) for row in connection.execute(text(query))] for query in queries]


def table_names(engine: Engine) -> set[str]:
    """The tables the database holds."""
    return set(inspect(engine).get_table_names())
