"""sync_catchup_100k_s: a kiosk back from a long time offline empties its outbox.

A real kiosk `Outbox` (SQLite file, WAL, synchronous=FULL) is filled with 100,000
pending reaction events directly with sqlite3 (fast, not timed): the rows
`Outbox.record()` would have written, one press every 2 s of a synchronised clock.
Then the clock starts and the kiosk's real sync path runs: `SyncWorker.sync_once()`
(take_outgoing -> `HubClient.push` over HTTP -> settle, 500 events a batch, plus its
config pull and acked-row pruning) round after round until nothing is pending or
in flight, against the real hub (uvicorn in its own process, fresh SQLite file).
The hub must then hold exactly 100,000 events from that kiosk and the outbox must
have rejected none.

sync_catchup_requests_per_min: the same run, counted in HTTP requests per minute
(pushes and pulls, at the rate they went). The hub's per-kiosk rate limit
(`kiosk_requests_per_minute`) must leave room for it, media uploads on top
(docs/fleet.md, "Rate limit"); the target is that setting's default.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.common import Figure, Hub, Seeded, Target
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from server.core.config import Settings

EVENTS = 100_000
TARGET_S = 8.0
PRESS_INTERVAL_MS = 2_000
# A round pushes up to 200 batches; this many rounds is far more than 100k needs.
MAX_ROUNDS = 50
LIMIT_DEFAULT = Settings.model_fields["kiosk_requests_per_minute"].default


class CountingTransport(httpx.HTTPTransport):
    """The kiosk client's transport, counting the requests it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return super().handle_request(request)


def fill_outbox(path: Path, seeded: Seeded, boot_id: str, count: int) -> None:
    """`count` pending reactions, written as Outbox.record() writes them, in one go."""
    Outbox(path, kiosk_id=seeded.kiosk_id).close()  # creates the schema and owner
    start = datetime.now(UTC) - timedelta(milliseconds=count * PRESS_INTERVAL_MS)
    updated = datetime.now(UTC).isoformat()
    rows = []
    for i in range(count):
        emoji = seeded.emoji[i % len(seeded.emoji)]
        payload = {"prompt_id": seeded.prompt_id, "emoji": emoji, "source": "button"}
        rows.append(
            (
                str(uuid.uuid4()),
                "reaction",
                boot_id,
                i * PRESS_INTERVAL_MS,
                (start + timedelta(milliseconds=i * PRESS_INTERVAL_MS)).isoformat(),
                1,
                json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                updated,
            )
        )
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO outbox (id, type, boot_id, mono_ms, wall_time, clock_synced,"
            " payload, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")


def run() -> list[Figure]:
    with Hub() as hub, tempfile.TemporaryDirectory(prefix="storywall-kiosk-") as tmp:
        seeded = hub.seeded
        folder = Path(tmp)
        clock = KioskClock(assume_synced=True)
        fill_outbox(folder / "outbox.sqlite3", seeded, clock.boot_id, EVENTS)
        counting = CountingTransport()
        with (
            Outbox(folder / "outbox.sqlite3", kiosk_id=seeded.kiosk_id) as outbox,
            HubClient(hub.url, seeded.token, transport=counting) as client,
        ):
            if outbox.counts().pending != EVENTS:
                raise RuntimeError("the outbox was not filled")
            worker = SyncWorker(outbox, client, clock, ConfigStore(folder / "config.json"))
            rounds = 0
            began = time.perf_counter()
            while True:
                report = worker.sync_once()
                rounds += 1
                if report.error is not None:
                    raise RuntimeError(f"sync failed: {report.error}")
                counts = outbox.counts()
                if counts.pending == 0 and counts.in_flight == 0:
                    break
                if rounds >= MAX_ROUNDS:
                    raise RuntimeError(f"still {counts} after {rounds} rounds")
            elapsed = time.perf_counter() - began
            if counts.rejected:
                raise RuntimeError(f"the hub rejected {counts.rejected} events")
        # Requests in the busiest minute: all of them when the run is shorter.
        per_minute = counting.requests * 60.0 / max(elapsed, 60.0)
        held = hub.stored_events(seeded.kiosk_id)
        if held != EVENTS:
            raise RuntimeError(f"the hub holds {held} events, expected {EVENTS}")
    return [
        Figure(
            "sync_catchup_100k_s",
            elapsed,
            "s",
            Target("<=", TARGET_S),
            note=f"{EVENTS:,} queued events through Outbox + SyncWorker.sync_once + HubClient "
            f"to the real hub in {rounds} rounds ({EVENTS / elapsed:,.0f} events/s); "
            f"the hub then held exactly {held:,}",
        ),
        Figure(
            "sync_catchup_requests_per_min",
            per_minute,
            "req/min",
            Target("<=", float(LIMIT_DEFAULT)),
            note=f"{counting.requests} requests in {elapsed:.1f} s during that catch-up; the "
            f"hub's default kiosk_requests_per_minute is {LIMIT_DEFAULT} (media uploads "
            "would come on top)",
        ),
    ]
