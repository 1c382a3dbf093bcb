"""A backup taken while a real hub (`storywall hub`, its own process) is taking pushes.

On SQLite (the online backup API) and on PostgreSQL (pg_dump in an exported snapshot)
when STORYWALL_TEST_POSTGRES_URL is set.

A kiosk pushes batches in sequence order without pause; backups are taken meanwhile.
Each backup, restored, must hold the kiosk's events 1..n with no gap (the database at
one moment), at least everything acknowledged before the backup began and no more than
was sent by its end; and no push may fail because a backup was running.
"""

from __future__ import annotations

import json
import sys
import tarfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from server.launch import HubProcess, free_port
from tests.server.factories import push, reaction
from tests.support.backup_data import ROOT, Hub, scratch_databases, storywall, table_rows

pytestmark = pytest.mark.slow
BATCH = 20


class Pusher(threading.Thread):
    """One kiosk pushing BATCH reactions at a time, in order, until stopped."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(name="pusher", daemon=True)
        self.url, self.token = url, token
        self.acked = 0  # the highest seq the hub has acknowledged
        self.sent = 0  # the highest seq sent
        self.failures: list[str] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            while not self.stopping.is_set():
                first = self.sent + 1
                events = [
                    reaction(kiosk_id="gate", prompt_id=1, emoji="😀", seq=seq, mono_ms=seq)
                    for seq in range(first, first + BATCH)
                ]
                self.sent = first + BATCH - 1
                answer = push(client, self.token, events)
                if answer.status_code != 200 or answer.json()["accepted"] != BATCH:
                    self.failures.append(f"{answer.status_code} {answer.text[:200]}")
                    return
                self.acked = self.sent


def _seqs(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT seq FROM event ORDER BY seq")).scalars())
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[Callable[[str], str]]:
    """`database(role)`: "" (a SQLite file in the hub's data folder) or a scratch
    PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield lambda role: ""
        return
    with scratch_databases() as make:
        yield make


def _hub_process(hub: Hub, log: Path) -> HubProcess:
    port = free_port()
    return HubProcess(
        [sys.executable, "-m", "cli", "hub", "--port", str(port)],
        url=f"http://127.0.0.1:{port}",
        log=log,
        env=hub.env(),
        cwd=ROOT,
    )


def test_backups_while_the_hub_takes_pushes_are_consistent(
    tmp_path: Path, database: Callable[[str], str]
) -> None:
    hub = Hub(tmp_path / "hub", database("live"))
    storywall(hub, "admin", "db", "upgrade")
    storywall(hub, "admin", "add-site", "riverside", "--name", "Riverside")
    token = storywall(hub, "admin", "add-kiosk", "gate", "--site", "riverside").stdout.strip()
    storywall(hub, "admin", "set-prompt", "--site", "riverside", "--text", "Ducks?")
    taken: list[tuple[Path, int, int]] = []
    with _hub_process(hub, tmp_path / "hub.log") as server:
        pusher = Pusher(server.url, token)
        pusher.start()
        try:
            while pusher.acked < 5 * BATCH and pusher.is_alive():
                time.sleep(0.05)
            for number in range(3):
                archive = tmp_path / f"live-{number}.tar"
                before = pusher.acked
                storywall(hub, "admin", "backup", str(archive))
                taken.append((archive, before, pusher.sent))
            done_at = pusher.acked
            while pusher.acked < done_at + 3 * BATCH and pusher.is_alive():
                time.sleep(0.05)
        finally:
            pusher.stopping.set()
            pusher.join(timeout=30)
    assert not pusher.failures
    assert len(table_rows(hub.url)["event"]) == pusher.acked  # nothing lost or doubled

    moments = []
    for archive, acked_before, sent_after in taken:
        target = Hub(tmp_path / archive.stem, database(archive.stem.replace("-", "")))
        storywall(target, "admin", "restore", str(archive))
        seqs = _seqs(target.url)
        with tarfile.open(archive) as tar:
            manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert seqs == list(range(1, len(seqs) + 1)), "a gap: not one moment"
        assert sent_after > acked_before  # the kiosk pushed while this backup ran
        assert acked_before <= len(seqs) <= sent_after
        assert manifest["counts"]["event"] == len(seqs)
        moments.append(len(seqs))
    # The pushes went on between and after the backups.
    assert moments == sorted(moments) and moments[-1] < pusher.acked
