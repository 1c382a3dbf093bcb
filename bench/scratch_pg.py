"""A PostgreSQL database of the benchmark's own, created for one run and dropped after.

The server comes from STORYWALL_BENCH_POSTGRES_URL, else STORYWALL_TEST_POSTGRES_URL
(the suite's); its database is never touched, only used to connect with a role
that may CREATE DATABASE. Without either variable the PostgreSQL figures are skipped.
"""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storywall.closing import ClosesOnExit

POSTGRES_ENVS = ("STORYWALL_BENCH_POSTGRES_URL", "STORYWALL_TEST_POSTGRES_URL")


def postgres_server() -> str | None:
    """The PostgreSQL URL the environment names, or None."""
    for name in POSTGRES_ENVS:
        url = os.environ.get(name, "").strip()
        if url:
            return url
    return None


class ScratchDatabase(ClosesOnExit):
    """`<prefix>_<random>` on the server at `server_url`, made empty; dropped (its
    connections too) at close(). The test suite makes its scratch databases with it too."""

    def __init__(self, server_url: str, *, prefix: str = "storywall_bench") -> None:
        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self._admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        try:
            with self._admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        except BaseException:
            self._admin.dispose()
            raise
        self.url = (
            make_url(server_url).set(database=self.name).render_as_string(hide_password=False)
        )
        self._dropped = False

    def backend_pids(self) -> list[int]:
        """The server processes serving connections to this database (not this query's)."""
        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
        finally:
            engine.dispose()
        return [int(pid) for (pid,) in rows]

    def close(self) -> None:
        if self._dropped:
            return
        self._dropped = True
        try:
            with self._admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        finally:
            self._admin.dispose()
