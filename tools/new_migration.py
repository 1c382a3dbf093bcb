"""Write the next schema revision after changing server/models.py.

    .venv/bin/python -m tools.new_migration "add the note table"

Alembic's autogenerate compares a scratch SQLite database, upgraded to head, with the
models and writes server/migrations/versions/r<NNNN>_<slug>.py, numbered after head,
with `batch_alter_table` blocks (a table copy on SQLite, plain ALTERs on PostgreSQL).
It is a draft: read it. Autogenerate sees a rename as a drop and an add, does not fill
new NOT NULL columns of existing rows, and cannot move data; write those by hand.
When the models match head, nothing is written. The file is formatted and linted
as `make test` expects.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import Script
from sqlmodel import SQLModel

from server.core.db import make_engine
from server.core.migrate import alembic_config, head, upgrade


class NothingChanged(Exception):
    """The models match the newest revision: there is nothing to write."""


def new_revision(message: str) -> Path:
    """Autogenerate the revision after head; the path of the file written."""
    with tempfile.TemporaryDirectory(prefix="storywall-revision-") as folder:
        url = f"sqlite:///{Path(folder) / 'head.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                if not compare_metadata(MigrationContext.configure(connection), SQLModel.metadata):
                    raise NothingChanged("the models match head: no revision written")
                written = command.revision(
                    alembic_config(connection),
                    message=message,
                    autogenerate=True,
                    rev_id=f"{int(head()) + 1:04d}",
                )
        finally:
            engine.dispose()
    assert isinstance(written, Script)
    path = Path(written.path)
    # Alembic writes its own quoting and imports; make it what `make test` checks.
    for ruff in (["format"], ["check", "--fix", "--quiet"]):
        subprocess.run([sys.executable, "-m", "ruff", *ruff, str(path)], check=False)  # noqa: S603
    return path


def main(argv: list[str]) -> int:
    message = " ".join(argv).strip()
    if not message:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        path = new_revision(message)
    except NothingChanged as error:
        print(f"new_migration: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}: review it, then add its test under tests/migrations/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
