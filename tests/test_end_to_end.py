"""The walking skeleton end to end: a press on the kiosk reaches the hub's public wall.

The kiosk is built exactly as `storywall kiosk` builds it (kiosk.app.build_kiosk)
and runs its real loop; the hub is the real app on a real uvicorn socket. Only
the finger is simulated: a gpiozero MockFactory pin and a pygame FINGERDOWN.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pygame
import pytest

from hardware.buttons import MockButtonPanel
from kiosk.app import KioskApp, build_kiosk
from kiosk.settings import KioskSettings
from kiosk.ui.screens.attract_layout import attract_layout
from kiosk.ui.theme import load_theme
from tests.support.live_hub import EMOJI, LiveHub, running_hub

SIZE = (800, 480)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    with running_hub(tmp_path / "hub", "How was the park today?") as live:
        yield live


def _kiosk(hub: LiveHub, tmp_path: Path, kiosk_id: str = "riverside-1") -> KioskApp:
    settings = KioskSettings(
        kiosk_id=kiosk_id,
        hub_url=hub.url,
        token=hub.add_kiosk(kiosk_id),
        data_dir=tmp_path / kiosk_id,
        hardware_backend="mock",
        display_mode="window",
        screen_size=SIZE,
        assume_clock_synced=True,
        sync_idle_interval_s=0.5,
        config_interval_s=0.5,
    )
    return build_kiosk(settings)


def _tallies(hub: LiveHub) -> dict[str, int]:
    wall = httpx.get(f"{hub.url}/wall.json", timeout=5).json()
    return {row["choice"]: row["today"] for row in wall["sites"][0]["tallies"]}


def _until(condition: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _run_in_background(app: KioskApp, mode: str) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=app.run, args=(stop,), kwargs={"mode": mode}, daemon=True)
    thread.start()
    return stop, thread


def test_a_mock_gpio_press_is_counted_on_the_wall(hub: LiveHub, tmp_path: Path) -> None:
    app = _kiosk(hub, tmp_path)
    stop, thread = _run_in_background(app, "headless")
    try:
        _until(lambda: app.parts.core.prompt is not None, "the kiosk to pull today's prompt")
        assert isinstance(app.panel, MockButtonPanel)
        app.panel.press(2)  # the third arcade button: 😢
        _until(lambda: _tallies(hub)[EMOJI[2]] == 1, "the press to reach the wall")
    finally:
        stop.set()
        thread.join(timeout=15)
    assert not thread.is_alive()
    assert _tallies(hub) == {EMOJI[0]: 0, EMOJI[1]: 0, EMOJI[2]: 1, EMOJI[3]: 0}
    (event,) = [e for e in hub.events("riverside-1") if e.type == "reaction"]
    assert event.seq >= 1


def test_a_touch_on_the_screen_is_counted_on_the_wall(hub: LiveHub, tmp_path: Path) -> None:
    app = _kiosk(hub, tmp_path)
    _until_config = time.monotonic() + 15
    # Pull the prompt first so the screen shows buttons when the touch lands.
    while app.parts.core.prompt is None and time.monotonic() < _until_config:
        app.parts.worker.sync_once(pull_config=True)
    assert app.parts.core.prompt is not None
    button = attract_layout(SIZE, "emoji", len(EMOJI), load_theme()).answers[1]
    touch = pygame.event.Event(
        pygame.FINGERDOWN,
        x=button.centerx / SIZE[0],
        y=button.centery / SIZE[1],
        dx=0.0,
        dy=0.0,
        touch_id=1,
        finger_id=1,
        pressure=1.0,
    )

    stop = threading.Event()

    def finger() -> None:
        # Post once the window is open, then stop the loop when the wall shows it.
        _until(pygame.display.get_init, "the kiosk window")
        time.sleep(0.2)
        pygame.event.post(touch)
        try:
            _until(lambda: _tallies(hub)[EMOJI[1]] == 1, "the touch to reach the wall")
        finally:
            stop.set()

    poster = threading.Thread(target=finger, daemon=True)
    poster.start()
    app.run(stop, mode="window")  # the pygame loop owns this (main) thread, as on a Pi
    poster.join(timeout=20)
    assert _tallies(hub) == {EMOJI[0]: 0, EMOJI[1]: 1, EMOJI[2]: 0, EMOJI[3]: 0}


def test_presses_while_the_hub_is_down_arrive_once_in_order(hub: LiveHub, tmp_path: Path) -> None:
    app = _kiosk(hub, tmp_path)
    stop, thread = _run_in_background(app, "headless")
    try:
        _until(lambda: app.parts.core.prompt is not None, "the kiosk to pull today's prompt")
        hub.stop()
        for i in range(40):
            app.parts.core.submit_press(i % len(EMOJI), "button")
        _until(lambda: app.parts.outbox.counts().pending >= 40, "presses to be recorded offline")
        hub.start()
        app.parts.worker.wake()
        _until(lambda: app.parts.outbox.counts().pending == 0, "the outbox to drain", timeout=60)
    finally:
        stop.set()
        thread.join(timeout=15)
    reactions = [e for e in hub.events("riverside-1") if e.type == "reaction"]
    assert len(reactions) == 40
    assert len({e.id for e in reactions}) == 40
    # SQLite's rowid is the order the hub stored them in: it must be the kiosk's order.
    with hub.engine.connect() as db:
        arrival = (
            db.exec_driver_sql(
                "SELECT seq FROM event WHERE kiosk_id = ? AND type = 'reaction' ORDER BY rowid",
                ("riverside-1",),
            )
            .scalars()
            .all()
        )
    assert list(arrival) == sorted(arrival)
    assert len(arrival) == 40
    # Forty presses in a moment are mashing: each kept, counted as play, none as opinion
    # but the first. Nothing is dropped.
    play = httpx.get(f"{hub.url}/wall.json", timeout=5).json()["sites"][0]["play_today"]
    assert sum(_tallies(hub).values()) + play == 40 and play >= 35
