"""hub_ingest_events_per_s and hub_ingest_vs_sqlite_ratio.

The hub: events accepted per second through the real HTTP API. One client (as one
kiosk catching up) posts batches of 500 valid reaction events, one after another,
with httpx over a kept-alive connection to the real hub (uvicorn in its own process,
fresh SQLite file). Bodies are encoded before the clock starts; the time covers the
request, everything the hub does (auth, envelope and per-event validation, the
duplicate/prompt/anchor queries, the INSERT, the fsync'd commit) and the answer.

The baseline: the rows the hub stores for those same events, inserted with plain
`sqlite3` `executemany` in one transaction per batch of 500 (BEGIN; executemany;
COMMIT) into an *equivalent* table. Equivalent means:

- the same DDL: every CREATE TABLE and CREATE INDEX is copied from the hub's own
  database file (`sqlite_master`), so the event table has the same columns, types,
  primary key, CHECK constraint, foreign keys and the same three secondary indexes;
- the same referenced rows (site, kiosk, prompt), so foreign keys are checked too;
- the same pragmas, taken from `server.core.db.SQLITE_PRAGMAS` (WAL,
  synchronous=FULL, foreign_keys=ON, busy_timeout);
- the same values (17 columns per row, payload as JSON text), a fresh file in the
  same kind of temporary directory on the same filesystem.

The ratio divides the hub's rate by the baseline's. Both are measured in the same
run, in interleaved rounds (hub then baseline, baseline then hub, ...), so the
machine's noise falls on both sides alike.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.common import Figure, Hub, Seeded, Target, reaction_events
from server.core.db import SQLITE_PRAGMAS
from storywall.protocol import API_PREFIX, MAX_BATCH_EVENTS

BATCH = MAX_BATCH_EVENTS  # 500
ROUNDS = 30
BATCHES_PER_ROUND = 4
WARMUP_BATCHES = 2
BOOT_ID = "bench-boot-ingest"
RATIO_TARGET = 0.40

_COLUMNS = (
    "id, kiosk_id, site_id, boot_id, seq, mono_ms, wall_ms, clock_synced, type, v,"
    " payload, received_ms, placed_ms, placed_by, prompt_id, choice, play"
)
_INSERT = f"INSERT INTO event ({_COLUMNS}) VALUES ({', '.join('?' * 17)})"  # noqa: S608


def _body(events: list[dict[str, Any]]) -> bytes:
    envelope = {"protocol": 1, "boot_id": BOOT_ID, "sent_mono_ms": 10**9, "events": events}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def _row(event: dict[str, Any], site_id: int, received_ms: int) -> tuple[Any, ...]:
    """The row the hub stores for a synchronised reaction, in the hub's column order."""
    wall_ms = int(datetime.fromisoformat(event["wall_time"]).timestamp() * 1000)
    payload = event["payload"]
    return (
        event["id"],
        event["kiosk_id"],
        site_id,
        event["boot_id"],
        event["seq"],
        event["mono_ms"],
        wall_ms,
        True,
        "reaction",
        1,
        json.dumps(payload),
        received_ms,
        wall_ms,
        "kiosk",
        payload["prompt_id"],
        payload["emoji"],
        payload.get("play", False),
    )


class _Baseline:
    """A fresh SQLite file with the hub's schema, pragmas and referenced rows."""

    def __init__(self, hub: Hub, directory: Path) -> None:
        self.conn = sqlite3.connect(directory / "baseline.sqlite3", isolation_level=None)
        for pragma in SQLITE_PRAGMAS:
            self.conn.execute(pragma)
        for ddl in hub.schema():
            self.conn.execute(ddl)
        with closing(hub.connect()) as source:
            for table in ("site", "kiosk", "prompt"):
                rows = source.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608
                marks = ", ".join("?" * len(rows[0]))
                self.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        self.conn.execute("BEGIN")
        self.conn.executemany(_INSERT, rows)
        self.conn.execute("COMMIT")

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM event").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


def _batches(seeded: Seeded, first_seq: int, count: int) -> list[list[dict[str, Any]]]:
    return [
        reaction_events(
            kiosk_id=seeded.kiosk_id,
            boot_id=BOOT_ID,
            first_seq=first_seq + i * BATCH,
            count=BATCH,
            prompt_id=seeded.prompt_id,
            emoji=seeded.emoji,
        )
        for i in range(count)
    ]


def _post_all(client: httpx.Client, bodies: list[bytes]) -> int:
    accepted = 0
    for body in bodies:
        response = client.post(
            f"{API_PREFIX}/events", content=body, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        accepted += int(response.json()["accepted"])
    return accepted


def run() -> list[Figure]:
    total_batches = WARMUP_BATCHES + ROUNDS * BATCHES_PER_ROUND
    with Hub() as hub, tempfile.TemporaryDirectory(prefix="storywall-baseline-") as tmp:
        seeded = hub.seeded
        batches = _batches(seeded, 1, total_batches)
        bodies = [_body(batch) for batch in batches]
        received_ms = int(time.time() * 1000)
        rows = [[_row(e, seeded.site_id, received_ms) for e in batch] for batch in batches]
        baseline = _Baseline(hub, Path(tmp))
        headers = {"Authorization": f"Bearer {seeded.token}"}
        try:
            with httpx.Client(base_url=hub.url, headers=headers, timeout=60) as client:
                _post_all(client, bodies[:WARMUP_BATCHES])
                for batch_rows in rows[:WARMUP_BATCHES]:
                    baseline.insert(batch_rows)
                hub_s = base_s = 0.0
                hub_accepted = base_inserted = 0
                for round_number in range(ROUNDS):
                    start = WARMUP_BATCHES + round_number * BATCHES_PER_ROUND
                    chunk = slice(start, start + BATCHES_PER_ROUND)
                    for side in ("hub", "sqlite") if round_number % 2 == 0 else ("sqlite", "hub"):
                        began = time.perf_counter()
                        if side == "hub":
                            hub_accepted += _post_all(client, bodies[chunk])
                            hub_s += time.perf_counter() - began
                        else:
                            for batch_rows in rows[chunk]:
                                baseline.insert(batch_rows)
                            base_s += time.perf_counter() - began
                            base_inserted += BATCH * BATCHES_PER_ROUND
            expected = ROUNDS * BATCHES_PER_ROUND * BATCH
            if hub_accepted != expected or hub.stored_events() != total_batches * BATCH:
                raise RuntimeError(f"the hub accepted {hub_accepted} of {expected} events")
            if baseline.count() != total_batches * BATCH:
                raise RuntimeError("the baseline lost rows")
        finally:
            baseline.close()
    hub_rate = hub_accepted / hub_s
    base_rate = base_inserted / base_s
    events = f"{ROUNDS} interleaved rounds of {BATCHES_PER_ROUND} batches of {BATCH} events"
    return [
        Figure(
            "hub_ingest_events_per_s",
            hub_rate,
            "events/s",
            note=f"one client, sequential POST {API_PREFIX}/events over HTTP/1.1 to uvicorn "
            f"(own process), fresh SQLite file; {events} ({hub_accepted:,} accepted)",
        ),
        Figure(
            "hub_ingest_vs_sqlite_ratio",
            hub_rate / base_rate,
            "x",
            Target(">=", RATIO_TARGET),
            note=f"baseline {base_rate:,.0f} rows/s: the same rows, plain sqlite3 executemany, "
            "one transaction per batch, into an equivalent table (the hub's DDL copied from "
            "its file: same columns, constraints, foreign keys and indexes; same referenced "
            "rows; same pragmas: WAL, synchronous=FULL, foreign_keys=ON); measured in the "
            "same run, rounds interleaved with the hub's",
        ),
    ]
