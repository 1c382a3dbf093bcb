"""A hub with some of everything in it, and ways to compare two hubs, for the backup tests.

The data is made as in the field: sites, kiosks and prompts with `storywall admin`,
events and a doodle's bytes pushed over HTTP to the hub's app, a note and the doodle
approved with `storywall admin moderation approve` (which writes the moderation log).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import create_engine, inspect, text

from server.app import create_app
from server.core.config import Settings
from storywall.protocol.media import media_path, sha256_hex
from tests.server.factories import auth, doodle, note, push, reaction
from tests.support import postgres

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def scratch_databases() -> Iterator[Callable[[str], str]]:
    """`make(role)` -> the URL of a new empty PostgreSQL database, each dropped on the way
    out; skips the test, saying why, without STORYWALL_TEST_POSTGRES_URL or pg_dump."""
    with postgres.scratch_databases(
        "sw_backup", reason=f"PostgreSQL backup: set {postgres.POSTGRES_ENV} to run it"
    ) as make:
        if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
            pytest.skip("PostgreSQL backup: pg_dump/pg_restore are not installed")
        yield make


@dataclass(frozen=True)
class Hub:
    """Where one hub keeps its data, as the command line is told."""

    data_dir: Path
    database_url: str = ""

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}
        env["STORYWALL_DATA_DIR"] = str(self.data_dir)
        if self.database_url:
            env["STORYWALL_DATABASE_URL"] = self.database_url
        return env

    def settings(self) -> Settings:
        return Settings(env="development", data_dir=self.data_dir, database_url=self.database_url)

    @property
    def url(self) -> str:
        return self.settings().database_url


def storywall(hub: Hub, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `storywall ARGS` as a person would, against `hub`."""
    done = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=hub.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check:
        assert done.returncode == 0, f"storywall {' '.join(args)}: {done.stderr}"
    return done


def png(side: int = 24, colour: tuple[int, int, int] = (30, 140, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass(frozen=True)
class Filled:
    """What fill() put in a hub."""

    token: str
    note_id: str
    doodle_sha256: str
    doodle_bytes: bytes


def fill(hub: Hub, reactions: int = 20) -> Filled:
    """Two sites, two kiosks, a prompt, reactions, a held note and a doodle (both then
    approved), a rejected note, and the doodle's PNG in the media folder."""
    storywall(hub, "admin", "db", "upgrade")
    storywall(hub, "admin", "add-site", "riverside", "--name", "Riverside Park")
    storywall(hub, "admin", "add-site", "fridge", "--name", "Corner Fridge")
    token = storywall(hub, "admin", "add-kiosk", "gate", "--site", "riverside").stdout.strip()
    storywall(hub, "admin", "add-kiosk", "door", "--site", "fridge")
    storywall(hub, "admin", "set-prompt", "--site", "riverside", "--text", "Ducks?")
    data = png()
    sha = sha256_hex(data)
    events: list[dict[str, Any]] = [
        reaction(kiosk_id="gate", prompt_id=1, emoji="😀", seq=seq)
        for seq in range(1, reactions + 1)
    ]
    kind = note(kiosk_id="gate", text="Lovely ducks today", seq=reactions + 1)
    rude = note(kiosk_id="gate", text="rude words", seq=reactions + 2)
    drawing = doodle(kiosk_id="gate", media=sha, size=len(data), seq=reactions + 3)
    app = create_app(hub.settings())
    try:
        with TestClient(app) as client:
            answer = push(client, token, [*events, kind, rude, drawing])
            assert answer.status_code == 200, answer.text
            assert answer.json()["accepted"] == reactions + 3
            headers = {**auth(token), "Content-Type": "image/png"}
            stored = client.put(media_path(sha), content=data, headers=headers)
            assert stored.status_code == 201, stored.text
    finally:
        app.state.engine.dispose()
    storywall(hub, "admin", "moderation", "approve", kind["id"], "--by", "sam")
    storywall(hub, "admin", "moderation", "approve", drawing["id"], "--by", "sam")
    storywall(hub, "admin", "moderation", "reject", rude["id"], "--reason", "unkind")
    return Filled(token=token, note_id=kind["id"], doodle_sha256=sha, doodle_bytes=data)


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the migration record included), sorted."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = sorted(inspect(connection).get_table_names())
            return {
                name: sorted(
                    (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))),  # noqa: S608
                    key=repr,
                )
                for name in names
            }
    finally:
        engine.dispose()


def media_files(data_dir: Path) -> dict[str, bytes]:
    """The media folder's files by their path under it."""
    root = data_dir / "media"
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
