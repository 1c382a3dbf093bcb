"""A screen manager on a stand-in feed, driven like the kiosk drives it: real pygame events,
gpiozero MockFactory pins (MockButtonPanel), and a clock moved by hand."""

from __future__ import annotations

from datetime import time
from typing import Any

import pygame

from hardware.buttons import MockButtonPanel
from kiosk.ui.feed import FeedStatus, StaticFeed
from kiosk.ui.manager import ScreenManager
from kiosk.ui.theme import Theme
from storywall.protocol.config import KioskConfig

FACES = ["\U0001f600", "\U0001f642", "\U0001f610", "\U0001f641"]


def make_config(**changes: Any) -> KioskConfig:
    prompt = {
        "id": 3,
        "text": "How was the park today?",
        "texts": {"es": "¿Qué tal el parque hoy?"},
        "emoji": FACES,
        "tallies": {FACES[0]: 4, FACES[1]: 2},
    }
    prompt.update(changes.pop("prompt", {}))
    data: dict[str, Any] = {
        "kiosk_id": "elm-1",
        "kiosk_name": "Elm gate",
        "site": {
            "slug": "elm",
            "name": "Elm Park",
            "timezone": "Europe/London",
            "operator": "Friends of Elm Park",
            "contact": "hello@elm.example",
        },
        "prompt": prompt,
        "languages": ["en", "es"],
        "wall_url": "https://wall.example/elm",
        "quiet_hours": {"start": "21:00", "end": "07:00"},
        "notes": [{"id": "n1", "text": "More benches", "reply": "Two went in on Monday"}],
    }
    data.update(changes)
    return KioskConfig.model_validate(data)


class Clock:
    """Monotonic seconds, moved by hand (no sleeping, no timed asserts)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Kiosk:
    """The flow under test: manager, feed, mock arcade buttons, a surface to draw on."""

    def __init__(
        self,
        theme: Theme,
        *,
        size: tuple[int, int] = (800, 480),
        config: KioskConfig | None = None,
        buttons: int = 4,
        language: str | None = None,
        local: time = time(12, 0),
        status: FeedStatus | None = None,
    ) -> None:
        self.clock = Clock()
        self.local = local
        self.feed = StaticFeed(config or make_config(), status=status)
        self.manager = ScreenManager(
            theme,
            self.feed,
            button_count=buttons,
            language=language,
            idle_timeout_s=45.0,
            size=size,
            timer=self.clock,
            local_time=lambda _zone: self.local,
        )
        self.feed.on_recorded = self.manager.on_recorded
        self.panel = MockButtonPanel(
            tuple(range(5, 5 + buttons)),
            tuple(range(17, 17 + buttons)),
            debounce_ms=0,
            bounce_time_s=None,
        )
        self.panel.when_pressed = self.manager.submit_button
        self.surface = pygame.Surface(size)
        self.frame()

    def close(self) -> None:
        self.panel.close()

    @property
    def screen(self) -> Any:
        return self.manager.current

    def frame(self, dt: float = 0.05) -> None:
        """One turn of the display loop: poll, animate, draw."""
        self.manager.poll()
        self.clock.now += dt
        self.manager.update(dt)
        if self.manager.needs_redraw:
            self.manager.draw(self.surface)

    def press(self, index: int) -> None:
        """An arcade button, through gpiozero's mock pin, then a frame."""
        self.panel.press(index)
        self.frame()

    def tap(self, rect: pygame.Rect, *, finger: bool = False) -> bool:
        """A touch at the centre of `rect` as a real pygame event, then a frame."""
        x, y = rect.center
        w, h = self.surface.get_size()
        if finger:
            event = pygame.event.Event(
                pygame.FINGERDOWN, x=x / w, y=y / h, dx=0.0, dy=0.0, touch_id=1, finger_id=1
            )
        else:
            event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=False)
        used = self.manager.handle_event(event)
        self.frame()
        return bool(used)

    def button_rect(self, key: str) -> pygame.Rect:
        for button in self.screen.group.buttons:
            if button.key == key:
                return pygame.Rect(button.rect)
        raise AssertionError(f"no {key!r} button on {type(self.screen).__name__}")

    def focus_and_select(self, key: str) -> None:
        """Buttons only: "next" until `key` has the focus, then "select"."""
        roles = {"next": 1, "select": self.panel.size - 1}
        for _ in range(12):
            focused = self.screen.group.focused
            if focused is not None and focused.key == key:
                self.press(roles["select"])
                return
            self.press(roles["next"])
        raise AssertionError(f"{key!r} never got the focus")
