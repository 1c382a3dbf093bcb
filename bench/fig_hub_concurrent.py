"""hub_ingest_concurrent_events_per_s and hub_ingest_concurrent_vs_single_ratio.

Twenty kiosks push at once: each has its own token, boot and keep-alive
connection, and posts batches of 500 valid reactions to the real hub (uvicorn in
its own process, fresh SQLite file) through the real HTTP API, all twenty
requests in flight together. The same hub, in the same run, also takes batches
from a single client posting one after another; rounds alternate (single, then
twenty at once, then single...) so the machine's noise falls on both alike.

The ratio divides the concurrent rate by the single-client rate: under
concurrency the hub should lose almost nothing (target: at least 0.9).
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx
from sqlmodel import Session

from bench.common import Figure, Hub, Seeded, Target, reaction_events
from server import crud
from server.core.db import make_engine
from storywall.protocol import API_PREFIX, MAX_BATCH_EVENTS

BATCH = MAX_BATCH_EVENTS  # 500
KIOSKS = 20
ROUNDS = 6
SINGLE_BATCHES_PER_ROUND = 10
RATIO_TARGET = 0.9


class _Kiosk:
    """One pushing kiosk: its token, a connection, and the bodies it will send."""

    def __init__(self, hub: Hub, seeded: Seeded, kiosk_id: str, token: str, batches: int) -> None:
        self.kiosk_id = kiosk_id
        self.client = httpx.Client(
            base_url=hub.url, headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        boot_id = f"boot-{kiosk_id}"
        self.bodies = [
            _body(
                boot_id,
                reaction_events(
                    kiosk_id=kiosk_id,
                    boot_id=boot_id,
                    first_seq=1 + i * BATCH,
                    count=BATCH,
                    prompt_id=seeded.prompt_id,
                    emoji=seeded.emoji,
                ),
            )
            for i in range(batches)
        ]
        self.sent = 0

    def post_next(self) -> int:
        body = self.bodies[self.sent]
        self.sent += 1
        response = self.client.post(
            f"{API_PREFIX}/events", content=body, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        return int(response.json()["accepted"])

    def close(self) -> None:
        self.client.close()


def _body(boot_id: str, events: list[dict[str, Any]]) -> bytes:
    envelope = {"protocol": 1, "boot_id": boot_id, "sent_mono_ms": 10**9, "events": events}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def _add_kiosks(hub: Hub, count: int) -> list[tuple[str, str]]:
    """`count` more kiosks at the seeded site, added straight to the hub's database."""
    engine = make_engine(hub.database_url)
    try:
        with Session(engine) as session:
            site = crud.get_site(session=session, slug="bench-park")
            kiosks = []
            for n in range(count):
                kiosk, token = crud.create_kiosk(
                    session=session, site_slug=site.slug, kiosk_id=f"crowd-{n}", name=f"Crowd {n}"
                )
                kiosks.append((kiosk.id, token))
            return kiosks
    finally:
        engine.dispose()


def _all_at_once(kiosks: list[_Kiosk]) -> tuple[int, float]:
    """One batch from every kiosk, all in flight together; (accepted, seconds)."""
    accepted = [0] * len(kiosks)
    errors: list[BaseException] = []
    start = threading.Barrier(len(kiosks) + 1)

    def push(i: int) -> None:
        try:
            start.wait()
            accepted[i] = kiosks[i].post_next()
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)

    threads = [threading.Thread(target=push, args=(i,)) for i in range(len(kiosks))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return sum(accepted), elapsed


def run() -> list[Figure]:
    with Hub() as hub:
        seeded = hub.seeded
        crowd = [
            _Kiosk(hub, seeded, kiosk_id, token, ROUNDS + 1)
            for kiosk_id, token in _add_kiosks(hub, KIOSKS)
        ]
        single = _Kiosk(
            hub, seeded, seeded.kiosk_id, seeded.token, (ROUNDS + 1) * SINGLE_BATCHES_PER_ROUND
        )
        try:
            # Warm-up: every connection open, every code path taken once.
            _all_at_once(crowd)
            for _ in range(SINGLE_BATCHES_PER_ROUND):
                single.post_next()
            single_s = crowd_s = 0.0
            single_accepted = crowd_accepted = 0
            for round_number in range(ROUNDS):
                for side in ("single", "crowd") if round_number % 2 == 0 else ("crowd", "single"):
                    if side == "crowd":
                        accepted, seconds = _all_at_once(crowd)
                        crowd_accepted += accepted
                        crowd_s += seconds
                    else:
                        began = time.perf_counter()
                        for _ in range(SINGLE_BATCHES_PER_ROUND):
                            single_accepted += single.post_next()
                        single_s += time.perf_counter() - began
            expected_crowd = ROUNDS * KIOSKS * BATCH
            expected_single = ROUNDS * SINGLE_BATCHES_PER_ROUND * BATCH
            if crowd_accepted != expected_crowd or single_accepted != expected_single:
                raise RuntimeError(
                    f"accepted {crowd_accepted}/{expected_crowd} (20 kiosks) and "
                    f"{single_accepted}/{expected_single} (one client)"
                )
        finally:
            for kiosk in [*crowd, single]:
                kiosk.close()
    crowd_rate = crowd_accepted / crowd_s
    single_rate = single_accepted / single_s
    return [
        Figure(
            "hub_ingest_concurrent_events_per_s",
            crowd_rate,
            "events/s",
            note=f"{KIOSKS} kiosks, each its own token and connection, one batch of {BATCH} "
            f"each in flight at once, {ROUNDS} rounds ({crowd_accepted:,} accepted); one hub "
            "process on a fresh SQLite file",
        ),
        Figure(
            "hub_ingest_concurrent_vs_single_ratio",
            crowd_rate / single_rate,
            "x",
            Target(">=", RATIO_TARGET),
            note=f"against one client posting batches of {BATCH} one after another to the same "
            f"hub: {single_rate:,.0f} events/s; rounds alternate in the same run",
        ),
    ]
