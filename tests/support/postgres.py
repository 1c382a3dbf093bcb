"""Scratch PostgreSQL databases for tests, on the server STORYWALL_TEST_POSTGRES_URL names.

Each is made empty under a unique name and dropped (connections and all) on the way out,
so tests running side by side never meet. Without the variable the test is skipped with
one reason, which the suite's summary counts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from bench.scratch_pg import ScratchDatabase

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
    made: list[ScratchDatabase] = []

    def make(role: str) -> str:
        database = ScratchDatabase(base, prefix="_".join(part for part in (prefix, role) if part))
        made.append(database)
        return database.url

    try:
        yield make
    finally:
        for database in made:
            database.close()


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """One new empty database's URL for the block; dropped after."""
    with scratch_databases(prefix) as make:
        yield make("")
