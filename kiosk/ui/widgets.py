"""Buttons with a focus ring, shared by every screen that is not answering a prompt.

A FocusGroup holds a screen's buttons in reading order; a touch hits one, the physical buttons
move the focus (prev/next, wrapping) and select it. "back" selects the group's back button
when it has one, so the same arcade button always means "go back".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from kiosk.ui.nav import NavAction
from kiosk.ui.text import Fonts, fit_text, render_fitted
from kiosk.ui.theme import RGB, Theme


@dataclass
class Button:
    """One focusable action: `key` names it for the screen, `label` is what it says."""

    key: str
    label: str
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    primary: bool = False


class FocusGroup:
    """The buttons of one screen, one of them focused."""

    def __init__(
        self, buttons: list[Button], on_select: Callable[[str], None], *, back: str | None = None
    ) -> None:
        self.buttons = buttons
        self._on_select = on_select
        self._back = back
        self.focus = 0
        self.pressed: str | None = None

    @property
    def focused(self) -> Button | None:
        return self.buttons[self.focus] if self.buttons else None

    def keys(self) -> list[str]:
        return [button.key for button in self.buttons]

    def focus_on(self, key: str) -> None:
        for index, button in enumerate(self.buttons):
            if button.key == key:
                self.focus = index

    def nav(self, action: NavAction) -> bool:
        """Apply a physical button; True when something changed."""
        if not self.buttons:
            return False
        if action == "next":
            self.focus = (self.focus + 1) % len(self.buttons)
        elif action == "prev":
            self.focus = (self.focus - 1) % len(self.buttons)
        elif action == "select":
            self.select(self.buttons[self.focus].key)
        elif action == "back" and self._back is not None:
            self.select(self._back)
        else:
            return False
        return True

    def hit(self, pos: tuple[int, int]) -> str | None:
        for button in self.buttons:
            if button.rect.collidepoint(pos):
                return button.key
        return None

    def touch(self, pos: tuple[int, int]) -> bool:
        key = self.hit(pos)
        if key is None:
            return False
        self.focus_on(key)
        self.select(key)
        return True

    def select(self, key: str) -> None:
        self.pressed = key
        self._on_select(key)


class ButtonPainter:
    """Draws buttons in the theme's look, caching rendered labels (bounded)."""

    def __init__(self, theme: Theme, fonts: Fonts) -> None:
        self.theme = theme
        self.fonts = fonts
        self._labels: dict[tuple[str, tuple[int, int], int, RGB], pygame.Surface] = {}

    def label(self, text: str, box: tuple[int, int], size: int, colour: RGB) -> pygame.Surface:
        key = (text, box, size, colour)
        cached = self._labels.get(key)
        if cached is None:
            if len(self._labels) > 128:
                self._labels.clear()
            minimum = max(6, round(size * 0.75))
            fitted = fit_text(text, box, self.fonts, max_size=size, min_size=minimum)
            cached = render_fitted(fitted, self.fonts, colour)
            self._labels[key] = cached
        return cached

    def draw(
        self,
        surface: pygame.Surface,
        button: Button,
        *,
        focused: bool,
        font_px: int,
        pressed: bool = False,
        picture: pygame.Surface | None = None,
    ) -> None:
        theme = self.theme
        rect = button.rect
        short = min(rect.size)
        radius = max(4, round(short * 0.22))
        border = max(2, round(short * theme.button_border_width))
        fill = theme.button_pressed if pressed else theme.button_face
        pygame.draw.rect(surface, theme.button_shadow, rect.move(0, 3), border_radius=radius)
        pygame.draw.rect(surface, fill, rect, border_radius=radius)
        pygame.draw.rect(surface, theme.button_border, rect, width=border, border_radius=radius)
        if focused:
            ring = max(3, round(short * 0.06))
            outer = rect.inflate(2 * ring + 4, 2 * ring + 4)
            pygame.draw.rect(
                surface, theme.focus_ring, outer, width=ring, border_radius=radius + ring
            )
        inner = rect.inflate(-2 * border - 8, -2 * border - 4)
        if picture is not None:
            surface.blit(picture, picture.get_rect(center=rect.center))
        elif button.label:
            text = self.label(button.label, inner.size, font_px, theme.text)
            surface.blit(text, text.get_rect(center=rect.center))
