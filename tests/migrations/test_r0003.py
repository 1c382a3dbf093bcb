"""Revision 0003: moderation hold, its audit log, media references and held media.

A 0.1.0 database upgrades with its events untouched and nothing held; the new tables
refuse an unknown moderation state. On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from server.core.db import sqlite_file
from server.core.migrate import current, head, upgrade
from tests.migrations.legacy import dump_rows, make_postgres, make_sqlite


def _make_0_1_0(url: str, tmp_path: Path) -> None:
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))


def test_0_1_0_data_upgrades_with_nothing_held(empty_url: str, tmp_path: Path) -> None:
    _make_0_1_0(empty_url, tmp_path)
    upgrade(empty_url)
    assert current(empty_url).revision == head()
    engine = create_engine(empty_url)
    try:
        with engine.connect() as connection:
            counts = {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
                for table in ("event", "moderation", "moderation_log", "media_ref", "media")
            }
            owing = connection.execute(text("SELECT DISTINCT media_missing FROM kiosk")).all()
    finally:
        engine.dispose()
    assert counts == {
        "event": 290,
        "moderation": 0,
        "moderation_log": 0,
        "media_ref": 0,
        "media": 0,
    }
    assert [bool(row[0]) for row in owing] == [False]


@pytest.mark.parametrize("table", ["moderation", "moderation_log"])
def test_0003_refuses_an_unknown_state(empty_url: str, tmp_path: Path, table: str) -> None:
    _make_0_1_0(empty_url, tmp_path)
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        with engine.connect() as connection:
            event_id = connection.execute(text("SELECT id FROM event LIMIT 1")).scalar_one()
        extra = ", decided_ms" if table == "moderation_log" else ""
        values = ", 1" if table == "moderation_log" else ""
        insert = f"INSERT INTO {table} (event_id, state{extra}) VALUES (:id, :state{values})"  # noqa: S608
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(insert), {"id": event_id, "state": "maybe"})
        with engine.begin() as connection:
            connection.execute(text(insert), {"id": event_id, "state": "held"})
    finally:
        engine.dispose()
