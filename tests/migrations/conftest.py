"""Databases for the migration tests: a new empty one per test, on SQLite and PostgreSQL;
and a way to make the code one revision newer than head.

The PostgreSQL variant creates a database of its own for each test (an upgrade must
start from nothing) on the server STORYWALL_TEST_POSTGRES_URL names, and drops it after.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from server.core import migrate
from tests.support.postgres import scratch_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a new hub database would go: no SQLite file yet, or an empty PostgreSQL one."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}"
        return
    with scratch_database("storywall_migration") as url:
        yield url


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
