"""The one contract between a screen and whoever runs the display loop."""

from __future__ import annotations

from typing import Literal, Protocol

import pygame

NavAction = Literal["prev", "next", "select", "back"]


class Screen(Protocol):
    """Something the runner can show. A screen never owns the loop or the display."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one input event; True when the screen used it."""
        ...

    def update(self, dt: float) -> None:
        """Advance animations and timers by `dt` seconds."""
        ...

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the whole of `surface` (whatever its size)."""
        ...
