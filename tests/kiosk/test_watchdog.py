"""The systemd watchdog: a real AF_UNIX datagram socket stands where systemd listens.

The kiosk's own loops (the headless loop and the screen loop on SDL's dummy driver) run
for real; a stall is made the way a hang happens, inside the loop's own call, and the test
shows the beats stop while it lasts and come back when it ends.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import KioskApp, build_kiosk
from kiosk.ui.manager import ScreenManager
from kiosk.watchdog import Watchdog, notify_address, watchdog_interval_s
from tests.kiosk.offline import offline_settings

# 0.2 s: systemd would want a beat every 0.1 s, so a 1 s stall misses about ten.
WATCHDOG_USEC = 200_000
INTERVAL_S = WATCHDOG_USEC / 2 / 1_000_000


class Systemd:
    """The listening end of NOTIFY_SOCKET: collects every datagram with its arrival time."""

    def __init__(self, address: str | bytes) -> None:
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(address)
        self.socket.settimeout(0.02)
        self.messages: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._done.is_set():
            try:
                data = self.socket.recv(4096)
            except TimeoutError:
                continue
            with self._lock:
                self.messages.append((time.monotonic(), data.decode()))

    def since(self, start: float) -> list[str]:
        with self._lock:
            return [text for at, text in self.messages if at >= start]

    def beats_between(self, start: float, end: float) -> int:
        with self._lock:
            return sum(
                1 for at, text in self.messages if start <= at < end and "WATCHDOG=1" in text
            )

    def wait_for(self, needle: str, timeout: float = 10.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for at, text in self.messages:
                    if needle in text.split("\n"):
                        return at
            time.sleep(0.01)
        raise AssertionError(f"systemd never heard {needle!r}; heard {self.messages}")

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def systemd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Systemd]:
    path = tmp_path / "notify"
    assert len(str(path)) < 100, "AF_UNIX paths are limited to 108 bytes"
    listener = Systemd(str(path))
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", str(WATCHDOG_USEC))
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield listener
    listener.close()


class Gate:
    """Blocks whoever calls `wait_if_closed` while closed: a loop that has hung."""

    def __init__(self) -> None:
        self._open = threading.Event()
        self._open.set()
        self.blocked = threading.Event()

    def close(self) -> None:
        self._open.clear()

    def open(self) -> None:
        self._open.set()

    def wait_if_closed(self) -> None:
        if not self._open.is_set():
            self.blocked.set()
            self._open.wait(10)
            self.blocked.clear()


def stall_and_measure(systemd: Systemd, gate: Gate) -> tuple[int, int, int]:
    """Beats in 1 s of a healthy loop, in 1 s of a stalled one, and in 1 s after it."""
    systemd.wait_for("READY=1")
    start = time.monotonic()
    time.sleep(1.0)
    healthy = systemd.beats_between(start, time.monotonic())
    gate.close()
    assert gate.blocked.wait(5), "the loop never reached the stall"
    # One beat may already be on its way when the loop stalls.
    time.sleep(INTERVAL_S * 2)
    start = time.monotonic()
    time.sleep(1.0)
    stalled = systemd.beats_between(start, time.monotonic())
    gate.open()
    start = time.monotonic()
    time.sleep(1.0)
    resumed = systemd.beats_between(start, time.monotonic())
    return healthy, stalled, resumed


def run_in_thread(app: KioskApp, stop: threading.Event, mode: str) -> threading.Thread:
    thread = threading.Thread(target=app.run, args=(stop,), kwargs={"mode": mode}, daemon=True)
    thread.start()
    return thread


def test_the_headless_loop_beats_while_it_turns_and_stops_when_it_hangs(
    tmp_path: Path, systemd: Systemd, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_kiosk(offline_settings(tmp_path))
    gate = Gate()
    tick = app.parts.core.tick

    def hanging_tick() -> None:
        gate.wait_if_closed()
        tick()

    monkeypatch.setattr(app.parts.core, "tick", hanging_tick)
    stop = threading.Event()
    thread = run_in_thread(app, stop, "headless")
    try:
        healthy, stalled, resumed = stall_and_measure(systemd, gate)
    finally:
        gate.open()
        stop.set()
        thread.join(15)
    # 1 s at one beat per 0.1 s: about ten (measured: 10); a busy machine may lose some.
    assert healthy >= 4, healthy
    assert stalled == 0
    assert resumed >= 4, resumed
    messages = systemd.since(0)
    assert messages[0].split("\n")[0] == "READY=1"
    assert systemd.wait_for("STOPPING=1") > systemd.wait_for("READY=1")


def test_the_screen_loop_beats_while_it_draws_and_stops_when_update_hangs(
    tmp_path: Path, systemd: Systemd, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    update = ScreenManager.update

    def hanging_update(self: ScreenManager, dt: float) -> None:
        gate.wait_if_closed()
        update(self, dt)

    monkeypatch.setattr(ScreenManager, "update", hanging_update)
    app = build_kiosk(offline_settings(tmp_path))
    stop = threading.Event()
    measured: list[tuple[int, int, int]] = []

    def measure() -> None:
        try:
            measured.append(stall_and_measure(systemd, gate))
        finally:
            gate.open()
            stop.set()

    controller = threading.Thread(target=measure, daemon=True)
    controller.start()
    # SDL wants the main thread: the kiosk runs here, the test's clock on the side.
    app.run(stop, mode="window")
    controller.join(15)
    healthy, stalled, resumed = measured[0]
    # The idle screen turns every 200 ms (DisplayRunner.idle_wait_ms): about five a second.
    assert healthy >= 2, healthy
    assert stalled == 0
    assert resumed >= 2, resumed
    assert systemd.wait_for("STOPPING=1") > systemd.wait_for("READY=1")


def test_a_dead_sync_thread_stops_the_beats(
    tmp_path: Path, systemd: Systemd, caplog: pytest.LogCaptureFixture
) -> None:
    app = build_kiosk(offline_settings(tmp_path))
    stop = threading.Event()
    thread = run_in_thread(app, stop, "headless")
    try:
        systemd.wait_for("READY=1")
        time.sleep(0.5)
        assert app.parts.worker.stop(timeout=10), "the sync thread did not end"
        time.sleep(INTERVAL_S * 2)
        start = time.monotonic()
        time.sleep(1.0)
        assert systemd.beats_between(start, time.monotonic()) == 0
        assert systemd.beats_between(0, start) >= 2
    finally:
        stop.set()
        thread.join(15)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert (
        errors.count("the sync thread is not healthy: no longer telling systemd the kiosk is") == 1
    )


def test_beats_are_rate_limited_to_half_the_watchdog_interval(systemd: Systemd) -> None:
    now = [0.0]
    watchdog = Watchdog(clock=lambda: now[0])
    sent = []
    for moment in (0.0, 0.05, 0.09, 0.11, 0.15, 0.2, 0.25):
        now[0] = 100.0 + moment
        sent.append(watchdog.beat())
    watchdog.close()
    # READY at once, then a beat only once 0.1 s (half of WATCHDOG_USEC) have passed.
    assert sent == [True, False, False, True, False, False, True]
    systemd.wait_for("WATCHDOG=1")
    time.sleep(0.1)
    texts = systemd.since(0)
    assert texts[0] == "READY=1\nSTATUS=running\nWATCHDOG=1"
    assert texts[1:] == ["WATCHDOG=1", "WATCHDOG=1"]


def test_an_unhealthy_check_holds_back_even_ready(systemd: Systemd) -> None:
    healthy = [False]
    watchdog = Watchdog(checks={"the sync thread": lambda: healthy[0]})
    assert watchdog.beat() is False
    healthy[0] = True
    assert watchdog.beat() is True
    watchdog.close()
    systemd.wait_for("READY=1")


def test_an_abstract_socket_name_is_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"storywall-test-{uuid.uuid4().hex}"
    listener = Systemd(b"\0" + name.encode())
    try:
        watchdog = Watchdog({"NOTIFY_SOCKET": f"@{name}"})
        assert watchdog.stopping()
        watchdog.close()
        listener.wait_for("STOPPING=1")
    finally:
        listener.close()


def test_without_systemd_nothing_is_sent_and_nothing_fails() -> None:
    watchdog = Watchdog({})
    assert not watchdog.enabled
    assert watchdog.beat() is False
    assert watchdog.stopping() is False
    watchdog.close()
    assert watchdog.sent == 0


def test_a_vanished_socket_is_logged_once_and_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    watchdog = Watchdog({"NOTIFY_SOCKET": str(tmp_path / "gone"), "WATCHDOG_USEC": "1"})
    assert watchdog.beat() is False
    assert watchdog.notify("WATCHDOG=1") is False
    watchdog.close()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "cannot notify systemd" in warnings[0].getMessage()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"NOTIFY_SOCKET": "/run/systemd/notify"}, "/run/systemd/notify"),
        ({"NOTIFY_SOCKET": "@sd-notify"}, b"\0sd-notify"),
        ({"NOTIFY_SOCKET": "relative/path"}, None),
        ({"NOTIFY_SOCKET": "vsock:2:1234"}, None),
        ({"NOTIFY_SOCKET": "@"}, None),
        ({}, None),
    ],
)
def test_the_notify_address(env: dict[str, str], expected: str | bytes | None) -> None:
    assert notify_address(env) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WATCHDOG_USEC": "30000000"}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({}, None),
    ],
)
def test_the_interval_is_half_of_watchdog_usec_for_this_process(
    env: dict[str, str], expected: float | None
) -> None:
    assert watchdog_interval_s(env, pid=4242) == expected
