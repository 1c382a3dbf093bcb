"""Revision 0008: the food-safety job's cursor and episode tables.

A 0007 hub with its events upgrades with every event untouched and both tables
empty; an episode's key is unique and its kind is one of the three; and the
revision goes back down to 0007 (and up again) with the events kept.
On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine, sqlite_file
from server.core.migrate import alembic_config, current, upgrade
from tests.migrations.legacy import dump_rows, make_postgres, make_sqlite

TABLES = {"food_safety_cursor", "food_safety_episode"}
INSERT_EPISODE = (
    "INSERT INTO food_safety_episode"
    " (site_id, kind, key, start_ms, end_ms, news, discovered_ms)"
    " VALUES (:site, :kind, :key, 1000, NULL, true, 2000)"
)


def _make_0007(url: str, tmp_path: Path) -> None:
    """A hub as 0.1.0 left it, with its 290 events, upgraded to 0007 only."""
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))
    upgrade(url, "0007")
    assert current(url).revision == "0007"


def _events(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        query = "SELECT id, site_id, type, received_ms, placed_ms FROM event ORDER BY id"
        return [tuple(row) for row in connection.execute(text(query))]


def _site(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT min(id) FROM site")).scalar_one())


def test_0007_data_upgrades_with_empty_tables_that_hold_their_rules(
    empty_url: str, tmp_path: Path
) -> None:
    _make_0007(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _events(engine)
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(empty_url, "0008")
        assert current(empty_url).revision == "0008"
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert _events(engine) == before
        assert len(before) == 290
        site = _site(engine)
        with engine.connect() as connection:
            for query in (
                "SELECT count(*) FROM food_safety_cursor",
                "SELECT count(*) FROM food_safety_episode",
            ):
                assert connection.execute(text(query)).scalar_one() == 0
        with engine.begin() as connection:
            connection.execute(text(INSERT_EPISODE), {"site": site, "kind": "too_warm", "key": "a"})
            connection.execute(
                text(
                    "INSERT INTO food_safety_cursor (site_id, seen_ms, evaluated_ms, rule, due_ms)"
                    " VALUES (:site, 5, 6, '5.0/15/30/5/15', NULL)"
                ),
                {"site": site},
            )
        for kind, key in (("too_warm", "a"), ("missed_slot", "b")):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(INSERT_EPISODE), {"site": site, "kind": kind, "key": key})
        indexes = {index["name"] for index in inspect(engine).get_indexes("food_safety_episode")}
        assert "ix_food_safety_episode_site_kind_start" in indexes
    finally:
        engine.dispose()


def test_0008_goes_down_to_0007_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0007(empty_url, tmp_path)
    upgrade(empty_url, "0008")
    engine = make_engine(empty_url)
    try:
        before = _events(engine)
        # No `db downgrade` command exists (docs/decisions.md); the revision's own
        # downgrade() is run as Alembic would.
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0007")
        assert current(empty_url).revision == "0007"
        assert not TABLES & set(inspect(engine).get_table_names())
        assert _events(engine) == before
        upgrade(empty_url, "0008")
        assert current(empty_url).revision == "0008"
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
