"""Fixtures for the hub: a real app on a real database file (or PostgreSQL when given).

The database is made as in production, by the migrations (server.core.migrate), never
by create_all. Set STORYWALL_TEST_POSTGRES_URL (e.g.
postgresql+psycopg://user:pw@localhost/postgres) to also run every database test on
PostgreSQL; a fresh database is created and migrated for the session, emptied after
each test and dropped at the end.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from server import crud
from server.app import create_app
from server.core.config import Settings
from server.core.migrate import upgrade
from server.fridges import make_fridge
from server.models import Kiosk, Prompt, Site
from server.models_fridge import Fridge
from server.schema import METADATA
from tests.server.factories import NOW_MS
from tests.support.hub_db import hub_database
from tests.support.postgres import scratch_database

with warnings.catch_warnings():
    # Starlette suggests httpx2 for its test client; httpx is what the project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EMOJI = ["😀", "😐", "😢", "🌳"]


class FakeClock:
    """The hub's clock in tests: epoch ms, moved by hand."""

    def __init__(self, now_ms: int = NOW_MS) -> None:
        self.now_ms = now_ms

    def __call__(self) -> int:
        return self.now_ms


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database at head for this test session (skipped when not configured)."""
    with scratch_database("storywall_test") as url:
        upgrade(url)
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where the hub stores its data: a SQLite file in tmp_path, or PostgreSQL."""
    if request.param == "sqlite":
        yield hub_database(tmp_path / "hub.sqlite3")
        return
    url: str = request.getfixturevalue("postgres_url")
    yield url
    # Each test starts from empty tables; the schema stays at head.
    tables = ", ".join(f'"{table.name}"' for table in METADATA.sorted_tables)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """The hub's clock, fixed at 2025-06-21 12:00 UTC unless a test moves it."""
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Development settings pointing at the test database. Background jobs are off: a
    test runs them when it means to (server.jobs.run_due_jobs, on the fake clock)."""
    return Settings(
        env="development",
        data_dir=tmp_path / "data",
        database_url=database_url,
        background_jobs=False,
    )


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Iterator[FastAPI]:
    """The hub, built by create_app exactly as in production."""
    application = create_app(settings, clock=clock)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def engine(app: FastAPI) -> Engine:
    """The app's own engine."""
    engine: Engine = app.state.engine
    return engine


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client talking to the app in-process (lifespan included)."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database, for seeding and checking."""
    with Session(engine, expire_on_commit=False) as db_session:
        yield db_session


@dataclass(frozen=True)
class Seed:
    """A site with a kiosk and a current prompt, and a second site with its own."""

    site: Site
    kiosk: Kiosk
    token: str
    prompt: Prompt
    other_site: Site
    other_kiosk: Kiosk
    other_token: str
    other_prompt: Prompt

    @property
    def prompt_id(self) -> int:
        assert self.prompt.id is not None
        return self.prompt.id


@pytest.fixture
def seed(session: Session) -> Seed:
    """Riverside (Europe/London) with kiosk riverside-1; Harbour with harbour-1."""
    site = crud.create_site(
        session=session, slug="riverside", name="Riverside Park", timezone="Europe/London"
    )
    kiosk, token = crud.create_kiosk(
        session=session, site_slug="riverside", kiosk_id="riverside-1", name="Riverside gate"
    )
    prompt = crud.set_prompt(
        session=session,
        site_slug="riverside",
        text="How was the park today?",
        emoji=EMOJI,
        created_ms=NOW_MS - 86_400_000,
        # Most tests read tallies off the wall; test_prompt_states.py covers the hiding.
        results_revealed=True,
    )
    other_site = crud.create_site(
        session=session, slug="harbour", name="Harbour Fridge", timezone="America/New_York"
    )
    other_kiosk, other_token = crud.create_kiosk(
        session=session, site_slug="harbour", kiosk_id="harbour-1", name="Harbour fridge"
    )
    other_prompt = crud.set_prompt(
        session=session,
        site_slug="harbour",
        text="What did you bring?",
        emoji=["🍎", "🥖"],
        created_ms=NOW_MS - 86_400_000,
        results_revealed=True,
    )
    return Seed(site, kiosk, token, prompt, other_site, other_kiosk, other_token, other_prompt)


@pytest.fixture
def fridge(session: Session, seed: Seed) -> Fridge:
    """Harbour (seed.other_site, with kiosk harbour-1) made a community fridge."""
    return make_fridge(session=session, site_slug="harbour", created_ms=NOW_MS - 86_400_000)
