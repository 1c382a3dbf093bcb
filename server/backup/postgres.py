"""A PostgreSQL hub database in a backup: pg_dump --format=custom, and pg_restore.

The client tools get the connection from libpq's PG* environment variables, built
from the hub's SQLAlchemy URL: the password travels in PGPASSWORD, never on the
command line (which every local user can read in /proc).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from server.backup.errors import TargetInUse, ToolFailed

# SQLAlchemy URL query keys that are libpq settings, and their environment variables.
_QUERY_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
# A `pg_restore --list` line creating a table: "215; 1259 16390 TABLE public event owner"
# (not "TABLE DATA", which fills one).
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ")
MAX_ERROR_CHARS = 2000


def libpq_environment(url: str) -> dict[str, str]:
    """The PG* variables that point libpq's tools at the database of `url`."""
    parsed = make_url(url)
    env: dict[str, str] = {}
    for key, value in parsed.query.items():
        name = _QUERY_ENV.get(key)
        if name is not None:
            env[name] = value if isinstance(value, str) else value[-1]
    if parsed.host:
        env["PGHOST"] = parsed.host
    if parsed.port:
        env["PGPORT"] = str(parsed.port)
    if parsed.username:
        env["PGUSER"] = parsed.username
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    if parsed.database:
        env["PGDATABASE"] = parsed.database
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ToolFailed(
            f"{name} is not installed; install PostgreSQL's client tools in the server's "
            "major version (Debian: sudo apt install postgresql-client)"
        )
    return path


def _run(argv: Sequence[str], url: str) -> str:
    env = {**os.environ, **libpq_environment(url)}
    done = subprocess.run(  # noqa: S603 - our own argv, no shell
        list(argv), env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.strip()[-MAX_ERROR_CHARS:] or f"exit code {done.returncode}"
        raise ToolFailed(f"{Path(argv[0]).name} failed: {message}")
    return done.stdout


def dump(url: str, out: Path, snapshot: str) -> None:
    """pg_dump the database of `url` into `out` (custom format) as of `snapshot`: an
    exported snapshot of the caller's open transaction, so the dump and the counts
    the caller reads in that transaction are of the same moment."""
    _run([_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={out}"], url)


def export_snapshot(connection: Connection) -> str:
    """Export the snapshot of `connection`'s transaction (REPEATABLE READ) for pg_dump."""
    return str(connection.execute(text("SELECT pg_export_snapshot()")).scalar_one())


def dumped_tables(url: str, archive: Path) -> set[str]:
    """The tables a custom-format dump creates (pg_restore --list; also a check that
    pg_restore can read it at all)."""
    listing = _run([_tool("pg_restore"), "--list", str(archive)], url)
    return {match[2] for line in listing.splitlines() if (match := _TOC_TABLE.match(line))}


def refuse_if_in_use(engine: Engine, where: str) -> None:
    """TargetInUse when other sessions are connected to the database (a running hub)."""
    with engine.connect() as connection:
        others = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    if others:
        raise TargetInUse(
            f"the hub database at {where} has {others} other connection(s): stop the hub "
            "(every worker, e.g. sudo systemctl stop storywall-hub) first, then restore"
        )


def drop_tables(engine: Engine, names: set[str]) -> None:
    """Drop these tables (a newer revision's, absent from the dump) in one transaction."""
    if not names:
        return
    with engine.begin() as connection:
        for name in sorted(names):
            quoted = connection.dialect.identifier_preparer.quote(name)
            connection.execute(text(f"DROP TABLE IF EXISTS {quoted} CASCADE"))


def restore(url: str, archive: Path) -> None:
    """pg_restore the dump into the database of `url`, in one transaction: objects in
    the dump replace their namesakes (--clean --if-exists); owners and grants are the
    restoring role's (--no-owner --no-acl); any error rolls everything back."""
    database = make_url(url).database or ""
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database}",
            str(archive),
        ],
        url,
    )
