"""The real kiosk under measurement, for the bench/fig_kiosk_*.py figures.

A kiosk is built by `kiosk.app.build_kiosk` with mock hardware and run by its own
`KioskApp.run(stop, mode="window")` on SDL's dummy driver, against a real hub. The
harness adds no timing code to the product: it only wraps, from outside,
- whatever callback the app gave `parts.core.on_recorded` (called once a press is on
  disk), with `*args`, so it does not care what the callback receives; and
- `pygame.display.flip` and `pygame.display.update` (a frame reaching the screen).
Presses go through `MockButtonPanel.press` from another thread: gpiozero's mock pins,
the panel's debounce and the app's real press path.

Each scenario is a plain function (the tests run them tiny, in-process) and, for the
figures, runs in a child process of its own (`run_child`: `python -m
bench.kiosk_scenarios SCENARIO JSON`), so the CPU time and memory measured are a kiosk's
alone. The child prints one JSON line, its result, last.

If the app stops calling `core.on_recorded` for presses, the scenarios fail saying so;
adapt `Instruments.install` (the one place that knows how presses are seen).
"""

from __future__ import annotations

import collections
import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SIZE = (800, 480)
FIRST_FRAME_TIMEOUT_S = 30.0
CHILD_ENV = {
    "SDL_VIDEODRIVER": "dummy",
    "SDL_AUDIODRIVER": "dummy",
    "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    "GPIOZERO_PIN_FACTORY": "mock",
}


def headless_env() -> dict[str, str]:
    """This process's environment with SDL on its dummy drivers (and mock pins)."""
    env = dict(os.environ)
    env.update(CHILD_ENV)
    return env


@dataclass
class Instruments:
    """Counts frames and recorded presses of one running kiosk, and times presses.

    `press(index)` stamps the time and presses a mock button; the next recorded press
    takes the oldest stamp, and the next frame after that ends its latency. Presses
    are paired in order, so the scenarios keep at most one press outstanding.
    """

    panel: Any
    frames: int = 0
    recorded: int = 0
    latencies_s: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pressed: collections.deque[float] = field(default_factory=collections.deque)
    _awaiting_frame: list[float] = field(default_factory=list)
    _recorded_event: threading.Condition = field(default_factory=threading.Condition)
    _first_frame: threading.Event = field(default_factory=threading.Event)
    _restore: list[Callable[[], None]] = field(default_factory=list)

    def install(self, core: Any) -> None:
        """Wrap the app's recorded-press callback and pygame's two ways to show a frame."""
        import pygame

        recorded_callback = core.on_recorded
        if recorded_callback is None:
            raise RuntimeError("the app set no core.on_recorded: adapt bench/kiosk_harness.py")

        def on_recorded(*args: Any, **kwargs: Any) -> Any:
            try:
                return recorded_callback(*args, **kwargs)
            finally:
                self._note_recorded()

        core.on_recorded = on_recorded
        self._restore.append(lambda: setattr(core, "on_recorded", recorded_callback))
        for name in ("flip", "update"):
            original = getattr(pygame.display, name)
            setattr(pygame.display, name, self._frame_hook(original))
            self._restore.append(functools.partial(setattr, pygame.display, name, original))

    def uninstall(self) -> None:
        while self._restore:
            self._restore.pop()()

    def _frame_hook(self, show: Callable[..., Any]) -> Callable[..., Any]:
        def shown(*args: Any, **kwargs: Any) -> Any:
            result = show(*args, **kwargs)
            now = time.perf_counter()
            with self._lock:
                self.frames += 1
                if self._awaiting_frame:
                    self.latencies_s.extend(now - t for t in self._awaiting_frame)
                    self._awaiting_frame.clear()
            self._first_frame.set()
            return result

        return shown

    def _note_recorded(self) -> None:
        with self._lock:
            self.recorded += 1
            if self._pressed:
                self._awaiting_frame.append(self._pressed.popleft())
        with self._recorded_event:
            self._recorded_event.notify_all()

    def press(self, index: int, *, timed: bool = True) -> None:
        """Press mock button `index` (any thread), stamping the time just before
        (`timed=False`: no stamp, so a long run keeps no per-press data)."""
        if timed:
            with self._lock:
                self._pressed.append(time.perf_counter())
        self.panel.press(index)

    def forget_unrecorded(self) -> int:
        """Drop stamps of presses the app did not record (debounced); how many."""
        with self._lock:
            dropped = len(self._pressed)
            self._pressed.clear()
        return dropped

    def wait_recorded(self, count: int, timeout: float) -> bool:
        """Wait until `count` presses in all have been recorded."""
        with self._recorded_event:
            return self._recorded_event.wait_for(lambda: self.recorded >= count, timeout)

    def wait_first_frame(self, timeout: float = FIRST_FRAME_TIMEOUT_S) -> None:
        if not self._first_frame.wait(timeout):
            raise RuntimeError(f"no frame within {timeout:.0f} s")

    def snapshot(self) -> tuple[int, int]:
        """(frames, recorded) so far."""
        with self._lock:
            return self.frames, self.recorded


def write_kiosk_toml(
    folder: Path,
    *,
    hub_url: str,
    token: str,
    kiosk_id: str,
    debounce_ms: int | None = None,
) -> Path:
    """A kiosk.toml for a window on the dummy driver, data in `folder`/data."""
    lines = [
        "[kiosk]",
        f'id = "{kiosk_id}"',
        f'hub_url = "{hub_url}"',
        f'token = "{token}"',
        'data_dir = "data"',
        "assume_clock_synced = true",
        "[hardware]",
        'backend = "mock"',
    ]
    if debounce_ms is not None:
        lines.append(f"debounce_ms = {debounce_ms}")
    lines += ["[display]", 'mode = "window"', f"width = {SIZE[0]}", f"height = {SIZE[1]}"]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cache_config(toml: Path) -> None:
    """Pull the kiosk's configuration once and keep it on disk, as a kiosk that ran
    before a reboot has it: the kiosk starts with its prompt before any sync."""
    from kiosk.config_store import ConfigStore
    from kiosk.hub_client import HubClient
    from kiosk.parts import CONFIG_FILE
    from kiosk.settings import load_settings

    settings = load_settings(toml)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with HubClient(settings.hub_url, settings.token) as client:
        config, etag = client.pull_config(None)
    if config is None or config.prompt is None:
        raise RuntimeError("the hub gave no prompt to cache")
    ConfigStore(settings.data_dir / CONFIG_FILE).save(config, etag)


def run_kiosk(toml: Path, body: Callable[[Any, Instruments], T]) -> T:
    """Build the kiosk of `toml` (mock hardware), run it in a window on this thread,
    call `body(app, instruments)` on another thread once its first frame is shown, and
    stop the kiosk when `body` returns. Returns what `body` returned."""
    from kiosk.app import build_kiosk
    from kiosk.settings import load_settings

    app = build_kiosk(load_settings(toml), mock_hardware=True)
    instruments = Instruments(app.panel)
    instruments.install(app.parts.core)
    stop = threading.Event()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def drive() -> None:
        try:
            instruments.wait_first_frame()
            outcome.append(body(app, instruments))
        except BaseException as error:
            failure.append(error)
        finally:
            stop.set()

    driver = threading.Thread(target=drive, name="bench-driver", daemon=True)
    driver.start()
    try:
        app.run(stop, mode="window")
    finally:
        stop.set()
        driver.join()
        instruments.uninstall()
    if failure:
        raise failure[0]
    return outcome[0]


def rss_mb() -> float:
    """This process's resident memory (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def run_child(scenario: str, timeout_s: float = 300.0, **arguments: Any) -> dict[str, Any]:
    """Run `scenario(**arguments)` in a fresh Python process; its JSON result."""
    import subprocess

    from bench.common import PROJECT_ROOT

    completed = subprocess.run(
        [sys.executable, "-m", "bench.kiosk_scenarios", scenario, json.dumps(arguments)],
        cwd=PROJECT_ROOT,
        env=headless_env(),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"kiosk scenario {scenario} failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result
