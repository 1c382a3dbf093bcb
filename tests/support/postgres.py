"""Scratch PostgreSQL databases for tests, on the server STORYWALL_TEST_POSTGRES_URL names.

Each is made empty under a unique name and dropped (connections and all) on the way out,
so tests running side by side never meet. Without the variable the test is skipped with
one reason, which the suite's summary counts.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text

POSTGRES_ENV = "STORYWALL_TEST_POSTGRES_URL"
SKIP_REASON = f"PostgreSQL variant: set {POSTGRES_ENV} to run it"


def postgres_base(reason: str = SKIP_REASON) -> str:
    """The configured server's URL; the test is skipped with `reason` when there is none."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(reason)
    return base


@contextmanager
def scratch_databases(prefix: str, *, reason: str = SKIP_REASON) -> Iterator[Callable[[str], str]]:
    """`make(role)` -> the URL of a new empty database named `<prefix>_<role>_<random>`
    (`role` may be ""); every one made is dropped when the block ends."""
    base = postgres_base(reason)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(role: str) -> str:
        name = "_".join(part for part in (prefix, role, uuid.uuid4().hex[:12]) if part)
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """One new empty database's URL for the block; dropped after."""
    with scratch_databases(prefix) as make:
        yield make("")
