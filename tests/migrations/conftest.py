"""Databases for the migration tests: a new empty one per test, on SQLite and PostgreSQL;
and a way to make the code one revision newer than head.

The PostgreSQL variant creates a database of its own for each test (an upgrade must
start from nothing) on the server STORYWALL_TEST_POSTGRES_URL names, and drops it after.
"""

from __future__ import annotations

import os
import shutil
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server.core import migrate

POSTGRES_ENV = "STORYWALL_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a new hub database would go: no SQLite file yet, or an empty PostgreSQL one."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL variant: set {POSTGRES_ENV} to run it")
    name = f"storywall_migration_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def later_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], str]:
    """Make the code one revision newer than head: `later_revision(body)` -> its id.

    The migrations folder is copied and a revision with `body` as its upgrade() is
    added after head, as the next schema change of a release would be.
    """

    def add(body: str) -> str:
        folder = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS_DIR, folder)
        previous = migrate.head()
        revision = f"{int(previous) + 1:04d}"
        (folder / "versions" / f"r{revision}_later.py").write_text(
            f'"""A later schema change, for the tests."""\n\n'
            "import sqlalchemy as sa\n"
            "from alembic import op\n\n"
            f"revision = {revision!r}\n"
            f"down_revision = {previous!r}\n"
            "branch_labels = None\n"
            "depends_on = None\n\n\n"
            "def upgrade() -> None:\n"
            + textwrap.indent(textwrap.dedent(body).strip(), "    ")
            + "\n",
            encoding="utf-8",
        )
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
        assert migrate.head() == revision
        return revision

    return add
