"""Revision 0015: replies, spotlights and "you said, we did" cards (and their audit).

A 0014 hub with sites, kiosks and events upgrades with all of them untouched and none
of the new rows; the new tables hold a reply to a note, a spotlight and a card with its
links, and refuse a second reply to the same note, a spotlight that ends before it
starts, and a card link that names both a note and a prompt (or neither); and the
revision goes back down to 0014 (and up again) with the data kept.
On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func, select, text
from sqlalchemy import table as sql_table
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine
from server.core.migrate import alembic_config, current, upgrade
from tests.migrations.legacy import held_rows, make_hub_at, table_names

REVISION, BEFORE = "0015", "0014"
NEW_TABLES = {"note_reply", "spotlight", "you_said", "you_said_link", "reply_audit"}
INSERT_LINK = (
    "INSERT INTO you_said_link (card_id, event_id, prompt_id) VALUES (:card, :event, :prompt)"
)


def _make_0014(url: str, tmp_path: Path) -> None:
    make_hub_at(url, tmp_path, BEFORE)


def _held(engine: Engine) -> list[list[tuple[object, ...]]]:
    return held_rows(
        engine,
        "SELECT id, slug, timezone FROM site ORDER BY id",
        "SELECT id, site_id FROM kiosk ORDER BY id",
        "SELECT id, type, received_ms FROM event ORDER BY id",
    )


def test_0014_data_upgrades_untouched_and_the_new_rows_keep_their_rules(
    empty_url: str, tmp_path: Path
) -> None:
    _make_0014(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        assert not NEW_TABLES & table_names(engine)
        upgrade(empty_url, REVISION)
        assert current(empty_url).revision == REVISION
        assert _held(engine) == before
        with engine.begin() as connection:
            for table in sorted(NEW_TABLES):
                rows = connection.execute(select(func.count()).select_from(sql_table(table)))
                assert rows.scalar_one() == 0
            event, site = connection.execute(
                text("SELECT id, site_id FROM event ORDER BY id LIMIT 1")
            ).one()
            prompt = connection.execute(text("SELECT min(id) FROM prompt")).scalar_one()
            author = connection.execute(
                text(
                    "INSERT INTO account (email, name, role, password_hash, created_ms) "
                    "VALUES ('sam@example.org', 'Sam', 'moderator', 'x', 1) RETURNING id"
                )
            ).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO note_reply "
                    "(event_id, site_id, text, author_id, created_ms, updated_ms) "
                    "VALUES (:event, :site, 'Fixed: thank you', :author, 5, 5)"
                ),
                {"event": event, "site": site, "author": author},
            )
            connection.execute(
                text(
                    "INSERT INTO spotlight (event_id, site_id, starts_ms, ends_ms, created_ms) "
                    "VALUES (:event, :site, 1, 2, 1)"
                ),
                {"event": event, "site": site},
            )
            card = connection.execute(
                text(
                    "INSERT INTO you_said (site_id, title, body, created_ms, updated_ms) "
                    "VALUES (NULL, 'Benches', 'Two new benches', 1, 1) RETURNING id"
                )
            ).scalar_one()
            connection.execute(text(INSERT_LINK), {"card": card, "event": event, "prompt": None})
            connection.execute(text(INSERT_LINK), {"card": card, "event": None, "prompt": prompt})
            connection.execute(
                text(
                    "INSERT INTO reply_audit (subject, subject_id, action, text, at_ms) "
                    "VALUES ('reply', :event, 'posted', 'Fixed: thank you', 5)"
                ),
                {"event": event},
            )
        wrong = [
            # A card by an account that does not exist.
            (
                "INSERT INTO you_said (title, body, author_id, created_ms, updated_ms) "
                "VALUES ('t', 'b', :author, 1, 1)",
                {"author": author + 100},
            ),
            (
                "INSERT INTO note_reply (event_id, site_id, text, created_ms, updated_ms) "
                "VALUES (:event, :site, 'again', 6, 6)",
                {"event": event, "site": site},
            ),
            (
                "INSERT INTO spotlight (event_id, site_id, starts_ms, ends_ms, created_ms) "
                "VALUES (:event, :site, 5, 5, 1)",
                {"event": event, "site": site},
            ),
            (INSERT_LINK, {"card": card, "event": event, "prompt": prompt}),
            (INSERT_LINK, {"card": card, "event": None, "prompt": None}),
            (
                "INSERT INTO reply_audit (subject, subject_id, action, text, at_ms) "
                "VALUES ('note', :event, 'posted', '', 5)",
                {"event": event},
            ),
        ]
        for statement, values in wrong:
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(statement), values)
    finally:
        engine.dispose()


def test_0015_goes_down_to_0014_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0014(empty_url, tmp_path)
    upgrade(empty_url, REVISION)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), BEFORE)
        assert current(empty_url).revision == BEFORE
        assert not NEW_TABLES & table_names(engine)
        assert _held(engine) == before
        upgrade(empty_url, REVISION)
        assert table_names(engine) >= NEW_TABLES
        assert _held(engine) == before
    finally:
        engine.dispose()
