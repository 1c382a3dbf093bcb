"""Revision 0012: the charts' rollup tables and the event index its recount reads.

A 0011 hub with sites, kiosks and events upgrades with all of them untouched, an
empty rollup (built later from the raw events, not by the migration) and the new
index on event; the rollup's key refuses a second row for the same site, day and
kind; and the revision goes back down to 0011 (and up again) with the events
kept. On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine
from server.core.migrate import alembic_config, current, upgrade
from tests.migrations.legacy import held_rows, make_hub_at, table_names

REVISION, BEFORE = "0012", "0011"
NEW_TABLES = {"chart_rollup", "chart_rollup_hour", "chart_rollup_mark", "chart_rollup_site"}
INSERT_ROW = (
    "INSERT INTO chart_rollup (site_id, day, type, prompt_id, choice, play, weekday, "
    "n, followed, qty, t_n) VALUES (:site, 20261202, 'reaction', 0, :choice, false, 2, "
    "3, 0, 0, 0)"
)


def _make_0011(url: str, tmp_path: Path) -> None:
    make_hub_at(url, tmp_path, BEFORE)


def _held(engine: Engine) -> list[list[tuple[object, ...]]]:
    return held_rows(
        engine,
        "SELECT id, slug, timezone FROM site ORDER BY id",
        "SELECT id, site_id FROM kiosk ORDER BY id",
        "SELECT id, type, placed_ms, choice, play FROM event ORDER BY id",
    )


def _event_indexes(engine: Engine) -> set[str]:
    return {str(index["name"]) for index in inspect(engine).get_indexes("event")}


def test_0011_data_upgrades_untouched_with_an_empty_rollup(empty_url: str, tmp_path: Path) -> None:
    _make_0011(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        assert not NEW_TABLES & table_names(engine)
        assert "ix_event_site_placed" not in _event_indexes(engine)
        upgrade(empty_url, REVISION)
        assert current(empty_url).revision == REVISION
        assert _held(engine) == before
        assert len(before[2]) == 290
        assert "ix_event_site_placed" in _event_indexes(engine)
        with engine.begin() as connection:
            for table in sorted(NEW_TABLES):
                count = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608 - our own names
                assert count == 0
            site_id = connection.execute(text("SELECT min(id) FROM site")).scalar_one()
            connection.execute(text(INSERT_ROW), {"site": site_id, "choice": "😀"})
            connection.execute(text(INSERT_ROW), {"site": site_id, "choice": "😢"})
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(INSERT_ROW), {"site": site_id, "choice": "😀"})
    finally:
        engine.dispose()


def test_0012_goes_down_to_0011_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0011(empty_url, tmp_path)
    upgrade(empty_url, REVISION)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), BEFORE)
        assert current(empty_url).revision == BEFORE
        assert not NEW_TABLES & table_names(engine)
        assert "ix_event_site_placed" not in _event_indexes(engine)
        assert _held(engine) == before
        upgrade(empty_url, REVISION)
        assert table_names(engine) >= NEW_TABLES
        assert _held(engine) == before
    finally:
        engine.dispose()
