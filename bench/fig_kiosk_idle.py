"""kiosk_idle_cpu_percent, kiosk_idle_frames_per_s: what a kiosk costs while nobody is
there, against a plain 60 fps full-redraw pygame loop measured alongside.

The real kiosk (build_kiosk, mock hardware, KioskApp.run in a window on SDL's dummy
driver, its own process) starts with its prompt cached on disk and a reachable hub.
Once its sync worker has finished a round and a few seconds more have passed, the
process's CPU time (every thread: drawing, sync, heartbeats; time.process_time) and
the frames it shows (pygame.display.flip/update calls) are counted over 60 s with
nobody pressing. The reference loop (bench.kiosk_scenarios.reference_loop) runs in
another process at the same time, so both see the same machine.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import Figure, Hub, Target
from bench.kiosk_harness import cache_config, run_child, write_kiosk_toml

SECONDS = 60.0
SETTLE_S = 3.0
CPU_TARGET_PERCENT = 1.0
FRAMES_TARGET_PER_S = 5.0
REFERENCE_FPS = 60


def run() -> list[Figure]:
    with (
        Hub() as hub,
        tempfile.TemporaryDirectory(prefix="storywall-kiosk-") as tmp,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        seeded = hub.seeded
        toml = write_kiosk_toml(
            Path(tmp), hub_url=hub.url, token=seeded.token, kiosk_id=seeded.kiosk_id
        )
        cache_config(toml)
        kiosk = pool.submit(run_child, "idle", toml=str(toml), settle_s=SETTLE_S, seconds=SECONDS)
        reference = pool.submit(
            run_child, "reference_loop", seconds=SECONDS, fps=REFERENCE_FPS, warmup_s=SETTLE_S
        )
        idle, plain = kiosk.result(), reference.result()
    if idle["presses"] or idle["sync_state"] != "online":
        raise RuntimeError(f"the kiosk was not idle and online: {idle}")
    cpu = 100 * idle["cpu_s"] / idle["wall_s"]
    fps = idle["frames"] / idle["wall_s"]
    plain_cpu = 100 * plain["cpu_s"] / plain["wall_s"]
    plain_fps = plain["frames"] / plain["wall_s"]
    return [
        Figure(
            "kiosk_idle_cpu_percent",
            cpu,
            "% of a core",
            Target("<=", CPU_TARGET_PERCENT),
            note=f"the kiosk process on its prompt screen, nobody pressing, sync idle against "
            f"the real hub: {idle['cpu_s']:.2f} s of CPU in {idle['wall_s']:.0f} s",
        ),
        Figure(
            "kiosk_idle_frames_per_s",
            fps,
            "frames/s",
            Target("<=", FRAMES_TARGET_PER_S),
            note=f"{idle['frames']} frames shown (display flips and updates) in the same "
            f"{idle['wall_s']:.0f} s",
        ),
        Figure(
            "kiosk_reference_60fps_cpu_percent",
            plain_cpu,
            "% of a core",
            note=f"for comparison: a plain pygame loop redrawing everything at "
            f"{REFERENCE_FPS} fps ({plain_fps:.0f} frames/s), in another process "
            f"over the same {plain['wall_s']:.0f} s",
        ),
    ]
