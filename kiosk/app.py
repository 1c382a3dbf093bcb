"""Wire one kiosk together: settings -> hardware, outbox, sync worker, screen.

`build_kiosk(settings)` builds everything without starting anything; `KioskApp.run`
starts the sync thread and runs the screen (or a headless loop) on the calling
thread until `stop` is set. The main loop is the only thread that records events.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import Literal, Protocol

from hardware.buttons import EmojiButtonPanel, build_button_panel
from kiosk.clock import KioskClock
from kiosk.parts import KioskParts
from kiosk.settings import KioskSettings
from storywall.protocol import Event, ReactionEvent
from storywall.protocol.config import PromptConfig

logger = logging.getLogger(__name__)

RunMode = Literal["fullscreen", "window", "headless"]
# The screen's status line is refreshed this often, not every frame.
STATUS_INTERVAL_S = 1.0
HEADLESS_TICK_S = 0.05


def choose_mode(settings: KioskSettings, *, headless: bool, display: bool) -> RunMode:
    """Where to draw: the settings' choice, unless there is no display or --headless."""
    if headless or settings.display_mode == "headless" or not display:
        return "headless"
    if settings.display_mode in ("fullscreen", "window"):
        return settings.display_mode
    # "auto": a desktop session means a laptop (window), a bare console a kiosk.
    desktop = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    return "window" if desktop else "fullscreen"


@dataclass
class KioskApp:
    """A built kiosk: every part, ready to run."""

    settings: KioskSettings
    parts: KioskParts
    panel: EmojiButtonPanel
    mock_hardware: bool = False

    def run(self, stop: threading.Event, *, mode: RunMode) -> None:
        """Sync in the background and serve presses until `stop` is set."""
        self.parts.worker.start()
        try:
            if mode == "headless":
                logger.info("no display: running headless (buttons and sync only)")
                self._run_headless(stop)
            else:
                self._run_screen(stop, mode)
        finally:
            self.close()

    def _run_headless(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.parts.core.tick()
            stop.wait(HEADLESS_TICK_S)

    def _run_screen(self, stop: threading.Event, mode: Literal["fullscreen", "window"]) -> None:
        # pygame is imported only when there is a screen to draw on.
        from kiosk.ui.runner import DisplayRunner
        from kiosk.ui.screens.prompt import PromptScreen
        from kiosk.ui.theme import load_theme

        screen = PromptScreen(load_theme(), on_press=self._touch, size=self.settings.screen_size)
        view = _ScreenFeed(self, screen)
        runner = DisplayRunner(
            screen,
            mode=mode,
            size=self.settings.screen_size,
            poll=view.poll,
            on_key=self._key if self.mock_hardware else None,
        )
        runner.run(stop)

    def _touch(self, index: int) -> bool:
        recorded = self.parts.core.press(index, "touch")
        if recorded:
            self.panel.flash(index)
        return recorded

    def _key(self, key: int) -> None:
        # Keys 1-6 press the mock buttons, through gpiozero's mock pins and the
        # same debounce and LED path as a real arcade button.
        index = key - ord("1")
        if 0 <= index < self.panel.size:
            self.panel.mock_press(index)

    def close(self) -> None:
        """Stop the worker and release every resource; safe to call twice."""
        self.parts.close()
        self.panel.close()


class _ScreenFeed:
    """Feeds the screen from the core each frame: prompt, thanks for buttons, status."""

    def __init__(self, app: KioskApp, screen: _Screen) -> None:
        self._app = app
        self._screen = screen
        self._status_due = 0.0
        self._prompt: PromptConfig | None = app.parts.core.prompt
        self._screen.set_prompt(self._prompt)

    def poll(self) -> None:
        core = self._app.parts.core
        for event in core.tick():
            index = _emoji_index(event, self._prompt)
            if index is not None:
                self._screen.show_thanks(index)
        prompt = core.prompt
        if prompt != self._prompt:
            self._prompt = prompt
            self._screen.set_prompt(prompt)
        now = core.clock.mono_ms() / 1000
        if now >= self._status_due:
            status = self._app.parts.worker.status
            self._screen.set_status(status.online, status.counts.pending)
            self._status_due = now + STATUS_INTERVAL_S


class _Screen(Protocol):
    """What _ScreenFeed needs of a screen (kiosk.ui.screens.prompt.PromptScreen)."""

    def set_prompt(self, prompt: PromptConfig | None) -> None: ...
    def show_thanks(self, index: int) -> None: ...
    def set_status(self, online: bool, pending: int) -> None: ...


def _emoji_index(event: Event, prompt: PromptConfig | None) -> int | None:
    if not isinstance(event, ReactionEvent) or prompt is None:
        return None
    if event.payload.source != "button":
        return None  # a touch shows its own thanks
    try:
        return prompt.emoji.index(event.payload.emoji)
    except ValueError:
        return None


def build_kiosk(settings: KioskSettings, *, mock_hardware: bool = False) -> KioskApp:
    """Build every part of the kiosk from its settings; nothing runs yet."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    parts = KioskParts.build(
        kiosk_id=settings.kiosk_id,
        hub_url=settings.hub_url,
        token=settings.token,
        data_dir=settings.data_dir,
        clock=KioskClock(assume_synced=settings.assume_clock_synced),
        http_timeout_s=settings.http_timeout_s,
        heartbeat_interval_s=settings.heartbeat_interval_s,
        idle_interval_s=settings.sync_idle_interval_s,
        config_interval_s=settings.config_interval_s,
    )
    panel = build_button_panel(
        "mock" if mock_hardware else settings.hardware_backend,
        settings.button_pins,
        settings.led_pins,
        debounce_ms=settings.debounce_ms,
    )
    panel.when_pressed = parts.core.submit_button_press
    mock = mock_hardware or settings.hardware_backend == "mock"
    return KioskApp(settings, parts, panel, mock)
