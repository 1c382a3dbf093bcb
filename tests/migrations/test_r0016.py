"""Revision 0016: prompt schedules (prompt_run) and prompt states.

A hub at the revision before, holding 0.1.0's prompts and events, upgrades with every
row untouched; each prompt runs at its own site from its creation, open-ended, so each
site's current prompt is the one it was before; the existing prompts keep their
tallies on the wall (revealed). The new table refuses a run that ends before it starts
and a second run of one prompt at one site; and the revision goes back down (and up
again). On SQLite, and on PostgreSQL when it is configured.
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

REVISION, BEFORE = "0016", "0015"
PROMPT_COLUMNS = {"locked_ms", "closed_ms", "archived_ms", "results_revealed"}
# Before 0016 a site's current prompt was its newest; after, the newest-started run.
CURRENT_BEFORE = (
    "SELECT s.id, (SELECT p.id FROM prompt p WHERE p.site_id = s.id "
    "ORDER BY p.created_ms DESC, p.id DESC LIMIT 1) FROM site s ORDER BY s.id"
)
CURRENT_AFTER = (
    "SELECT s.id, (SELECT r.prompt_id FROM prompt_run r WHERE r.site_id = s.id "
    "AND r.start_ms <= :now AND (r.end_ms IS NULL OR r.end_ms > :now) "
    "ORDER BY r.start_ms DESC, r.prompt_id DESC LIMIT 1) FROM site s ORDER BY s.id"
)
FAR_FUTURE = 4_000_000_000_000


def _make_before(url: str, tmp_path: Path) -> None:
    """A hub as 0.1.0 left it (3 prompts, 290 events), upgraded to the revision before."""
    make_hub_at(url, tmp_path, BEFORE)


def _held(engine: Engine) -> list[list[tuple[object, ...]]]:
    return held_rows(
        engine,
        "SELECT id, site_id, text, kind, created_ms FROM prompt ORDER BY id",
        "SELECT id, type, prompt_id, choice, placed_ms FROM event ORDER BY id",
        "SELECT id, slug FROM site ORDER BY id",
    )


def _prompt_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("prompt")}


def test_earlier_prompts_run_at_their_site_from_their_creation(
    empty_url: str, tmp_path: Path
) -> None:
    _make_before(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        with engine.connect() as connection:
            current_before = [tuple(row) for row in connection.execute(text(CURRENT_BEFORE))]
        assert len(before[0]) == 3 and len(before[1]) == 290
        upgrade(empty_url, REVISION)
        assert current(empty_url).revision == REVISION
        assert _held(engine) == before
        with engine.begin() as connection:
            runs = connection.execute(
                text("SELECT prompt_id, site_id, start_ms, end_ms FROM prompt_run ORDER BY 1")
            ).all()
            assert [tuple(run) for run in runs] == [
                (prompt_id, site_id, created_ms, None)
                for prompt_id, site_id, _text, _kind, created_ms in before[0]
            ]
            current_after = connection.execute(text(CURRENT_AFTER), {"now": FAR_FUTURE}).all()
            assert [tuple(row) for row in current_after] == current_before
            states = connection.execute(
                text("SELECT locked_ms, closed_ms, archived_ms, results_revealed FROM prompt")
            ).all()
            assert {tuple(row) for row in states} == {(None, None, None, True)}
            site_id, prompt_id = current_before[0]
            # A new prompt is not revealed until an organiser says so.
            connection.execute(
                text(
                    "INSERT INTO prompt (site_id, text, emoji, created_ms) "
                    "VALUES (:site, 'New?', '[\"😀\", \"😢\"]', 5)"
                ),
                {"site": site_id},
            )
            revealed = "SELECT results_revealed FROM prompt WHERE text = 'New?'"
            assert connection.execute(text(revealed)).scalar_one() in (False, 0)
        wrong = [
            # The same prompt twice at one site.
            (prompt_id, site_id, 1, None),
            # Ending before it starts.
            (current_before[1][1], site_id, 10, 5),
        ]
        for values in wrong:
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(
                    text("INSERT INTO prompt_run VALUES (:p, :s, :start, :end)"),
                    dict(zip(("p", "s", "start", "end"), values, strict=True)),
                )
    finally:
        engine.dispose()


def test_0016_goes_down_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_before(empty_url, tmp_path)
    upgrade(empty_url, REVISION)
    engine = make_engine(empty_url)
    try:
        before = _held(engine)
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # As server.core.migrate does: SQLite rebuilds `prompt` (which events
                # refer to) to drop its columns, with foreign keys off meanwhile.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            command.downgrade(alembic_config(connection), BEFORE)
            connection.commit()
        assert current(empty_url).revision == BEFORE
        assert "prompt_run" not in inspect(engine).get_table_names()
        assert not PROMPT_COLUMNS & _prompt_columns(engine)
        assert _held(engine) == before
        upgrade(empty_url, REVISION)
        assert _prompt_columns(engine) >= PROMPT_COLUMNS
        assert _held(engine) == before
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM prompt_run")).scalar_one()
        assert count == len(before[0])
    finally:
        engine.dispose()
