"""What the kiosk figures measure, one function per scenario, each returning plain JSON.

Each runs a real kiosk (bench.kiosk_harness.run_kiosk) from a kiosk.toml the figure
prepared, except `reference_loop`, a plain 60 fps full-redraw pygame loop to compare
with. `python -m bench.kiosk_scenarios SCENARIO JSON` runs one in a process of its own
and prints its result as the last line.
"""

from __future__ import annotations

import gc
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.kiosk_harness import CHILD_ENV, SIZE, Instruments, rss_mb, run_kiosk

ONLINE_TIMEOUT_S = 60.0
# How long a press may take to be recorded before it counts as not recorded.
ACK_TIMEOUT_S = 5.0


def _wait_online(app: Any, timeout: float = ONLINE_TIMEOUT_S) -> None:
    """Wait for the sync worker's first successful round (the hub answered)."""
    deadline = time.monotonic() + timeout
    while app.parts.worker.status.last_success is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the sync worker did not reach the hub: {app.parts.worker.status}")
        time.sleep(0.05)


def _wait_frames_for(instruments: Instruments, count: int, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while len(instruments.latencies_s) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def press_to_frame(
    toml: str, *, min_gap_s: float, max_gap_s: float, max_presses: int, seed: int = 7
) -> dict[str, Any]:
    """Presses at a human pace (a random gap in [min_gap_s, max_gap_s], the buttons in
    turn, one press outstanding at a time) for as long as the sync worker's first round
    runs: with a seeded outbox, that round is the catch-up. Latency: press to the
    first frame shown after the press was recorded."""
    rng = random.Random(seed)

    def body(app: Any, instruments: Instruments) -> dict[str, Any]:
        worker = app.parts.worker
        size = app.panel.size
        began = time.perf_counter()
        presses = unrecorded = 0
        while worker.status.last_success is None and presses < max_presses:
            if worker.status.last_error is not None:
                raise RuntimeError(f"sync failed: {worker.status.last_error}")
            pressed_at = time.perf_counter()
            instruments.press(presses % size)
            presses += 1
            if not instruments.wait_recorded(presses - unrecorded, ACK_TIMEOUT_S):
                unrecorded += instruments.forget_unrecorded()
            pause = pressed_at + rng.uniform(min_gap_s, max_gap_s) - time.perf_counter()
            time.sleep(max(0.0, pause))
        sampled_s = time.perf_counter() - began
        _wait_frames_for(instruments, presses - unrecorded)
        _wait_online(app)
        return {
            "latencies_ms": [s * 1000 for s in instruments.latencies_s],
            "presses": presses,
            "unrecorded": unrecorded,
            "sampled_s": sampled_s,
        }

    return run_kiosk(Path(toml), body)


def idle(toml: str, *, settle_s: float, seconds: float) -> dict[str, Any]:
    """CPU time and frames of the whole kiosk process over `seconds` of nobody pressing,
    once the sync worker has reached the hub and `settle_s` more have passed."""

    def body(app: Any, instruments: Instruments) -> dict[str, Any]:
        _wait_online(app)
        time.sleep(settle_s)
        frames_before, recorded_before = instruments.snapshot()
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        time.sleep(seconds)
        cpu, wall = time.process_time() - cpu_before, time.perf_counter() - wall_before
        frames, recorded = instruments.snapshot()
        return {
            "cpu_s": cpu,
            "wall_s": wall,
            "frames": frames - frames_before,
            "presses": recorded - recorded_before,
            "sync_state": app.parts.worker.status.state,
        }

    return run_kiosk(Path(toml), body)


def reference_loop(*, seconds: float, fps: int = 60, warmup_s: float = 1.0) -> dict[str, Any]:
    """A plain pygame loop that redraws everything `fps` times a second: fill, a line
    of text, a few shapes, flip. CPU time and frames over `seconds`, after a warm-up."""
    import pygame

    pygame.display.init()
    pygame.font.init()
    try:
        surface = pygame.display.set_mode(SIZE)
        text = pygame.font.Font(None, 48).render("How was the park today?", True, (20, 20, 20))
        clock = pygame.time.Clock()
        frames = 0
        began = time.perf_counter()
        cpu_before = wall_before = None
        while True:
            now = time.perf_counter()
            if cpu_before is None and now - began >= warmup_s:
                cpu_before, wall_before, frames = time.process_time(), now, 0
            if wall_before is not None and now - wall_before >= seconds:
                break
            pygame.event.pump()
            surface.fill((250, 245, 230))
            surface.blit(text, (40, 40))
            for i in range(4):
                pygame.draw.circle(surface, (60 * i, 120, 200), (120 + 180 * i, 300), 70)
            pygame.display.flip()
            frames += 1
            clock.tick(fps)
        assert cpu_before is not None and wall_before is not None
        return {
            "cpu_s": time.process_time() - cpu_before,
            "wall_s": time.perf_counter() - wall_before,
            "frames": frames,
        }
    finally:
        pygame.quit()


def _clear_mock_pin_history(panel: Any) -> None:
    """gpiozero's mock pins keep every state change they went through (for their
    assert_states); a real pin keeps none. Forget it, so it is not counted as the kiosk's."""
    for pin in list(panel.pin_factory.pins.values()):
        pin.clear_states()


def memory(
    toml: str,
    *,
    first: int,
    warmup: int,
    presses: int,
    window: int,
    forget_pin_history: bool = True,
) -> dict[str, Any]:
    """RSS after `first` presses, after `warmup` presses in all, and after `presses` more,
    each press recorded (and the sync worker pushing) before RSS is read. Presses come
    in lots of `window`, each recorded before the next; the kiosk draws all along.
    `forget_pin_history`: clear the mock pins' record of their states after each lot."""

    def body(app: Any, instruments: Instruments) -> dict[str, Any]:
        _wait_online(app)
        size = app.panel.size
        done = 0

        def press_until(total: int) -> float:
            # Presses come `window` at a time, each lot recorded before the next, so
            # every frame drains a bounded lot and the screen keeps drawing.
            nonlocal done
            while done < total:
                lot = min(window, total - done)
                for _ in range(lot):
                    instruments.press(done % size, timed=False)
                    done += 1
                if not instruments.wait_recorded(done, ACK_TIMEOUT_S):
                    raise RuntimeError(f"only {instruments.recorded} of {done} presses recorded")
                if forget_pin_history:
                    _clear_mock_pin_history(app.panel)
            gc.collect()
            return rss_mb()

        began = time.perf_counter()
        rss_first = press_until(first)
        rss_warm = press_until(warmup)
        warm_at = time.perf_counter()
        rss_end = press_until(warmup + presses)
        return {
            "rss_first_mb": rss_first,
            "rss_warm_mb": rss_warm,
            "rss_end_mb": rss_end,
            "recorded": instruments.recorded,
            "frames": instruments.frames,
            "seconds": time.perf_counter() - began,
            "measured_s": time.perf_counter() - warm_at,
        }

    return run_kiosk(Path(toml), body)


SCENARIOS: dict[str, Callable[..., dict[str, Any]]] = {
    "press_to_frame": press_to_frame,
    "idle": idle,
    "reference_loop": reference_loop,
    "memory": memory,
}


def main(argv: list[str]) -> int:
    for name, value in CHILD_ENV.items():
        os.environ.setdefault(name, value)
    scenario, arguments = argv[0], json.loads(argv[1])
    result = SCENARIOS[scenario](**arguments)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
