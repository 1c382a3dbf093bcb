"""Wire one kiosk together: settings -> hardware, outbox, sync worker, screen.

`build_kiosk(settings)` builds everything without starting anything; `KioskApp.run`
starts the sync thread (and a fridge kiosk's sampler) and runs the screen (or a
headless loop) on the calling thread until `stop` is set. The main loop records every
event a person makes; a fridge kiosk's telemetry (thermometer samplings, door events) is
recorded by the sampler's and the door's own threads (kiosk.fridge_telemetry).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hardware.backlight import BACKLIGHT_CLASS, Backlight, find_backlight
from hardware.buttons import EmojiButtonPanel, MockButtonPanel, build_button_panel
from hardware.shutdown import ShutdownButton, build_shutdown_button
from kiosk.clock import KioskClock
from kiosk.dimming import QuietDimmer
from kiosk.fridge_kit import FridgeKit
from kiosk.health import LastErrorHandler
from kiosk.parts import KioskParts
from kiosk.power import run_shutdown_command
from kiosk.settings import KioskSettings
from kiosk.ui.feed import PressLike
from kiosk.watchdog import Watchdog

if TYPE_CHECKING:
    from kiosk.ui.manager import ScreenManager

logger = logging.getLogger(__name__)

RunMode = Literal["fullscreen", "window", "headless"]
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
    """A built kiosk: every part, ready to run.

    Building one wires the press path: the panel's presses go to the screen manager (which
    makes each an answer or a navigation step) or, with no screen, straight to the core; the
    screen's touches go on the core's one queue; and the core calls `on_recorded` for each
    press it recorded, which lights that button's LED and acknowledges it on the screen.
    """

    settings: KioskSettings
    parts: KioskParts
    panel: EmojiButtonPanel
    shutdown_button: ShutdownButton | None = None
    backlight: Backlight | None = None
    fridge: FridgeKit | None = None
    _manager: ScreenManager | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.panel.when_pressed = self.submit_button
        self.parts.core.on_recorded = self.on_recorded
        if self.fridge is not None and self.fridge.button is not None:
            self.fridge.button.when_pressed = self.submit_dropoff

    def submit_dropoff(self, _index: int = 0) -> None:
        """The drop-off button (gpiozero's thread): the screen opens the drop-off flow."""
        manager = self._manager
        if manager is not None:
            manager.submit_dropoff()

    def submit_button(self, index: int) -> None:
        """An arcade button (gpiozero's thread): the screen decides what it means."""
        manager = self._manager
        if manager is not None:
            manager.submit_button(index)
        else:
            self.parts.core.submit_button_press(index)

    def on_recorded(self, press: PressLike) -> None:
        """A press is on disk: light its button and acknowledge it (the main loop's thread)."""
        if press.index < self.panel.size and not self.panel.closed:
            self.panel.flash(press.index)
        if self._manager is not None:
            self._manager.on_recorded(press)

    def build_manager(self, size: tuple[int, int] | None = None) -> ScreenManager:
        """The screen flow for this kiosk, attached: from now on buttons go through it."""
        from kiosk.ui.feed import PartsFeed
        from kiosk.ui.manager import ScreenManager
        from kiosk.ui.sound import Sounds
        from kiosk.ui.theme import load_theme

        settings = self.settings
        manager = ScreenManager(
            load_theme(),
            PartsFeed(self.parts, self.fridge),
            button_count=self.panel.size,
            language=settings.language,
            idle_timeout_s=settings.idle_timeout_s,
            sounds=Sounds(settings.sound),
            size=size or self.settings.screen_size,
        )
        self._manager = manager
        return manager

    def watchdog_checks(self) -> dict[str, Callable[[], bool]]:
        """What must be alive for systemd to hear the kiosk is: the sync thread, and at a
        fridge the thermometer's sampler (a dead one would leave the fridge unwatched)."""
        checks = {"the sync thread": lambda: self.parts.worker.running}
        fridge = self.fridge
        if fridge is not None:
            checks["the fridge sampler"] = lambda: fridge.telemetry.running
        return checks

    def run(self, stop: threading.Event, *, mode: RunMode) -> None:
        """Sync in the background and serve presses until `stop` is set.

        Under systemd (NOTIFY_SOCKET) the loop tells it READY=1 after its first turn and
        WATCHDOG=1 while it keeps turning and the sync thread lives (kiosk.watchdog)."""
        watchdog = Watchdog(checks=self.watchdog_checks())
        self.parts.worker.start()
        if self.fridge is not None:
            self.fridge.start()
        try:
            if mode == "headless":
                logger.info("no display: running headless (buttons and sync only)")
                self._run_headless(stop, watchdog)
            else:
                self._run_screen(stop, mode, watchdog)
        finally:
            watchdog.stopping()
            watchdog.close()
            self.close()

    def _run_headless(self, stop: threading.Event, watchdog: Watchdog) -> None:
        while not stop.is_set():
            self.parts.core.tick()
            watchdog.beat()
            stop.wait(HEADLESS_TICK_S)

    def _run_screen(
        self, stop: threading.Event, mode: Literal["fullscreen", "window"], watchdog: Watchdog
    ) -> None:
        # pygame is imported only when there is a screen to draw on.
        from kiosk.ui.runner import DisplayRunner

        manager = self.build_manager()
        dimmer = QuietDimmer(self.backlight, self.settings.quiet_brightness)

        def turned() -> None:
            # Once per turn of the screen loop: the backlight follows quiet hours, and
            # systemd hears the loop is alive.
            dimmer.follow(manager.quiet)
            watchdog.beat()

        runner = DisplayRunner(
            manager,
            mode=mode,
            size=self.settings.screen_size,
            poll=manager.poll,
            wakeup=manager.wakeup,
            on_key=self.press_key if isinstance(self.panel, MockButtonPanel) else None,
            on_turn=turned,
            orientation=self.settings.orientation,
        )
        try:
            runner.run(stop)
        finally:
            dimmer.close()

    def press_key(self, key: int) -> None:
        """Keys 1-6 press the mock buttons, through gpiozero's mock pins and the same
        debounce and press path as a real arcade button."""
        index = key - ord("1")
        if isinstance(self.panel, MockButtonPanel) and 0 <= index < self.panel.size:
            self.panel.press(index)

    def close(self) -> None:
        """Stop the worker and release every resource; safe to call twice."""
        self._manager = None
        if self.fridge is not None:
            self.fridge.close()
        self.parts.close()
        self.panel.close()
        if self.shutdown_button is not None:
            self.shutdown_button.close()
        if self.backlight is not None:
            self.backlight.close()
        last_error = self.parts.health.last_error
        if last_error is not None:
            logging.getLogger().removeHandler(last_error)


def build_kiosk(
    settings: KioskSettings, *, mock_hardware: bool = False, backlight_root: Path | None = None
) -> KioskApp:
    """Build every part of the kiosk from its settings; nothing runs yet.

    The backlight is looked for under `backlight_root`, by default /sys/class/backlight on
    real hardware and nowhere with mock hardware (a laptop's own screen is not dimmed)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # The last error logged anywhere in the kiosk travels in its heartbeats.
    last_error = LastErrorHandler()
    logging.getLogger().addHandler(last_error)
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
        paused_interval_s=settings.paused_interval_s,
        screen_size=settings.screen_size,
        last_error=last_error,
    )
    backend = "mock" if mock_hardware else settings.hardware_backend
    shutdown_button = None
    panel: EmojiButtonPanel | None = None
    try:
        panel = build_button_panel(
            backend, settings.button_pins, settings.led_pins, debounce_ms=settings.debounce_ms
        )
        if settings.shutdown_pin is not None:
            shutdown_button = build_shutdown_button(
                backend,
                settings.shutdown_pin,
                on_shutdown=partial(run_shutdown_command, settings.shutdown_command),
            )
        fridge = None
        if settings.fridge is not None:
            fridge = FridgeKit.build(settings.fridge, parts, backend=backend, mock=mock_hardware)
    except BaseException:
        if shutdown_button is not None:
            shutdown_button.close()
        if panel is not None:
            panel.close()
        parts.close()
        logging.getLogger().removeHandler(last_error)
        raise
    if backlight_root is None and backend != "mock":
        backlight_root = BACKLIGHT_CLASS
    backlight = find_backlight(backlight_root) if backlight_root is not None else None
    return KioskApp(settings, parts, panel, shutdown_button, backlight, fridge)
