"""A seeded hub for the fuzz tests: the real create_app on a fresh SQLite file.

Fixtures here are module-scoped where Hypothesis runs many examples against one hub
(a function-scoped fixture is not reset between examples anyway), so every example
sees the same database, and the assertions compare counts before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, func, inspect
from sqlmodel import Session, col, select

from server import crud
from server.app import create_app
from server.core.config import Settings
from server.models import Event
from tests.support.hub_db import hub_database

SITE = "riverside"
KIOSK_ID = "riverside-1"
EMOJI = ["😀", "😐", "😢", "🌳"]


@dataclass(frozen=True)
class FuzzHub:
    """A hub with one site, one kiosk (and its plaintext token) and a current prompt."""

    app: FastAPI
    engine: Engine
    token: str
    prompt_id: int
    kiosk_id: str = KIOSK_ID

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def hub_settings(data_dir: Path) -> Settings:
    """Development settings with the database in `data_dir` (made at head if absent), and
    a public address as a deployed hub has (provisioning links answer 503 without one)."""
    return Settings(
        env="development",
        data_dir=data_dir,
        database_url=hub_database(data_dir / "hub.sqlite3"),
        public_url="https://wall.example.org",
        # A wall stream sends its marker and ends, so each fuzzed call returns.
        wall_stream_seconds=0,
    )


def make_hub(data_dir: Path) -> FuzzHub:
    """A new hub on a new database file in `data_dir`, seeded through server.crud."""
    app = create_app(hub_settings(data_dir))
    engine: Engine = app.state.engine
    with Session(engine, expire_on_commit=False) as session:
        crud.create_site(session=session, slug=SITE, name="Riverside Park", timezone="UTC")
        _, token = crud.create_kiosk(
            session=session, site_slug=SITE, kiosk_id=KIOSK_ID, name="Riverside gate"
        )
        prompt = crud.set_prompt(
            session=session, site_slug=SITE, text="How was the park today?", emoji=EMOJI
        )
    assert prompt.id is not None
    return FuzzHub(app=app, engine=engine, token=token, prompt_id=prompt.id)


def stored_ids(engine: Engine) -> list[str]:
    """Every stored event id, duplicates included (the primary key should forbid them)."""
    with Session(engine) as session:
        return list(session.exec(select(col(Event.id))).all())


def event_count(engine: Engine) -> int:
    """How many events the hub holds."""
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Event)).one()


def table_names(engine: Engine) -> set[str]:
    """The tables in the hub's database."""
    return set(inspect(engine).get_table_names())


@pytest.fixture(scope="module")
def fuzz_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzHub]:
    """One seeded hub per test module."""
    hub = make_hub(tmp_path_factory.mktemp("hub"))
    yield hub
    hub.engine.dispose()
