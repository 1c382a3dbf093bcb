"""Revision 0004: the provision table (one-time links that set a kiosk up).

A 0003 hub with sites, kiosks and events upgrades with all of them untouched and no
links; the table refuses a link for an unknown kiosk or one that expires before it
is made; and the revision goes back down to 0003 (and up again) with the kiosks kept.
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

INSERT_LINK = (
    "INSERT INTO provision (code_hash, kiosk_id, created_ms, expires_ms) "
    "VALUES (:hash, :kiosk, :created, :expires)"
)


def _make_0003(url: str, tmp_path: Path) -> None:
    """A hub as 0.1.0 left it, with its 290 events, upgraded to 0003 only."""
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))
    upgrade(url, "0003")
    assert current(url).revision == "0003"


def _kiosks(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, site_id, token_hash FROM kiosk ORDER BY id"))
        return [tuple(row) for row in rows]


def test_0003_data_upgrades_with_no_links(empty_url: str, tmp_path: Path) -> None:
    _make_0003(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        kiosks = _kiosks(engine)
        upgrade(empty_url, "0004")
        assert current(empty_url).revision == "0004"
        assert _kiosks(engine) == kiosks
        with engine.connect() as connection:
            events = connection.execute(text("SELECT count(*) FROM event")).scalar_one()
            links = connection.execute(text("SELECT count(*) FROM provision")).scalar_one()
        columns = {column["name"] for column in inspect(engine).get_columns("provision")}
    finally:
        engine.dispose()
    assert kiosks
    assert (events, links) == (290, 0)
    assert columns == {
        "code_hash", "kiosk_id", "created_ms", "expires_ms", "used_ms", "cancelled_ms"
    }  # fmt: skip


def test_0004_refuses_a_link_for_no_kiosk_or_expiring_at_once(
    empty_url: str, tmp_path: Path
) -> None:
    _make_0003(empty_url, tmp_path)
    upgrade(empty_url, "0004")
    engine = make_engine(empty_url)  # the hub's engine: foreign keys on, on SQLite too
    try:
        kiosk = _kiosks(engine)[0][0]
        for wrong in (
            {"hash": "a" * 64, "kiosk": "no-such-kiosk", "created": 1, "expires": 2},
            {"hash": "b" * 64, "kiosk": kiosk, "created": 5, "expires": 5},
        ):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(INSERT_LINK), wrong)
        with engine.begin() as connection:
            connection.execute(
                text(INSERT_LINK), {"hash": "c" * 64, "kiosk": kiosk, "created": 1, "expires": 2}
            )
        with pytest.raises(IntegrityError), engine.begin() as connection:  # one row per code
            connection.execute(
                text(INSERT_LINK), {"hash": "c" * 64, "kiosk": kiosk, "created": 3, "expires": 4}
            )
    finally:
        engine.dispose()


def test_0004_goes_down_to_0003_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0003(empty_url, tmp_path)
    upgrade(empty_url, "0004")
    engine = make_engine(empty_url)
    try:
        kiosks = _kiosks(engine)
        with engine.begin() as connection:
            connection.execute(
                text(INSERT_LINK),
                {"hash": "d" * 64, "kiosk": kiosks[0][0], "created": 1, "expires": 2},
            )
        # No `db downgrade` command exists (docs/decisions.md); the revision's own
        # downgrade() is run as Alembic would.
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0003")
        assert current(empty_url).revision == "0003"
        assert "provision" not in inspect(engine).get_table_names()
        assert _kiosks(engine) == kiosks
        upgrade(empty_url, "0004")
        assert current(empty_url).revision == "0004"
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM provision")).scalar_one() == 0
    finally:
        engine.dispose()
