"""A hub database made by storywall 0.1.0 (create_all, no alembic_version) upgrades to
head with every row intact, and the hub then serves it; a later revision that rebuilds
a table keeps every row too. On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, func, inspect
from sqlmodel import Session, select

from server import crud
from server.app import create_app
from server.core.config import Settings
from server.core.db import sqlite_file
from server.core.migrate import current, head, upgrade
from server.models import Prompt, Site
from tests.migrations.legacy import Rows, dump_rows, make_postgres, make_sqlite, read_rows

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette suggests httpx2; httpx is what we pin
    from fastapi.testclient import TestClient


def _make_0_1_0_database(url: str, tmp_path: Path) -> Rows:
    """Put 0.1.0's database with its data at `url`; return the rows it holds."""
    rows = dump_rows(tmp_path)
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, rows)
    return rows


def _rows_now(url: str, rows: Rows) -> Rows:
    """The same tables and columns as `rows`, read from the database at `url` now."""
    engine = create_engine(url)
    try:
        return read_rows(engine, {table: list(found[0]) for table, found in rows.items()})
    finally:
        engine.dispose()


def test_a_0_1_0_database_upgrades_to_head_with_every_row(empty_url: str, tmp_path: Path) -> None:
    rows = _make_0_1_0_database(empty_url, tmp_path)
    assert len(rows["event"]) == 290
    assert {row["type"] for row in rows["event"]} == {"reaction", "heartbeat"}
    assert rows["boot_anchor"]
    assert current(empty_url).predates_migrations

    before, after = upgrade(empty_url)

    assert before.predates_migrations
    assert after.revision == head()
    assert _rows_now(empty_url, rows) == rows
    path = sqlite_file(empty_url)
    if path is not None:
        with closing(sqlite3.connect(path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_hub_serves_an_upgraded_0_1_0_database(empty_url: str, tmp_path: Path) -> None:
    rows = _make_0_1_0_database(empty_url, tmp_path)
    upgrade(empty_url)
    settings = Settings(env="development", data_dir=tmp_path / "data", database_url=empty_url)
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            wall = client.get("/wall.json").json()
        for shown in wall["sites"]:
            prompt_id = shown["prompt"]["id"]
            reactions = [
                event
                for event in rows["event"]
                if event["type"] == "reaction" and event["prompt_id"] == prompt_id
            ]
            assert sum(tally["total"] for tally in shown["tallies"]) == len(reactions)
            undated = [event for event in reactions if event["placed_ms"] is None]
            assert shown["undated"] == len(undated)
        assert {site["slug"] for site in wall["sites"]} == {row["slug"] for row in rows["site"]}
        # New rows go after the old ones: ids (PostgreSQL's sequences) carried over.
        with Session(app.state.engine) as session:
            site = crud.create_site(session=session, slug="new-park", name="New", timezone="UTC")
            prompt = crud.set_prompt(
                session=session, site_slug="new-park", text="Hi?", emoji=["😀", "😢"]
            )
            assert site.id == max(row["id"] for row in rows["site"]) + 1
            assert prompt.id == max(row["id"] for row in rows["prompt"]) + 1
            assert session.exec(select(func.count()).select_from(Site)).one() == 3
            assert session.exec(select(func.count()).select_from(Prompt)).one() == 4
    finally:
        app.state.engine.dispose()


def test_a_later_revision_that_rebuilds_a_table_keeps_every_row(
    empty_url: str, tmp_path: Path, later_revision: Callable[[str], str]
) -> None:
    rows = _make_0_1_0_database(empty_url, tmp_path)
    # kiosk is referenced by event and boot_anchor. SQLite cannot change a column's
    # type in place: the batch copies kiosk into a new table, drops the old one and
    # renames the copy, with foreign keys checked after; PostgreSQL ALTERs it.
    newer = later_revision(
        """
        with op.batch_alter_table('kiosk') as batch:
            batch.add_column(sa.Column('note', sa.String(80), nullable=True))
            batch.alter_column('name', type_=sa.String(250), existing_type=sa.String(200))
        """
    )
    before, after = upgrade(empty_url)
    assert before.predates_migrations
    assert after.revision == newer
    assert _rows_now(empty_url, rows) == rows
    engine = create_engine(empty_url)
    try:
        referenced = {fk["referred_table"] for fk in inspect(engine).get_foreign_keys("event")}
        assert referenced == {"kiosk", "site", "prompt"}
        columns = {column["name"]: column for column in inspect(engine).get_columns("kiosk")}
        assert "note" in columns
        assert getattr(columns["name"]["type"], "length", None) == 250
    finally:
        engine.dispose()
