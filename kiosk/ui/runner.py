"""The display loop: the only place that owns pygame's window, clock and event queue.

The app builds a screen (the screen manager), hands it to a DisplayRunner and calls run(stop)
on the main thread (SDL wants its events pumped there). Each turn the runner feeds pygame's
events to the screen, calls poll() so the app can record presses and refresh the screen, lets
it animate, and draws and flips only when the screen says the picture changed (needs_redraw).

Idle, it does not tick at a frame rate: it sleeps on a threading.Event, looking at SDL's queue
every touch_poll_ms (a touch waits at most that long), and turns the loop only every
idle_wait_ms or when woken; it draws only when the screen changed. pygame.event.wait() is
not used for this: with the KMS/DRM and dummy drivers SDL implements it as a 1 ms polling
loop, which alone costs about 2% of a core. An arcade button sets `wakeup` from gpiozero's
thread, so a press is recorded and drawn at once. Only a screen that animates every frame
(wants_frames) gets the full frame rate, and only while it does.

A panel mounted the other way round than it was made gets a turned picture: `orientation`
("portrait" on a wide panel, say) makes the screens draw at the turned size and the runner
turns the picture onto the panel and each touch back (kiosk.ui.rotation), since KMS turns
nothing for a program that draws to DRM itself.

`on_turn` is called at the end of every turn: the kiosk's systemd watchdog beats there, so a
screen that hangs in update or draw stops the beats and gets the kiosk restarted.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Literal

import pygame

from kiosk.defaults import DEFAULTS, Orientation
from kiosk.ui.rotation import picture_size, quarter_turns, to_panel, to_picture
from kiosk.ui.screens.base import Screen

log = logging.getLogger(__name__)

DisplayMode = Literal["fullscreen", "window"]
# Without a desktop, SDL draws straight to the panel through KMS/DRM or the old framebuffer.
CONSOLE_DEVICES: tuple[Path, ...] = (
    Path("/dev/dri/card0"),
    Path("/dev/dri/card1"),
    Path("/dev/fb0"),
)


def display_available(
    env: Mapping[str, str] | None = None,
    *,
    console_devices: Iterable[Path] = CONSOLE_DEVICES,
) -> bool:
    """Whether there is a screen to draw on: a desktop session (DISPLAY, WAYLAND_DISPLAY), an
    explicitly chosen SDL video driver, or a KMS/framebuffer device this user may open.

    False means the app should run headless and say so, rather than fail inside SDL.
    """
    env = os.environ if env is None else env
    if env.get("SDL_VIDEODRIVER") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return True
    return any(path.exists() and os.access(path, os.R_OK | os.W_OK) for path in console_devices)


class DisplayRunner:
    """Runs one screen full-screen (the kiosk) or in a window (a laptop) until told to stop."""

    def __init__(
        self,
        screen: Screen,
        *,
        mode: DisplayMode = "fullscreen",
        size: tuple[int, int] = DEFAULTS.display.size,
        fps: int = 30,
        idle_wait_ms: int = 200,
        touch_poll_ms: int = 30,
        wakeup: threading.Event | None = None,
        poll: Callable[[], None] | None = None,
        on_key: Callable[[int], None] | None = None,
        on_turn: Callable[[], object] | None = None,
        orientation: Orientation = "auto",
        caption: str = "Storywall",
    ) -> None:
        if mode not in ("fullscreen", "window"):
            raise ValueError(f"mode must be 'fullscreen' or 'window', not {mode!r}")
        if fps <= 0:
            raise ValueError("fps must be positive")
        self.screen = screen
        self.mode = mode
        self.size = size
        self.fps = fps
        self.idle_wait_ms = idle_wait_ms
        self.touch_poll_ms = max(1, touch_poll_ms)
        self.wakeup = wakeup if wakeup is not None else threading.Event()
        self.caption = caption
        self._poll = poll
        self._on_key = on_key
        self._on_turn = on_turn
        self.orientation: Orientation = orientation
        # Set by _open: quarter turns from the screens' picture to the panel (kiosk.ui.rotation).
        self.turns = 0
        self._panel: pygame.Surface | None = None
        self.frames = 0

    def run(self, stop: threading.Event) -> None:
        """Open the display and loop until `stop` is set, the window is closed, or Escape is
        pressed in a window. Closing sets `stop` too, so the rest of the app winds down."""
        if stop.is_set():
            return
        picture = self._open()
        clock = pygame.time.Clock()
        last = pygame.time.get_ticks()
        try:
            # One frame before any input, so the screen knows its size before the first
            # touch arrives (FINGERDOWN positions are fractions of it).
            self._show(picture)
            # The journal's timestamps then say how long a start took (and the cold-start
            # benchmark waits for this line).
            log.info("first frame")
            events: list[pygame.event.Event] = []
            while not stop.is_set():
                for panel_event in events:
                    event = self._to_picture(panel_event)
                    if self._wants_stop(event):
                        stop.set()
                        break
                    if event.type == pygame.KEYDOWN and self._on_key is not None:
                        self._on_key(event.key)
                    self.screen.handle_event(event)
                if stop.is_set():
                    break
                if self._poll is not None:
                    self._poll()
                    if stop.is_set():
                        break
                now = pygame.time.get_ticks()
                self.screen.update((now - last) / 1000.0)
                last = now
                if getattr(self.screen, "needs_redraw", True):
                    self._show(picture)
                    self.frames += 1
                if self._on_turn is not None:
                    # A full turn (input, poll, update, draw) ended: the loop is alive.
                    self._on_turn()
                events = self._next_events(clock)
        finally:
            # Only the display: fonts the screens hold stay valid for another run().
            self._panel = None
            pygame.display.quit()

    def _next_events(self, clock: pygame.time.Clock) -> list[pygame.event.Event]:
        """Whatever input has arrived; when none has, wait: a frame's time while the screen
        animates, else up to idle_wait_ms, until SDL has an event or `wakeup` is set."""
        if getattr(self.screen, "wants_frames", False):
            clock.tick(self.fps)
            return pygame.event.get()
        waited = 0
        while True:
            events = pygame.event.get()
            if events or waited >= self.idle_wait_ms:
                return events
            step = min(self.touch_poll_ms, self.idle_wait_ms - waited)
            if self.wakeup.wait(step / 1000):
                self.wakeup.clear()
                return pygame.event.get()
            waited += step

    def _open(self) -> pygame.Surface:
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(self.caption)
        if self.mode == "fullscreen":
            # (0, 0): the panel's own resolution; screens lay themselves out for any size.
            surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            pygame.mouse.set_visible(False)
        else:
            surface = pygame.display.set_mode(self.size)
        log.info(
            "display %s %dx%d (%s)", self.mode, *surface.get_size(), pygame.display.get_driver()
        )
        self._panel = surface
        self.turns = quarter_turns(surface.get_size(), self.orientation)
        if self.turns:
            # The screens draw on a picture of their own; _show turns it onto the panel.
            log.info("picture turned %d degrees clockwise onto the panel", 90 * self.turns)
            return pygame.Surface(picture_size(surface.get_size(), self.turns)).convert()
        return surface

    def _show(self, picture: pygame.Surface) -> None:
        """Draw the screen on `picture` and put it on the panel, turned if need be."""
        self.screen.draw(picture)
        if self._panel is not None and picture is not self._panel:
            self._panel.blit(to_panel(picture, self.turns), (0, 0))
        pygame.display.flip()

    def _to_picture(self, event: pygame.event.Event) -> pygame.event.Event:
        if not self.turns or self._panel is None:
            return event
        return to_picture(event, self._panel.get_size(), self.turns)

    def _wants_stop(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.QUIT:
            return True
        return (
            self.mode == "window" and event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        )
