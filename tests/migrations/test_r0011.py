"""Revision 0011: the organiser hub's accounts (account, account_session, invitation,
login_failure).

A 0010 hub with sites, kiosks and events upgrades with all of them untouched and no
account; the new tables hold an organiser, a session and an invitation, and refuse a
second account with the same e-mail, a role that is not one of the three, and a
session of no account; the revision goes back down to 0010 (and up again) with the
data kept. On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine
from server.core.migrate import alembic_config, current, upgrade
from tests.migrations.legacy import held_rows, make_hub_at, table_names

REVISION, BEFORE = "0011", "0010"
NEW_TABLES = {"account", "account_session", "invitation", "login_failure"}
INSERT_ACCOUNT = (
    "INSERT INTO account (email, name, role, password_hash, created_ms) "
    "VALUES (:email, 'Ana', :role, '$argon2id$v=19$...', 1) RETURNING id"
)


def _make_0010(url: str, tmp_path: Path) -> None:
    """A hub as 0.1.0 left it, upgraded to 0010."""
    make_hub_at(url, tmp_path, BEFORE)


def _held(engine: Engine) -> list[list[tuple[object, ...]]]:
    return held_rows(
        engine,
        "SELECT id, slug, timezone FROM site ORDER BY id",
        "SELECT id, site_id FROM kiosk ORDER BY id",
        "SELECT id, type, received_ms FROM event ORDER BY id",
    )


def test_0010_data_upgrades_untouched_with_no_account(empty_url: str, tmp_path: Path) -> None:
    _make_0010(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        assert not NEW_TABLES & table_names(engine)
        upgrade(empty_url, REVISION)
        assert current(empty_url).revision == REVISION
        assert _held(engine) == before
        assert len(before[2]) == 290
        with engine.begin() as connection:
            assert connection.execute(text("SELECT count(*) FROM account")).scalar_one() == 0
            account = connection.execute(
                text(INSERT_ACCOUNT), {"email": "ana@example.org", "role": "organiser"}
            ).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO account_session (id_hash, account_id, csrf_token, created_ms, "
                    "last_seen_ms) VALUES (:hash, :account, 'c', 1, 1)"
                ),
                {"hash": "a" * 64, "account": account},
            )
            connection.execute(
                text(
                    "INSERT INTO invitation (email, role, invited_by, created_ms, expires_ms) "
                    "VALUES ('bo@example.org', 'moderator', :account, 1, 2)"
                ),
                {"account": account},
            )
        wrong = [
            (INSERT_ACCOUNT, {"email": "ana@example.org", "role": "moderator"}),
            (INSERT_ACCOUNT, {"email": "cy@example.org", "role": "admin"}),
            (
                "INSERT INTO account_session (id_hash, account_id, csrf_token, created_ms, "
                "last_seen_ms) VALUES ('b', 9999, 'c', 1, 1)",
                {},
            ),
        ]
        for statement, values in wrong:
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(statement), values)
    finally:
        engine.dispose()


def test_0011_goes_down_to_0010_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0010(empty_url, tmp_path)
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
