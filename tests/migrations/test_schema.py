"""The migrations against the models and against 0.1.0: empty to head, and no drift.

Each test runs on a new SQLite file and, when STORYWALL_TEST_POSTGRES_URL is set, on
a new PostgreSQL database.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

from server.app import create_app
from server.core.config import Settings
from server.core.db import sqlite_file
from server.core.migrate import (
    BASELINE_REVISION,
    BASELINE_TABLES,
    NoHubDatabase,
    SchemaBehind,
    SchemaUnknown,
    UpgradeFailed,
    current,
    head,
    upgrade,
)
from tests.migrations.legacy import DUMP


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _settings(url: str, tmp_path: Path) -> Settings:
    return Settings(env="development", data_dir=tmp_path / "data", database_url=url)


def test_an_empty_database_upgrades_to_head(empty_url: str) -> None:
    before, after = upgrade(empty_url)
    assert before.empty
    assert after.revision == head()
    assert after.at_head
    assert after.tables >= BASELINE_TABLES
    assert current(empty_url).describe() == f"{head()} (head)"


def test_head_matches_the_models(empty_url: str) -> None:
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_revision_0001_is_the_schema_storywall_0_1_0_made(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    upgrade(url, BASELINE_REVISION)
    schema = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'alembic_version'"
    with closing(sqlite3.connect(tmp_path / "hub.sqlite3")) as migrated:
        made = {row[0] for row in migrated.execute(schema)}
    with closing(sqlite3.connect(":memory:")) as released:
        released.executescript(DUMP.read_text(encoding="utf-8"))
        expected = {row[0] for row in released.execute(schema)}
    assert made == expected


def test_upgrading_twice_changes_nothing(empty_url: str) -> None:
    upgrade(empty_url)
    before, after = upgrade(empty_url)
    assert before.revision == after.revision == head()
    assert before.tables == after.tables


def _start_a_hub(url: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    before, after = upgrade(url)
    results.put((before.empty, after.at_head))


def test_two_hubs_upgrading_at_once_run_the_migrations_once(empty_url: str) -> None:
    # Two processes, as two hubs started together would be (Alembic's `op` is global
    # to a process, so threads would not be two hubs).
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    hubs = [context.Process(target=_start_a_hub, args=(empty_url, barrier, results)) for _ in "ab"]
    for hub in hubs:
        hub.start()
    for hub in hubs:
        hub.join()
    assert [hub.exitcode for hub in hubs] == [0, 0]
    outcomes = sorted(results.get() for _ in hubs)
    assert outcomes == [(False, True), (True, True)]  # one made it, the other found it made


def test_the_hub_refuses_a_database_that_does_not_exist(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere' / 'hub.sqlite3'}"
    assert current(url).empty
    with pytest.raises(NoHubDatabase, match="storywall admin db upgrade"):
        create_app(_settings(url, tmp_path))
    assert not (tmp_path / "nowhere").exists()


def test_the_hub_refuses_a_database_behind_head(
    empty_url: str, tmp_path: Path, later_revision: Callable[[str], str]
) -> None:
    upgrade(empty_url)
    newer = later_revision("op.add_column('site', sa.Column('motto', sa.String(80)))")
    with pytest.raises(SchemaBehind, match=r"needs " + newer + r".*storywall admin db upgrade"):
        create_app(_settings(empty_url, tmp_path))
    assert current(empty_url).describe().endswith(f"(behind head {newer})")
    upgrade(empty_url)
    app = create_app(_settings(empty_url, tmp_path))
    app.state.engine.dispose()


def test_a_failing_revision_leaves_the_database_as_it_was(
    empty_url: str, later_revision: Callable[[str], str]
) -> None:
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO site (slug, name, timezone, created_ms) VALUES ('a', 'A', 'Z', 1)"
                )
            )
        released = head()
        later_revision(
            """
            op.create_table('note', sa.Column('id', sa.Integer, primary_key=True))
            with op.batch_alter_table('site') as batch:
                batch.add_column(sa.Column('motto', sa.String(80)))
            raise RuntimeError('half way')
            """
        )
        with pytest.raises(UpgradeFailed, match=r"nothing was changed: RuntimeError\('half way'\)"):
            upgrade(empty_url)
        assert current(empty_url).revision == released
        assert "note" not in inspect(engine).get_table_names()
        assert "motto" not in {column["name"] for column in inspect(engine).get_columns("site")}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT slug FROM site")).all() == [("a",)]
    finally:
        engine.dispose()


def test_a_revision_this_release_does_not_know_is_left_alone(
    empty_url: str, tmp_path: Path
) -> None:
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    with pytest.raises(SchemaUnknown, match=r"9999.*newer storywall"):
        upgrade(empty_url)
    with pytest.raises(SchemaUnknown, match="9999"):
        create_app(_settings(empty_url, tmp_path))
    assert current(empty_url).revision == "9999"


def test_some_hub_tables_without_a_version_are_not_taken_for_a_hub(empty_url: str) -> None:
    path = sqlite_file(empty_url)
    if path is not None:
        path.parent.mkdir(parents=True)
    engine = create_engine(empty_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE site (id INTEGER PRIMARY KEY, slug TEXT)"))
    finally:
        engine.dispose()
    with pytest.raises(SchemaUnknown, match=r"some of the hub's tables \(site\)"):
        upgrade(empty_url)
    assert _tables(empty_url) == {"site"}


def test_a_revision_that_breaks_a_foreign_key_is_rolled_back(
    empty_url: str, later_revision: Callable[[str], str]
) -> None:
    # SQLite runs revisions with foreign keys off (to rebuild tables) and checks them
    # before commit; PostgreSQL checks them at once. Either way nothing is kept.
    upgrade(empty_url)
    released = head()
    later_revision(
        """
        op.execute(
            "INSERT INTO kiosk (id, site_id, name, token_hash, created_ms) "
            "VALUES ('ghost', 999, 'Ghost', 'h', 0)"
        )
        """
    )
    with pytest.raises(UpgradeFailed, match=r"nothing was changed: .*(?i:foreign key)"):
        upgrade(empty_url)
    assert current(empty_url).revision == released
    engine = create_engine(empty_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM kiosk")).scalar() == 0
    finally:
        engine.dispose()
