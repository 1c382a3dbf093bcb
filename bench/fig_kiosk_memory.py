"""kiosk_rss_mb, kiosk_rss_growth_mb_per_100k: a kiosk's resident memory, and that it
stays flat across a long busy life.

The real kiosk (build_kiosk, mock hardware, KioskApp.run in a window on SDL's dummy
driver) runs in its own process, so the bench's imports do not count, against a
reachable hub, with debounce off so presses can come fast. Mock buttons are pressed
in lots of 100 (each lot recorded by the core into the outbox, LEDs flashed, before
the next; the screen keeps drawing and the sync worker pushes to the hub all along).
VmRSS (after a gc.collect()) is read after 300 presses (`kiosk_rss_mb`), after a
10,000-press warm-up, and after 100,000 presses more: the growth is the difference.
gpiozero's mock pins remember every state they went through (for their tests' asserts,
which real pins do not); that list is cleared after each lot.
The outbox lives on /dev/shm when there is one: the figure is about memory, and
100,000 fsyncs on this machine's disk would take minutes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Figure, Hub, Target
from bench.kiosk_harness import cache_config, run_child, write_kiosk_toml

FIRST = 300
WARMUP = 10_000
PRESSES = 100_000
LOT = 100
RSS_TARGET_MB = 120.0
GROWTH_TARGET_MB = 5.0
SHM = Path("/dev/shm")


def run() -> list[Figure]:
    where = str(SHM) if SHM.is_dir() else None
    with Hub() as hub, tempfile.TemporaryDirectory(prefix="storywall-kiosk-", dir=where) as tmp:
        seeded = hub.seeded
        toml = write_kiosk_toml(
            Path(tmp), hub_url=hub.url, token=seeded.token, kiosk_id=seeded.kiosk_id, debounce_ms=0
        )
        cache_config(toml)
        result = run_child(
            "memory", toml=str(toml), first=FIRST, warmup=WARMUP, presses=PRESSES, window=LOT
        )
    growth = result["rss_end_mb"] - result["rss_warm_mb"]
    return [
        Figure(
            "kiosk_rss_mb",
            result["rss_first_mb"],
            "MB",
            Target("<=", RSS_TARGET_MB),
            note=f"VmRSS of the kiosk process (window on the dummy driver, sync online) "
            f"after {FIRST} presses",
        ),
        Figure(
            "kiosk_rss_growth_mb_per_100k",
            growth,
            "MB",
            Target("<=", GROWTH_TARGET_MB),
            note=f"VmRSS {result['rss_warm_mb']:.1f} MB after a {WARMUP:,}-press warm-up, "
            f"{result['rss_end_mb']:.1f} MB after {PRESSES:,} presses more "
            f"({result['recorded']:,} recorded through the core and outbox in "
            f"{result['seconds']:.0f} s, {result['frames']:,} frames drawn)",
        ),
    ]
