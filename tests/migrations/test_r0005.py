"""Revision 0005: the index of a site's events by type and arrival.

A 0004 hub with events, notes and their moderation upgrades with every row untouched
and the index in place; the approved-notes query then walks the index (SQLite's plan
says so) and answers as before; and the revision goes back down to 0004 (and up again).
On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, MetaData, inspect, select, text
from sqlmodel import Session

from server.core.db import make_engine, sqlite_file
from server.core.migrate import alembic_config, current, upgrade
from server.services.approved import approved_notes
from tests.migrations.legacy import dump_rows, make_postgres, make_sqlite

INDEX = "ix_event_site_type_received"
NOTES = 12
# Every third note rejected, the rest approved.
STATES = ["rejected" if n % 3 == 0 else "approved" for n in range(NOTES)]


def _make_0004_with_notes(url: str, tmp_path: Path) -> int:
    """A hub as 0.1.0 left it, upgraded to 0004, plus moderated notes; their site."""
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))
    upgrade(url, "0004")
    engine = make_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine, only=["event", "moderation"])
        event, moderation = metadata.tables["event"], metadata.tables["moderation"]
        with engine.begin() as connection:
            oldest = select(event).order_by(event.c.id).limit(1)
            first = dict(connection.execute(oldest).mappings().one())
            newest = connection.execute(text("SELECT max(received_ms) FROM event")).scalar_one()
            notes: list[dict[str, Any]] = [
                {
                    **first,
                    "id": f"00000000-0000-4000-8000-{n:012d}",
                    "seq": 10_000 + n,
                    "type": "note",
                    "payload": {"text": f"note {n}", "language": "en"},
                    "received_ms": newest + 1000 * n,
                    "prompt_id": None,
                    "choice": None,
                }
                for n in range(NOTES)
            ]
            connection.execute(event.insert(), notes)
            connection.execute(
                moderation.insert(),
                [{"event_id": row["id"], "state": s} for row, s in zip(notes, STATES, strict=True)],
            )
        return int(first["site_id"])
    finally:
        engine.dispose()


def _rows(engine: Engine) -> list[list[tuple[object, ...]]]:
    with engine.connect() as connection:
        return [
            [tuple(row) for row in connection.execute(text(query))]
            for query in (
                "SELECT id, site_id, type, received_ms, prompt_id, choice FROM event ORDER BY id",
                "SELECT event_id, state FROM moderation ORDER BY event_id",
            )
        ]


def _index_columns(engine: Engine) -> list[str] | None:
    for index in inspect(engine).get_indexes("event"):
        if index["name"] == INDEX:
            return [str(name) for name in index["column_names"]]
    return None


def _approved_texts(engine: Engine, site_id: int) -> list[str]:
    with Session(engine) as session:
        return [card.text for card in approved_notes(session, site_id, 5)]


def test_0004_data_upgrades_with_the_index_and_the_same_answers(
    empty_url: str, tmp_path: Path
) -> None:
    site_id = _make_0004_with_notes(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _rows(engine)
        answer_before = _approved_texts(engine, site_id)
        assert _index_columns(engine) is None
        upgrade(empty_url, "0005")
        assert current(empty_url).revision == "0005"
        assert _rows(engine) == before
        assert _index_columns(engine) == ["site_id", "type", "received_ms"]
        assert _approved_texts(engine, site_id) == answer_before
    finally:
        engine.dispose()
    events, moderated = (len(table) for table in before)
    assert (events, moderated) == (290 + NOTES, NOTES)
    # Newest first, rejected ones left out.
    assert answer_before == ["note 11", "note 10", "note 8", "note 7", "note 5"]


def test_0005_approved_notes_walk_the_index_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}"
    site_id = _make_0004_with_notes(url, tmp_path)
    query = (
        "EXPLAIN QUERY PLAN SELECT event.id FROM event"
        " JOIN moderation ON moderation.event_id = event.id"
        " WHERE event.site_id = :site AND event.type = 'note' AND moderation.state = 'approved'"
        " ORDER BY event.received_ms DESC, event.kiosk_id, event.seq DESC LIMIT 20"
    )
    for revision, uses_index in (("0004", False), ("0005", True)):
        upgrade(url, revision)
        # A new engine: a pooled connection may keep the plan it made before the upgrade.
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                plan = " | ".join(
                    str(row[-1]) for row in connection.execute(text(query), {"site": site_id})
                )
        finally:
            engine.dispose()
        assert (f"USING INDEX {INDEX} (site_id=? AND type=?)" in plan) is uses_index, plan


def test_0005_goes_down_to_0004_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0004_with_notes(empty_url, tmp_path)
    upgrade(empty_url, "0005")
    engine = make_engine(empty_url)
    try:
        before = _rows(engine)
        # No `db downgrade` command exists (docs/decisions.md); the revision's own
        # downgrade() is run as Alembic would.
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0004")
        assert current(empty_url).revision == "0004"
        assert _index_columns(engine) is None
        assert _rows(engine) == before
        upgrade(empty_url, "0005")
        assert current(empty_url).revision == "0005"
        assert _index_columns(engine) == ["site_id", "type", "received_ms"]
    finally:
        engine.dispose()
