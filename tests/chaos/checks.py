"""What every chaos test asserts at the end, and small bounded helpers."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from tests.support.live_hub import StoredRow


def sqlite_integrity(path: Path) -> list[str]:
    """SQLite's own `PRAGMA integrity_check` of a file (["ok"] when sound)."""
    db = sqlite3.connect(path, timeout=10)
    try:
        return [str(row[0]) for row in db.execute("PRAGMA integrity_check")]
    finally:
        db.close()


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.01) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass; return the last answer."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


def drain(worker: SyncWorker, outbox: Outbox, *, rounds: int = 200, timeout: float = 60) -> None:
    """Run sync rounds on this thread until the outbox has nothing left to send."""
    deadline = time.monotonic() + timeout
    for _ in range(rounds):
        report = worker.sync_once(pull_config=False)
        counts = outbox.counts()
        if report.ok and counts.pending == 0 and counts.in_flight == 0:
            assert counts.rejected == 0, outbox.rejected()
            return
        assert time.monotonic() < deadline, f"drain stuck: {report} {counts}"
        time.sleep(min(report.delay_s, 0.05))
    raise AssertionError(f"drain did not finish in {rounds} rounds: {report} {outbox.counts()}")


def assert_exactly_once(held: Sequence[StoredRow], acknowledged: Sequence[tuple[int, str]]) -> None:
    """The hub holds each acknowledged event once, under the seq it was recorded with,
    and nothing else: `acknowledged` is (seq, id) in the order "thanks" was shown."""
    ids = [row.id for row in held]
    twice = [event_id for event_id, n in Counter(ids).items() if n > 1]
    assert not twice, f"held more than once: {twice[:5]}"
    thanked = [event_id for _, event_id in acknowledged]
    assert len(set(thanked)) == len(thanked), "the kiosk thanked twice for one event id"
    missing = set(thanked) - set(ids)
    assert not missing, f"{len(missing)} acknowledged events lost, e.g. {sorted(missing)[:3]}"
    extra = set(ids) - set(thanked)
    assert not extra, f"{len(extra)} events the person was never thanked for: {sorted(extra)[:3]}"
    assert_seq_order(held, acknowledged)


def assert_seq_order(held: Sequence[StoredRow], acknowledged: Sequence[tuple[int, str]]) -> None:
    """Each event keeps its recorded seq on the hub, and seq follows the order of thanks."""
    seq_of = {row.id: row.seq for row in held}
    assert all(seq_of[event_id] == seq for seq, event_id in acknowledged)
    seqs = [seq for seq, _ in acknowledged]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
