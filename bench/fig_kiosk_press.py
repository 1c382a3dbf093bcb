"""kiosk_press_to_frame_p95_ms: a press is acknowledged on screen at once, even while
the kiosk catches up on a week offline.

The kiosk's outbox is seeded with 100,000 pending reactions (as bench/fig_sync_catchup.py
seeds it) and its configuration is cached on disk, as after a reboot. Then the real kiosk
(build_kiosk, mock hardware, KioskApp.run in a window on SDL's dummy driver, its own
process) starts: its sync worker pushes the 100,000 events to the real hub while mock
buttons are pressed at a human pace (a press every 0.15-0.35 s, the buttons in turn)
until that catch-up round ends. Three such catch-ups in a row (the same kiosk, refilled)
give enough presses for a 95th percentile. Each latency: from just before the press to
the first frame shown after the press was recorded (bench/kiosk_harness.py).
"""

from __future__ import annotations

import math
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench.common import Figure, Hub, Target
from bench.fig_sync_catchup import fill_outbox
from bench.kiosk_harness import cache_config, run_child, write_kiosk_toml
from kiosk.clock import KioskClock
from kiosk.parts import OUTBOX_FILE

EVENTS = 100_000
# Catch-ups in a row (the same kiosk, refilled), for enough presses to speak of a p95.
ROUNDS = 3
TARGET_MS = 50.0
MIN_GAP_S = 0.15
MAX_GAP_S = 0.35
# Far more presses than a catch-up lasts; a bound, should the sync never end.
MAX_PRESSES = 2_000
# Fewer samples than this say nothing about a 95th percentile.
MIN_SAMPLES = 20


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (no interpolation past the largest sample)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def catch_ups(
    hub: Hub, folder: Path, *, rounds: int, events: int, max_presses: int = MAX_PRESSES
) -> list[dict[str, Any]]:
    """`rounds` times: queue `events` more in the kiosk's outbox (its config cached, as
    after a reboot), start the kiosk and press while it catches up. Each round's result."""
    seeded = hub.seeded
    toml = write_kiosk_toml(folder, hub_url=hub.url, token=seeded.token, kiosk_id=seeded.kiosk_id)
    cache_config(toml)
    boot_id = KioskClock(assume_synced=True).boot_id
    results = []
    for _ in range(rounds):
        fill_outbox(folder / "data" / OUTBOX_FILE, seeded, boot_id, events)
        results.append(
            run_child(
                "press_to_frame",
                toml=str(toml),
                min_gap_s=MIN_GAP_S,
                max_gap_s=MAX_GAP_S,
                max_presses=max_presses,
            )
        )
    held = hub.stored_events(seeded.kiosk_id)
    if held < rounds * events:
        raise RuntimeError(f"the hub holds {held} events, expected {rounds * events:,}+")
    return results


def run() -> list[Figure]:
    with Hub() as hub, tempfile.TemporaryDirectory(prefix="storywall-kiosk-") as tmp:
        results = catch_ups(hub, Path(tmp), rounds=ROUNDS, events=EVENTS)
    latencies = [ms for result in results for ms in result["latencies_ms"]]
    unrecorded = sum(result["unrecorded"] for result in results)
    seconds = [f"{result['sampled_s']:.1f}" for result in results]
    if len(latencies) < MIN_SAMPLES:
        raise RuntimeError(f"only {len(latencies)} presses timed during the catch-ups: {results}")
    return [
        Figure(
            "kiosk_press_to_frame_p95_ms",
            percentile(latencies, 0.95),
            "ms",
            Target("<=", TARGET_MS),
            note=f"{len(latencies)} mock-button presses, one every {MIN_GAP_S}-{MAX_GAP_S} s, "
            f"during {ROUNDS} catch-ups of {EVENTS:,} queued events to the real hub "
            f"({', '.join(seconds)} s), each from the press to the first flip after it was "
            f"recorded: median {statistics.median(latencies):.1f} ms, "
            f"max {max(latencies):.1f} ms"
            + (f"; {unrecorded} presses not recorded" if unrecorded else ""),
        )
    ]
