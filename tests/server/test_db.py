"""The engine: durable SQLite pragmas on every connection; the migrated schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine


def test_sqlite_pragmas_on_every_connection(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    try:
        for _ in range(2):  # a second pooled/new connection gets them too
            with engine.connect() as connection:
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
                assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            engine.dispose()
    finally:
        engine.dispose()


def test_the_hub_database_has_its_tables_and_indexes(engine: Engine) -> None:
    inspector = inspect(engine)
    assert {"site", "kiosk", "prompt", "event", "boot_anchor"} <= set(inspector.get_table_names())
    indexes = {index["name"]: index["column_names"] for index in inspector.get_indexes("event")}
    assert indexes["ix_event_site_prompt_placed"][:3] == ["site_id", "prompt_id", "placed_ms"]
    assert indexes["ix_event_kiosk_boot"] == ["kiosk_id", "boot_id"]
    assert indexes["ix_event_kiosk_seq"] == ["kiosk_id", "seq"]


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with engine.connect() as connection, pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        connection.execute(
            text(
                "INSERT INTO kiosk (id, site_id, name, token_hash, created_ms) "
                "VALUES ('ghost', 999, 'x', 'h', 0)"
            )
        )
        connection.commit()
