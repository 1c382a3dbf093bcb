"""Revision 0014: kiosk health (kiosk_health), filled from the heartbeats already held.

A hub at the revision before (0013) with sites, kiosks and events upgrades with all
of them untouched; each kiosk that sent heartbeats gets a row from its newest one (by
placed time, then sequence number), the others none; and the revision goes back down
(and up again) with the data kept. On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, text

from server.core.db import make_engine
from server.core.migrate import alembic_config, current, upgrade
from tests.migrations.legacy import held_rows, make_hub_at

REVISION, BEFORE = "0014", "0013"


def _make_before(url: str, tmp_path: Path) -> None:
    """A hub as 0.1.0 left it (5 heartbeats among its 290 events), upgraded to BEFORE."""
    make_hub_at(url, tmp_path, BEFORE)


def _held(engine: Engine) -> list[list[tuple[object, ...]]]:
    return held_rows(
        engine,
        "SELECT id, slug, timezone FROM site ORDER BY id",
        "SELECT id, site_id, revoked_ms FROM kiosk ORDER BY id",
        "SELECT id, type, received_ms, placed_ms FROM event ORDER BY id",
    )


def _newest_by_hand(engine: Engine) -> dict[str, tuple[object, ...]]:
    """Each kiosk's newest heartbeat, chosen in Python from every heartbeat held."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT kiosk_id, id, seq, placed_ms, payload FROM event WHERE type = 'heartbeat'")
        ).all()
    newest: dict[str, tuple[object, ...]] = {}
    for kiosk_id, event_id, seq, placed_ms, payload in sorted(
        rows, key=lambda row: (row[3] is not None, row[3] or 0, row[2])
    ):
        body = json.loads(payload) if isinstance(payload, str) else payload
        newest[kiosk_id] = (event_id, seq, placed_ms, body["software"], body["outbox"]["in_flight"])
    return newest


def test_older_data_upgrades_untouched_and_fills_each_kiosks_newest_heartbeat(
    empty_url: str, tmp_path: Path
) -> None:
    _make_before(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        expected = _newest_by_hand(engine)
        assert "kiosk_health" not in inspect(engine).get_table_names()
        upgrade(empty_url, REVISION)
        assert current(empty_url).revision == REVISION
        assert _held(engine) == before
        assert len(before[2]) == 290
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT kiosk_id, event_id, seq, at_ms, software, outbox_in_flight, "
                    "hub_rejected, cpu_temp_c FROM kiosk_health ORDER BY kiosk_id"
                )
            ).all()
        assert expected, "the 0.1.0 data holds heartbeats"
        assert {row[0]: tuple(row[1:6]) for row in rows} == expected
        assert all(row[6] == 0 and row[7] is None for row in rows)
        # Kiosks that never sent one have no row.
        assert len(rows) < len(before[1])
    finally:
        engine.dispose()


def test_0014_goes_down_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_before(empty_url, tmp_path)
    upgrade(empty_url, REVISION)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), BEFORE)
        assert current(empty_url).revision == BEFORE
        assert "kiosk_health" not in inspect(engine).get_table_names()
        assert _held(engine) == before
        upgrade(empty_url, REVISION)
        assert "kiosk_health" in inspect(engine).get_table_names()
        assert _held(engine) == before
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM kiosk_health")).scalar_one() > 0
    finally:
        engine.dispose()
