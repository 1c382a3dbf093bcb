"""kiosk_cold_start_s: from starting `storywall kiosk` to its first frame.

The installed command (`storywall kiosk --config kiosk.toml --mock-hardware`, a window
on SDL's dummy driver) is started with its configuration already cached on disk, as a
kiosk finds it after a reboot, and a reachable hub. The clock stops when the display
runner logs "first frame" (kiosk/ui/runner.py, right after the first flip: the
prompt is on screen and the loop takes presses next). Then it is stopped with SIGTERM,
as systemd stops it. The median of a few starts; the OS's file cache is warm (the
Python files were read moments before), which a Pi after a real reboot does not have.
"""

from __future__ import annotations

import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import Figure, Hub, Target
from bench.kiosk_harness import cache_config, headless_env, write_kiosk_toml

STARTS = 3
TARGET_S = 3.0
FIRST_FRAME = "first frame"
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0


def storywall_command() -> Path:
    """The `storywall` script installed next to this Python."""
    command = Path(sys.executable).parent / "storywall"
    if not command.exists():
        raise RuntimeError(f"no {command}: install the project (make test does)")
    return command


def time_to_first_frame(toml: Path) -> float:
    """Start the kiosk, wait for its "first frame" log line, stop it; the seconds."""
    seen = threading.Event()
    lines: list[str] = []
    began = time.perf_counter()
    process = subprocess.Popen(
        [str(storywall_command()), "kiosk", "--config", str(toml), "--mock-hardware"],
        env=headless_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed: list[float] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if not seen.is_set() and line.rstrip().endswith(FIRST_FRAME):
                elapsed.append(time.perf_counter() - began)
                seen.set()
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        seen.wait(START_TIMEOUT_S)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        reader.join()
    if not elapsed:
        raise RuntimeError(f"no {FIRST_FRAME!r} line from the kiosk:\n{''.join(lines)[-3000:]}")
    if code != 0:
        raise RuntimeError(f"the kiosk exited with {code}:\n{''.join(lines)[-3000:]}")
    return elapsed[0]


def run() -> list[Figure]:
    with Hub() as hub, tempfile.TemporaryDirectory(prefix="storywall-kiosk-") as tmp:
        seeded = hub.seeded
        toml = write_kiosk_toml(
            Path(tmp), hub_url=hub.url, token=seeded.token, kiosk_id=seeded.kiosk_id
        )
        cache_config(toml)
        times = [time_to_first_frame(toml) for _ in range(STARTS)]
    return [
        Figure(
            "kiosk_cold_start_s",
            statistics.median(times),
            "s",
            Target("<=", TARGET_S),
            note=f"median of {STARTS} starts of the installed `storywall kiosk --mock-hardware` "
            f"to its 'first frame' log line ({', '.join(f'{t:.2f}' for t in times)} s; "
            "OS file cache warm)",
        )
    ]
