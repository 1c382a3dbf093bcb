"""The display loop, run for real on SDL's dummy driver."""

from __future__ import annotations

import threading
from pathlib import Path

import pygame
import pytest

from kiosk.ui.runner import DisplayRunner, display_available


class RecordingScreen:
    """A screen that remembers what the loop asked of it."""

    def __init__(self) -> None:
        self.events: list[int] = []
        self.updates: list[float] = []
        self.sizes: list[tuple[int, int]] = []

    def handle_event(self, event: pygame.event.Event) -> bool:
        self.events.append(event.type)
        return False

    def update(self, dt: float) -> None:
        self.updates.append(dt)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((10, 20, 30))
        self.sizes.append(surface.get_size())


class StillScreen(RecordingScreen):
    """A screen with nothing new to show, like the attract screen between note rotations."""

    needs_redraw = False


class Script:
    """poll(): posts the given events on chosen frames, and stops after `frames` frames."""

    def __init__(
        self, stop: threading.Event, frames: int, post: dict[int, pygame.event.Event] | None = None
    ) -> None:
        self.stop = stop
        self.frames = frames
        self.post = post or {}
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1
        if self.calls in self.post:
            pygame.event.post(self.post[self.calls])
        if self.calls > self.frames:
            self.stop.set()


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def test_window_loop_polls_dispatches_updates_and_draws() -> None:
    stop = threading.Event()
    screen = RecordingScreen()
    poll = Script(stop, frames=3, post={2: key(pygame.K_1)})
    keys: list[int] = []
    runner = DisplayRunner(
        screen, mode="window", size=(320, 200), fps=200, poll=poll, on_key=keys.append
    )

    runner.run(stop)

    assert runner.frames == 3
    assert poll.calls == 4
    assert screen.sizes == [(320, 200)] * 4  # a first frame before any input, then 3
    assert len(screen.updates) == 3 and all(dt >= 0 for dt in screen.updates)
    assert keys == [pygame.K_1]
    assert pygame.KEYDOWN in screen.events
    assert not pygame.display.get_init()  # the runner closed its display


def test_an_idle_screen_is_not_redrawn_and_events_still_arrive() -> None:
    stop = threading.Event()
    screen = StillScreen()
    poll = Script(stop, frames=6, post={2: key(pygame.K_2), 4: key(pygame.K_3)})
    runner = DisplayRunner(screen, mode="window", size=(120, 80), idle_wait_ms=1, poll=poll)

    runner.run(stop)

    assert runner.frames == 0  # nothing changed: no draw, no flip
    assert screen.sizes == [(120, 80)]  # only the first frame, before any input
    assert len(screen.updates) == 6  # but time still moved on for it each turn
    assert screen.events.count(pygame.KEYDOWN) == 2


def test_a_wakeup_turns_the_loop_without_any_sdl_event() -> None:
    stop = threading.Event()
    screen = StillScreen()
    wakeup = threading.Event()
    calls: list[int] = []

    def poll() -> None:
        calls.append(1)
        if len(calls) >= 4:
            stop.set()
        wakeup.set()  # what ScreenManager.submit_button does from gpiozero's thread

    runner = DisplayRunner(
        screen, mode="window", size=(60, 40), idle_wait_ms=600_000, poll=poll, wakeup=wakeup
    )
    runner.run(stop)  # with a broken wakeup this would sit in its 10-minute wait
    assert len(calls) == 4


def test_quit_event_stops_the_loop_and_the_app() -> None:
    stop = threading.Event()
    poll = Script(stop, frames=1000, post={2: pygame.event.Event(pygame.QUIT)})
    runner = DisplayRunner(RecordingScreen(), mode="window", size=(100, 100), fps=200, poll=poll)

    runner.run(stop)

    assert stop.is_set()
    assert poll.calls == 2


def test_escape_stops_a_window_but_not_the_kiosk() -> None:
    stop = threading.Event()
    poll = Script(stop, frames=1000, post={2: key(pygame.K_ESCAPE)})
    DisplayRunner(RecordingScreen(), mode="window", size=(100, 100), fps=200, poll=poll).run(stop)
    assert poll.calls == 2

    stop = threading.Event()
    keys: list[int] = []
    poll = Script(stop, frames=4, post={2: key(pygame.K_ESCAPE)})
    runner = DisplayRunner(
        RecordingScreen(), mode="fullscreen", fps=200, poll=poll, on_key=keys.append
    )
    runner.run(stop)
    assert runner.frames == 4
    assert keys == [pygame.K_ESCAPE]


def test_a_stop_set_before_run_draws_nothing() -> None:
    stop = threading.Event()
    stop.set()
    screen = RecordingScreen()
    DisplayRunner(screen, mode="window", size=(100, 100)).run(stop)
    assert screen.sizes == []


@pytest.mark.parametrize(("mode", "fps"), [("kiosk", 30), ("window", 0)])
def test_bad_settings_are_refused(mode: str, fps: int) -> None:
    with pytest.raises(ValueError):
        DisplayRunner(RecordingScreen(), mode=mode, fps=fps)  # type: ignore[arg-type]


def test_no_display_without_desktop_or_console_device(tmp_path: Path) -> None:
    assert display_available({}, console_devices=[tmp_path / "fb0"]) is False
    assert display_available({"TERM": "xterm"}, console_devices=[]) is False


@pytest.mark.parametrize(
    "env", [{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}, {"SDL_VIDEODRIVER": "kmsdrm"}]
)
def test_a_desktop_session_or_chosen_driver_is_a_display(env: dict[str, str]) -> None:
    assert display_available(env, console_devices=[]) is True


def test_a_usable_framebuffer_console_is_a_display(tmp_path: Path) -> None:
    device = tmp_path / "card0"
    device.write_bytes(b"")
    assert display_available({}, console_devices=[tmp_path / "fb0", device]) is True
