"""A PostgreSQL database of the benchmark's own, created for one run and dropped after.

The server comes from STORYWALL_BENCH_POSTGRES_URL, else STORYWALL_TEST_POSTGRES_URL
(the suite's); its database is never touched, only used to connect with a role
that may CREATE DATABASE. Without either variable the PostgreSQL figures are skipped.
"""

from __future__ import annotations

import os
import time
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from storywall.closing import ClosesOnExit

POSTGRES_ENVS = ("STORYWALL_BENCH_POSTGRES_URL", "STORYWALL_TEST_POSTGRES_URL")
# Dropping waits up to 10 s for sessions FORCE cannot end (an autovacuum worker).
DROP_ATTEMPTS = 20
DROP_RETRY_S = 0.5
_DROP_LATER = {"42501", "55006"}  # insufficient_privilege, object_in_use


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
            for attempt in range(DROP_ATTEMPTS):
                try:
                    with self._admin.connect() as connection:
                        connection.execute(
                            text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                        )
                    return
                except DBAPIError as error:
                    # FORCE may not end a session of another role (42501) or one still
                    # starting (55006): after a big write the server's own autovacuum
                    # worker can be in the database for a moment.
                    state = getattr(error.orig, "sqlstate", None)
                    if state not in _DROP_LATER or attempt == DROP_ATTEMPTS - 1:
                        raise
                    time.sleep(DROP_RETRY_S)
        finally:
            self._admin.dispose()
