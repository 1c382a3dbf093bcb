"""`storywall admin backup` and `restore` on PostgreSQL (pg_dump / pg_restore).

Skipped, saying why, unless STORYWALL_TEST_POSTGRES_URL is set and pg_dump is
installed. Each test makes its own scratch databases (the role may CREATEDB) and drops
them afterwards; the suite's own database is never touched.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from server.core.migrate import head, upgrade
from tests.migrations.legacy import dump_rows, make_postgres
from tests.support.backup_data import (
    Hub,
    fill,
    media_files,
    scratch_databases,
    storywall,
    table_rows,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def scratch() -> Iterator[Callable[[str], str]]:
    with scratch_databases() as make:
        yield make


def test_round_trip_with_data(scratch: Callable[[str], str], tmp_path: Path) -> None:
    source = Hub(tmp_path / "src", scratch("src"))
    filled = fill(source)
    archive = tmp_path / "hub.tar"
    storywall(source, "admin", "backup", str(archive))
    target = Hub(tmp_path / "dst", scratch("dst"))
    storywall(target, "admin", "db", "upgrade")  # as deploy/install-hub.sh leaves it

    done = storywall(target, "admin", "restore", str(archive))

    assert "restored" in done.stdout
    rows = table_rows(target.url)
    assert rows == table_rows(source.url)
    assert len(rows["event"]) == 23 and len(rows["moderation_log"]) == 6
    assert media_files(target.data_dir) == media_files(source.data_dir)
    assert filled.doodle_bytes in media_files(target.data_dir).values()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    # The restored hub takes the kiosk's next note, and its serial ids carry on.
    storywall(target, "admin", "add-site", "third", "--name", "Third")
    assert max(row[0] for row in table_rows(target.url)["site"]) == 3


def test_the_password_never_reaches_the_command_line(
    scratch: Callable[[str], str], tmp_path: Path
) -> None:
    source = Hub(tmp_path / "src", scratch("src"))
    storywall(source, "admin", "db", "upgrade")
    password = make_url(source.url).password
    assert password
    # The real tools, wrapped to write down the argv they were given.
    shims = tmp_path / "bin"
    shims.mkdir()
    seen = tmp_path / "argv.log"
    for tool in ("pg_dump", "pg_restore"):
        real = shutil.which(tool)
        shim = shims / tool
        shim.write_text(
            f'#!/bin/sh\necho "{tool} $* [PGPASSWORD ${{PGPASSWORD:+given}}]" >> "{seen}"\n'
            f'exec "{real}" "$@"\n'
        )
        shim.chmod(0o755)
    env_path = f"{shims}:{os.environ['PATH']}"
    os.environ["PATH"], saved = env_path, os.environ["PATH"]
    try:
        storywall(source, "admin", "backup", str(tmp_path / "hub.tar"))
        storywall(
            Hub(tmp_path / "dst", scratch("dst")), "admin", "restore", str(tmp_path / "hub.tar")
        )
    finally:
        os.environ["PATH"] = saved
    argv = seen.read_text()
    assert "pg_dump --format=custom" in argv and "pg_restore --clean --if-exists" in argv
    assert argv.count("[PGPASSWORD given]") == 3  # dump, restore --list, restore
    # The test role's password is also a word in these paths: look for the forms a
    # password takes in a connection URL or string.
    for line in argv.splitlines():
        command = line.split(" [PGPASSWORD")[0]
        assert f":{password}@" not in command and "password=" not in command.lower()


def test_refusals(scratch: Callable[[str], str], tmp_path: Path) -> None:
    source = Hub(tmp_path / "src", scratch("src"))
    storywall(source, "admin", "db", "upgrade")
    storywall(source, "admin", "add-site", "riverside", "--name", "Riverside")
    archive = tmp_path / "pg.tar"
    storywall(source, "admin", "backup", str(archive))
    target = Hub(tmp_path / "dst", scratch("dst"))
    storywall(target, "admin", "db", "upgrade")
    storywall(target, "admin", "add-site", "mine", "--name", "Mine")
    before = table_rows(target.url)

    held = storywall(target, "admin", "restore", str(archive), check=False)
    assert held.returncode == 2 and "already holds data" in held.stderr
    assert make_url(target.url).database in held.stderr and "1 site rows" in held.stderr
    assert ":***@" in held.stderr and f":{make_url(target.url).password}@" not in held.stderr

    engine = create_engine(target.url)  # a session like a running hub's
    with engine.connect():
        busy = storywall(target, "admin", "restore", str(archive), "--force", check=False)
    engine.dispose()
    assert busy.returncode == 2 and "other connection(s)" in busy.stderr

    sqlite_hub = Hub(tmp_path / "lite")
    storywall(sqlite_hub, "admin", "db", "upgrade")
    storywall(sqlite_hub, "admin", "add-site", "x", "--name", "X")
    storywall(sqlite_hub, "admin", "backup", str(tmp_path / "lite.tar"))
    across = storywall(
        target, "admin", "restore", str(tmp_path / "lite.tar"), "--force", check=False
    )
    assert "backup of a SQLite hub" in across.stderr and "across engines" in across.stderr
    back = storywall(Hub(tmp_path / "lite2"), "admin", "restore", str(archive), check=False)
    assert "backup of a PostgreSQL hub" in back.stderr
    assert table_rows(target.url) == before

    forced = storywall(target, "admin", "restore", str(archive), "--force")
    assert "replaced" in forced.stdout
    assert table_rows(target.url) == table_rows(source.url)


def test_an_older_backup_restores_into_a_hub_at_head(
    scratch: Callable[[str], str], tmp_path: Path
) -> None:
    old = Hub(tmp_path / "old", scratch("old"))
    make_postgres(old.url, dump_rows(tmp_path))  # storywall 0.1.0's data, 290 events
    upgrade(old.url, "0002")
    archive = tmp_path / "old.tar"
    storywall(old, "admin", "backup", str(archive))
    target = Hub(tmp_path / "new", scratch("new"))
    storywall(target, "admin", "db", "upgrade")  # head's tables, which the dump lacks

    done = storywall(target, "admin", "restore", str(archive))

    assert f"migrated from revision 0002 to {head()}" in done.stdout
    assert f"{head()} (head)" in storywall(target, "admin", "db", "current").stdout
    assert len(table_rows(target.url)["event"]) == 290
