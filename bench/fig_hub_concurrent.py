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

import time

from bench.common import Figure, Hub, Target
from bench.crowd import BATCH, KIOSKS, PushingKiosk, all_at_once, crowd

ROUNDS = 6
SINGLE_BATCHES_PER_ROUND = 10
RATIO_TARGET = 0.9


def run() -> list[Figure]:
    with Hub() as hub:
        seeded = hub.seeded
        kiosks = crowd(hub.url, hub.database_url, seeded, ROUNDS + 1)
        single = PushingKiosk(
            hub.url, seeded, seeded.kiosk_id, seeded.token, (ROUNDS + 1) * SINGLE_BATCHES_PER_ROUND
        )
        try:
            # Warm-up: every connection open, every code path taken once.
            all_at_once(kiosks)
            for _ in range(SINGLE_BATCHES_PER_ROUND):
                single.post_next()
            single_s = crowd_s = 0.0
            single_accepted = crowd_accepted = 0
            for round_number in range(ROUNDS):
                for side in ("single", "crowd") if round_number % 2 == 0 else ("crowd", "single"):
                    if side == "crowd":
                        accepted, seconds = all_at_once(kiosks)
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
            for kiosk in [*kiosks, single]:
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
