"""hub_config_pull_304_ms and hub_config_pull_304_ms_20k_today.

A kiosk's configuration pull when nothing changed: `GET /api/v1/kiosk/config` with the
ETag of its last copy in If-None-Match, answered 304. The configuration carries today's
tallies, so the hub counts today's answers on every pull (a range over the tally index,
today's rows only). Measured through real HTTP (keep-alive) against the real hub in its
own process, as the median of many pulls: first with 2,000 answers today and 50,000 on
earlier days (a busy site after a month), then with 20,000 today (a festival).
"""

from __future__ import annotations

import json
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.common import Figure, Hub, Seeded
from storywall.protocol import API_PREFIX, MAX_BATCH_EVENTS

PULLS = 400
WARMUP = 40
BOOT_ID = "bench-boot-config"


def _events(seeded: Seeded, first_seq: int, count: int, when: datetime) -> list[dict[str, Any]]:
    return [
        {
            "v": 1,
            "id": str(uuid.uuid4()),
            "kiosk_id": seeded.kiosk_id,
            "boot_id": BOOT_ID,
            "seq": seq,
            "mono_ms": 60_000 + seq,
            "wall_time": (when + timedelta(milliseconds=offset)).isoformat(),
            "clock_synced": True,
            "type": "reaction",
            "payload": {"prompt_id": seeded.prompt_id, "emoji": seeded.emoji[seq % 4]},
        }
        for offset, seq in enumerate(range(first_seq, first_seq + count))
    ]


def _push(client: httpx.Client, seeded: Seeded, first_seq: int, count: int, when: datetime) -> int:
    """Push `count` answers placed at `when` (and just after); the next free seq."""
    for start in range(first_seq, first_seq + count, MAX_BATCH_EVENTS):
        size = min(MAX_BATCH_EVENTS, first_seq + count - start)
        body = {
            "protocol": 1,
            "boot_id": BOOT_ID,
            "sent_mono_ms": 10**9,
            "events": _events(seeded, start, size, when),
        }
        response = client.post(
            f"{API_PREFIX}/events",
            content=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        if response.json()["accepted"] != size:
            raise RuntimeError(f"the hub refused bench events: {response.text[:300]}")
    return first_seq + count


def _median_304_ms(client: httpx.Client) -> float:
    etag = client.get(f"{API_PREFIX}/kiosk/config").headers["ETag"]
    headers = {"If-None-Match": etag}
    times = []
    for n in range(WARMUP + PULLS):
        started = time.perf_counter()
        response = client.get(f"{API_PREFIX}/kiosk/config", headers=headers)
        elapsed = time.perf_counter() - started
        if response.status_code != 304:
            raise RuntimeError(f"expected 304, got {response.status_code}")
        if n >= WARMUP:
            times.append(elapsed * 1000)
    return statistics.median(times)


def run() -> list[Figure]:
    with Hub() as hub:
        seeded = hub.seeded
        auth = {"Authorization": f"Bearer {seeded.token}"}
        with httpx.Client(base_url=hub.url, headers=auth, timeout=60) as client:
            # The seeded site is in UTC: "today" began at midnight UTC.
            now = datetime.now(UTC)
            today = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0, second=0))
            seq = _push(client, seeded, 1, 50_000, now - timedelta(days=3))
            seq = _push(client, seeded, seq, 2_000, today)
            busy = _median_304_ms(client)
            _push(client, seeded, seq, 18_000, today)
            festival = _median_304_ms(client)
    note = "median 304 over keep-alive HTTP, today's tallies counted per pull"
    return [
        Figure("hub_config_pull_304_ms", busy, "ms", note=f"{note}; 2k today, 50k earlier"),
        Figure("hub_config_pull_304_ms_20k_today", festival, "ms", note=f"{note}; 20k today"),
    ]
