"""Revision 0009: the outbound queue.

A 0008 hub with a fridge update upgrades with its rows untouched and an empty queue
that refuses a second row for the same (publisher, key) and an unknown publisher;
and the revision goes back down to 0008 (and up again). On SQLite, and on
PostgreSQL when it is configured.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, MetaData, inspect, text
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine
from server.core.migrate import alembic_config, current, upgrade

NOW_MS = 1_750_507_200_000


def _make_0008_with_an_update(url: str) -> int:
    """A hub at 0008 with a site and one news update; the update's id."""
    upgrade(url, "0008")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO site (slug, name, timezone, languages, operator, contact,"
                    " created_ms) VALUES ('harbour', 'Harbour Fridge', 'Europe/London',"
                    " '[\"en\"]', '', '', :now)"
                ),
                {"now": NOW_MS},
            )
            connection.execute(
                text(
                    "INSERT INTO fridge_update (site_id, kind, key, occurred_ms, created_ms,"
                    " title, body, news) SELECT id, 'status', 'status:1', :now, :now,"
                    " 'Harbour Fridge: good, many items', '', TRUE FROM site"
                ),
                {"now": NOW_MS},
            )
            return int(connection.execute(text("SELECT id FROM fridge_update")).scalar_one())
    finally:
        engine.dispose()


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT id, site_id, kind, key, title, news FROM fridge_update ORDER BY id")
            )
        ]


def _queue(engine: Engine, **row: object) -> None:
    metadata = MetaData()
    metadata.reflect(engine, only=["outbound_item"])
    values = {
        "publisher": "webhook",
        "key": "update:status:1",
        "payload": {"type": "fridge.update"},
        "created_ms": NOW_MS,
        "attempts": 0,
        "next_try_ms": NOW_MS,
        **row,
    }
    with engine.begin() as connection:
        connection.execute(metadata.tables["outbound_item"].insert().values(**values))


def test_0008_data_upgrades_to_an_empty_queue_with_its_rules(empty_url: str) -> None:
    update_id = _make_0008_with_an_update(empty_url)
    engine = make_engine(empty_url)
    try:
        before = _rows(engine)
        upgrade(empty_url, "0009")
        assert current(empty_url).revision == "0009"
        assert _rows(engine) == before
        columns = {column["name"] for column in inspect(engine).get_columns("outbound_item")}
        assert {"attempts", "next_try_ms", "delivered_ms", "failed_ms", "last_error"} <= columns
        assert {"lease_holder", "lease_until_ms", "update_id", "payload"} <= columns
        indexes = {index["name"] for index in inspect(engine).get_indexes("outbound_item")}
        assert "ix_outbound_item_due" in indexes
        _queue(engine, update_id=update_id)
        _queue(engine, publisher="mastodon", update_id=update_id)  # another publisher: fine
        with pytest.raises(IntegrityError):
            _queue(engine, update_id=update_id)  # the same update twice to one publisher
        with pytest.raises(IntegrityError):
            _queue(engine, publisher="carrier-pigeon", key="digest:1")
        with engine.connect() as connection:
            queued = connection.execute(text("SELECT count(*) FROM outbound_item")).scalar_one()
        assert queued == 2
    finally:
        engine.dispose()


def test_0009_goes_down_to_0008_and_up_again(empty_url: str) -> None:
    _make_0008_with_an_update(empty_url)
    upgrade(empty_url, "0009")
    engine = make_engine(empty_url)
    try:
        before = _rows(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0008")
        assert current(empty_url).revision == "0008"
        assert "outbound_item" not in inspect(engine).get_table_names()
        assert _rows(engine) == before
        upgrade(empty_url, "0009")
        assert "outbound_item" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
