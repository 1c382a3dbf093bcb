"""The one contract between a screen and whoever runs the display loop.

Screens follow pygame_gui's loop contract: handle_event(event), update(dt), draw(surface);
they never own the loop and say what comes next through callbacks given to their constructor.
Physical buttons reach a screen as NavActions (kiosk.ui.nav), so every screen has a visible
focus ring and every action on it is a focusable element.
"""

from __future__ import annotations

from typing import Protocol

import pygame

from kiosk.ui.nav import NavAction

__all__ = ["NavAction", "Screen", "event_pos"]

# Mouse buttons 4 and up are wheel and side buttons: not a press.
_CLICK_BUTTONS = (1, 2, 3)


class Screen(Protocol):
    """Something the runner can show. A screen never owns the loop or the display."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one input event (touch, mouse, keys); True when the screen used it."""
        ...

    def update(self, dt: float) -> None:
        """Advance animations and timers by `dt` seconds."""
        ...

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the whole of `surface` (whatever its size)."""
        ...

    def nav(self, action: NavAction) -> None:
        """A physical button: move the focus ("prev", "next"), use it ("select"), "back"."""
        ...

    @property
    def needs_redraw(self) -> bool:
        """True when the next draw() would differ from the last one."""
        ...


def event_pos(event: pygame.event.Event, size: tuple[int, int]) -> tuple[int, int] | None:
    """Where a touch or click landed, in pixels of a surface of `size`; None for anything else.

    SDL also turns each touch into a mouse click (touch=True); the FINGERDOWN already counts
    it, and counting both would act on one tap twice.
    """
    if event.type == pygame.FINGERDOWN:
        return (int(event.x * size[0]), int(event.y * size[1]))
    if event.type == pygame.MOUSEBUTTONDOWN:
        if getattr(event, "touch", False) or event.button not in _CLICK_BUTTONS:
            return None
        return (int(event.pos[0]), int(event.pos[1]))
    return None
