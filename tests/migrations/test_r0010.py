"""Revision 0010: the caretaker rota's tables (rota_schedule, rota_slot).

A 0009 hub with sites, kiosks, events and a fridge upgrades with all of them untouched
and no rota; the new tables hold a schedule and its slots and refuse a second slot for
the same due time, a nickname without its claim, and one check fulfilling two slots;
and the revision goes back down to 0009 (and up again) with the fridge kept.
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

REVISION, BEFORE = "0010", "0009"
INSERT_SLOT = (
    "INSERT INTO rota_slot (site_id, schedule_id, due_ms, nickname, claim, done_event_id) "
    "VALUES (:site, :schedule, :due, :nickname, :claim, :event)"
)


def _make_0009_with_a_fridge(url: str, tmp_path: Path) -> int:
    """A hub as 0.1.0 left it, upgraded to 0009, with its first site made a fridge."""
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))
    upgrade(url, BEFORE)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            site_id = int(connection.execute(text("SELECT min(id) FROM site")).scalar_one())
            kiosk = connection.execute(
                text("SELECT id FROM kiosk WHERE site_id = :site ORDER BY id LIMIT 1"),
                {"site": site_id},
            ).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO fridge (site_id, form_kiosk_id, created_ms, address, "
                    "opening_notes, accepts, refuses, moderate_photos, warm_above_c, "
                    "warm_for_min, recover_for_min, door_open_limit_min, silent_after_min) "
                    "VALUES (:site, :kiosk, 1, '', '', '[]', '[]', true, 5, 15, 30, 5, 15)"
                ),
                {"site": site_id, "kiosk": kiosk},
            )
        return site_id
    finally:
        engine.dispose()


def _held(engine: Engine) -> list[list[tuple[object, ...]]]:
    with engine.connect() as connection:
        return [
            [tuple(row) for row in connection.execute(text(query))]
            for query in (
                "SELECT id, slug, timezone FROM site ORDER BY id",
                "SELECT id, site_id FROM kiosk ORDER BY id",
                "SELECT id, type, received_ms FROM event ORDER BY id",
                "SELECT site_id, form_kiosk_id FROM fridge ORDER BY site_id",
            )
        ]


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_0009_data_upgrades_untouched_with_an_empty_rota(empty_url: str, tmp_path: Path) -> None:
    site_id = _make_0009_with_a_fridge(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        assert not {"rota_schedule", "rota_slot"} & _tables(engine)
        upgrade(empty_url, REVISION)
        assert current(empty_url).revision == REVISION
        assert _held(engine) == before
        assert len(before[2]) == 290
        with engine.begin() as connection:
            count = "SELECT count(*) FROM rota_slot"
            assert connection.execute(text(count)).scalar_one() == 0
            schedule = connection.execute(
                text(
                    "INSERT INTO rota_schedule (site_id, at, days, created_ms) "
                    "VALUES (:site, '10:00', 'mon,tue,wed,thu,fri,sat,sun', 1) RETURNING id"
                ),
                {"site": site_id},
            ).scalar_one()
            event = connection.execute(text("SELECT min(id) FROM event")).scalar_one()
            connection.execute(
                text(INSERT_SLOT),
                {"site": site_id, "schedule": schedule, "due": 10, "nickname": "Sam",
                 "claim": "c1", "event": event},
            )  # fmt: skip
        wrong = [
            # The same due time twice.
            {"due": 10, "nickname": None, "claim": None, "event": None},
            # A nickname without the claim behind its personal link.
            {"due": 20, "nickname": "Bo", "claim": None, "event": None},
            # One check fulfilling a second slot.
            {"due": 30, "nickname": None, "claim": None, "event": event},
        ]
        for values in wrong:
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(
                    text(INSERT_SLOT), {"site": site_id, "schedule": schedule, **values}
                )
    finally:
        engine.dispose()


def test_0010_goes_down_to_0009_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0009_with_a_fridge(empty_url, tmp_path)
    upgrade(empty_url, REVISION)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), BEFORE)
        assert current(empty_url).revision == BEFORE
        assert not {"rota_schedule", "rota_slot"} & _tables(engine)
        assert _held(engine) == before
        upgrade(empty_url, REVISION)
        assert {"rota_schedule", "rota_slot"} <= _tables(engine)
        assert _held(engine) == before
    finally:
        engine.dispose()
