"""Revision 0006: fridges, their updates and alerts, job leases and rate limits.

A 0005 hub with sites, kiosks and events upgrades with all of them untouched and no
site made a fridge; the new tables refuse what they must (half a map position, a
fridge of no site, an unknown update kind, two updates with one key); and the
revision goes back down to 0005 (and up again) with the sites kept.
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

NEW_TABLES = {"fridge", "fridge_update", "alert", "job_lease", "rate_hit"}
INSERT_FRIDGE = (
    "INSERT INTO fridge (site_id, form_kiosk_id, address, latitude, longitude, opening_notes,"
    " accepts, refuses, moderate_photos, warm_above_c, warm_for_min, recover_for_min,"
    " door_open_limit_min, silent_after_min, created_ms)"
    " VALUES (:site, :kiosk, '', :lat, :lon, '', '[]', '[]', true, 5, 15, 30, 5, 15, 1)"
)
INSERT_UPDATE = (
    "INSERT INTO fridge_update (site_id, kind, key, occurred_ms, created_ms, title, body, news)"
    " VALUES (:site, :kind, :key, 1, 1, 't', '', true)"
)


def _make_0005(url: str, tmp_path: Path) -> None:
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))
    upgrade(url, "0005")


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
            for table in ("site", "kiosk", "event")
        )


def test_0005_data_upgrades_with_no_fridges(empty_url: str, tmp_path: Path) -> None:
    _make_0005(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _counts(engine)
        upgrade(empty_url, "0006")
        assert current(empty_url).revision == "0006"
        assert _counts(engine) == before
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            fridges = connection.execute(text("SELECT count(*) FROM fridge")).scalar_one()
    finally:
        engine.dispose()
    assert before[2] == 290
    assert tables >= NEW_TABLES
    assert fridges == 0


def test_0006_refuses_broken_fridges_and_updates(empty_url: str, tmp_path: Path) -> None:
    _make_0005(empty_url, tmp_path)
    upgrade(empty_url, "0006")
    engine = make_engine(empty_url)  # the hub's engine: foreign keys on, on SQLite too
    try:
        with engine.connect() as connection:
            site, kiosk = connection.execute(text("SELECT site_id, id FROM kiosk LIMIT 1")).one()
        for wrong in (
            {"site": site, "kiosk": kiosk, "lat": 51.5, "lon": None},
            {"site": 9999, "kiosk": kiosk, "lat": None, "lon": None},
            {"site": site, "kiosk": "no-such-kiosk", "lat": None, "lon": None},
        ):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(INSERT_FRIDGE), wrong)
        with engine.begin() as connection:
            connection.execute(
                text(INSERT_FRIDGE), {"site": site, "kiosk": kiosk, "lat": 51.5, "lon": -0.1}
            )
            connection.execute(text(INSERT_UPDATE), {"site": site, "kind": "dropoff", "key": "a"})
        for wrong in ({"kind": "gossip", "key": "b"}, {"kind": "daily", "key": "a"}):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(INSERT_UPDATE), {"site": site, **wrong})
    finally:
        engine.dispose()


def test_0006_goes_down_to_0005_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0005(empty_url, tmp_path)
    upgrade(empty_url, "0006")
    engine = make_engine(empty_url)
    try:
        before = _counts(engine)
        # No `db downgrade` command exists (docs/decisions.md); the revision's own
        # downgrade() is run as Alembic would.
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0005")
        assert current(empty_url).revision == "0005"
        assert not NEW_TABLES & set(inspect(engine).get_table_names())
        assert _counts(engine) == before
        upgrade(empty_url, "0006")
        assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    finally:
        engine.dispose()
