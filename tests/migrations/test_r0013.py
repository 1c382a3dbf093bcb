"""Revision 0013: the `hidden` state, moderation_flag and a site's moderation mode.

A 0012 hub with sites, kiosks, events and a held and an approved note upgrades with
all of them untouched and every site pre-moderated; the new state, a flag and the
post mode are taken, while an unknown state, flag kind or mode, and a second flag of
one kind on one event, are refused; going down turns a hidden note into a rejected
one (public nowhere, as it was) and up again works. On SQLite, and on PostgreSQL
when it is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine
from server.core.migrate import alembic_config, current, upgrade
from tests.migrations.legacy import held_rows, make_hub_at

REVISION, BEFORE = "0013", "0012"
NOTE = (
    "INSERT INTO event (id, kiosk_id, site_id, boot_id, seq, mono_ms, wall_ms, clock_synced, "
    "type, v, payload, received_ms, placed_ms, placed_by, play) VALUES (:id, :kiosk, :site, "
    '\'boot-x\', :seq, 1, 1, true, \'note\', 1, \'{"text": "hi there", "language": "en"}\', '
    "1, 1, 'kiosk', false)"
)
MODERATION = "INSERT INTO moderation (event_id, state) VALUES (:id, :state)"
DECIDE = "UPDATE moderation SET state = :state WHERE event_id = :id"
LOG = "INSERT INTO moderation_log (event_id, state, decided_ms) VALUES (:id, :state, 1)"
FLAG = "INSERT INTO moderation_flag (event_id, kind, detail, created_ms) VALUES (:id, :kind, '', 1)"
IDS = ("00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b")


def _make_0012_with_notes(url: str, tmp_path: Path) -> None:
    """A hub as 0.1.0 left it, upgraded to 0012, with a held and an approved note."""
    make_hub_at(url, tmp_path, BEFORE)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            site, kiosk = connection.execute(
                text("SELECT site_id, id FROM kiosk ORDER BY id LIMIT 1")
            ).one()
            for seq, (event_id, state) in enumerate(zip(IDS, ("held", "approved"), strict=True)):
                values = {"id": event_id, "kiosk": kiosk, "site": site, "seq": 10_000 + seq}
                connection.execute(text(NOTE), values)
                connection.execute(text(MODERATION), {"id": event_id, "state": state})
                connection.execute(text(LOG), {"id": event_id, "state": state})
    finally:
        engine.dispose()


def _held(engine: Engine) -> list[list[tuple[object, ...]]]:
    return held_rows(
        engine,
        "SELECT id, slug, timezone FROM site ORDER BY id",
        "SELECT id, site_id FROM kiosk ORDER BY id",
        "SELECT id, type, received_ms FROM event ORDER BY id",
        "SELECT event_id, state FROM moderation ORDER BY event_id",
        "SELECT event_id, state FROM moderation_log ORDER BY id",
    )


def _refused(engine: Engine, statement: str, values: dict[str, object]) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(statement), values)


def test_0012_data_upgrades_untouched_and_pre_moderated(empty_url: str, tmp_path: Path) -> None:
    _make_0012_with_notes(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        assert "moderation_flag" not in inspect(engine).get_table_names()
        upgrade(empty_url, REVISION)
        assert current(empty_url).revision == REVISION
        assert _held(engine) == before
        assert len(before[3]) == 2
        with engine.begin() as connection:
            modes = connection.execute(text("SELECT DISTINCT moderation FROM site")).scalars()
            assert list(modes) == ["pre"]
            connection.execute(
                text("UPDATE moderation SET state = 'hidden' WHERE event_id = :id"), {"id": IDS[1]}
            )
            connection.execute(text(LOG), {"id": IDS[1], "state": "hidden"})
            connection.execute(text(FLAG), {"id": IDS[0], "kind": "profanity"})
            connection.execute(text(FLAG), {"id": IDS[0], "kind": "short"})
            connection.execute(text("UPDATE site SET moderation = 'post'"))
        _refused(engine, DECIDE, {"id": IDS[0], "state": "gone"})
        _refused(engine, LOG, {"id": IDS[0], "state": "maybe"})
        _refused(engine, FLAG, {"id": IDS[0], "kind": "profanity"})
        _refused(engine, FLAG, {"id": IDS[1], "kind": "rude"})
        _refused(engine, "UPDATE site SET moderation = 'none'", {})
    finally:
        engine.dispose()


def test_0013_goes_down_to_0012_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0012_with_notes(empty_url, tmp_path)
    upgrade(empty_url, REVISION)
    engine = make_engine(empty_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE moderation SET state = 'hidden' WHERE event_id = :id"), {"id": IDS[1]}
            )
            connection.execute(text(FLAG), {"id": IDS[0], "kind": "burst"})
        with engine.connect() as connection:
            # As the hub's migration engine does: SQLite rebuilds `site` to drop a
            # column, which its foreign keys would refuse while they are enforced.
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            with connection.begin():
                command.downgrade(alembic_config(connection), BEFORE)
        assert current(empty_url).revision == BEFORE
        assert "moderation_flag" not in inspect(engine).get_table_names()
        assert "moderation" not in {c["name"] for c in inspect(engine).get_columns("site")}
        with engine.connect() as connection:
            states = connection.execute(
                text("SELECT event_id, state FROM moderation ORDER BY event_id")
            ).all()
        assert [tuple(row) for row in states] == [(IDS[0], "held"), (IDS[1], "rejected")]
        _refused(engine, LOG, {"id": IDS[0], "state": "hidden"})
        upgrade(empty_url, REVISION)
        assert "moderation_flag" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
