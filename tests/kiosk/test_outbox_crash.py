"""SIGKILL a process that is writing the outbox: every event it reported survives."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kiosk.outbox import Outbox
from tests.kiosk.conftest import KIOSK_ID

# Records reactions as fast as it can, printing each id once record() has returned
# (so only after the commit), and moves batches through every state meanwhile.
WRITER = """
import sys
from pathlib import Path

from kiosk.clock import KioskClock
from kiosk.outbox import Outbox
from storywall.protocol.batch import PushResult, ResultStatus
from storywall.protocol import EventType, ReactionPayload

outbox = Outbox(Path(sys.argv[1]), kiosk_id=sys.argv[2])
clock = KioskClock(boot_id_path=Path(sys.argv[3]), assume_synced=True)
n = 0
while True:
    event = outbox.record(
        EventType.REACTION, ReactionPayload(prompt_id=1, emoji="😀"), clock=clock
    )
    print(event.id, flush=True)
    n += 1
    if n % 5 == 0:
        batch = outbox.take_batch(max_events=4)
        if n % 15 == 0:
            outbox.release()
        elif n % 10 == 0:
            outbox.settle(
                [PushResult(index=i, id=str(e.id), status=ResultStatus.ACCEPTED)
                 for i, e in enumerate(batch)],
                batch,
            )
"""


def run_and_kill(path: Path, boot_id_file: Path, at_least: int) -> list[str]:
    """Start a writer, let it report `at_least` ids, SIGKILL it; return every id it printed."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), KIOSK_ID, str(boot_id_file)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None
    printed: list[str] = []
    deadline = time.monotonic() + 60
    while len(printed) < at_least and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        printed.append(line.strip())
    os.kill(process.pid, signal.SIGKILL)
    # Whatever was printed before the kill was committed before it was printed.
    printed.extend(line.strip() for line in process.stdout.read().splitlines())
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    return [line for line in printed if line]


def test_every_committed_event_survives_sigkill(tmp_path: Path, boot_id_file: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    printed: list[str] = []
    for round_ in range(3):
        printed += run_and_kill(path, boot_id_file, at_least=50 + 37 * round_)
        with Outbox(path, kiosk_id=KIOSK_ID) as outbox:
            assert outbox.integrity_ok()
            counts = outbox.counts()
            # Nothing is left in flight: what was in flight is pending again.
            assert counts.in_flight == 0
            assert counts.pending + counts.acked >= len(printed)
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT seq, id FROM outbox ORDER BY seq").fetchall()
        held = [event_id for _, event_id in rows]
        assert set(printed) <= set(held)
        # seq follows the order the events were recorded in, across crashes.
        positions = [held.index(event_id) for event_id in printed]
        assert positions == sorted(positions)
