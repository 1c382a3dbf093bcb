"""Revision 0002: prompt kinds and languages, site languages and house rules, play.

A 0.1.0 database upgrades with its prompts as emoji prompts, its sites in English and
its reactions as opinion; reactions already flagged as play in their payload get the
column set. On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import JSON, column, create_engine, table, text, update
from sqlalchemy.exc import IntegrityError

from server.core.db import sqlite_file
from server.core.migrate import current, head, upgrade
from tests.migrations.legacy import dump_rows, make_postgres, make_sqlite


def _make_0_1_0(url: str, tmp_path: Path) -> None:
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))


def test_0_1_0_data_gets_the_defaults_of_0002(empty_url: str, tmp_path: Path) -> None:
    _make_0_1_0(empty_url, tmp_path)
    engine = create_engine(empty_url)
    try:
        with engine.begin() as connection:
            reactions = connection.execute(
                text("SELECT id, payload FROM event WHERE type = 'reaction' ORDER BY id LIMIT 2")
            ).all()
            mashed = reactions[0][0]
            payload = reactions[0][1]
            payload = json.loads(payload) if isinstance(payload, str) else dict(payload)
            payload["play"] = True
            event = table("event", column("id"), column("payload", JSON))
            connection.execute(update(event).where(event.c.id == mashed).values(payload=payload))
        upgrade(empty_url)
        assert current(empty_url).revision == head()
        with engine.connect() as connection:
            prompts = connection.execute(
                text("SELECT kind, options, texts, option_texts, follow_up FROM prompt")
            ).all()
            sites = connection.execute(
                text("SELECT languages, quiet_start, quiet_end, operator, contact FROM site")
            ).all()
            play = dict(connection.execute(text("SELECT id, play FROM event")).all())
    finally:
        engine.dispose()

    def loaded(value: object) -> object:
        return json.loads(value) if isinstance(value, str) else value

    assert prompts and all(
        (kind, loaded(options), loaded(texts), loaded(option_texts), bool(follow_up))
        == ("emoji", [], {}, {}, True)
        for kind, options, texts, option_texts, follow_up in prompts
    )
    assert sites and all(
        (loaded(languages), start, end, operator, contact) == (["en"], None, None, "", "")
        for languages, start, end, operator, contact in sites
    )
    assert [event_id for event_id, flagged in play.items() if flagged] == [mashed]
    assert len(play) == 290


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE prompt SET kind = 'quiz'",
        "UPDATE site SET quiet_start = '21:00'",  # an end is needed too
    ],
)
def test_0002_constraints_hold(empty_url: str, tmp_path: Path, statement: str) -> None:
    _make_0_1_0(empty_url, tmp_path)
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(statement))
        with engine.begin() as connection:
            connection.execute(text("UPDATE site SET quiet_start = '21:00', quiet_end = '07:00'"))
    finally:
        engine.dispose()
