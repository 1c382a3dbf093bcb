"""Stands in for the note composer or the doodle canvas where those screens are absent."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase, Translate
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup


class PlaceholderScreen(ScreenBase):
    """A message and one focused Back button (`on_back()`)."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        message: str,
        on_back: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.message = message
        self._on_back = on_back
        self.group = FocusGroup([], lambda _key: self._on_back(), back="back")

    def layout(self) -> None:
        width, height = self.size
        target = touch_px(self.size, self.theme)
        back = pygame.Rect(0, 0, round(target * 3.4), target)
        back.midbottom = (width // 2, height - self.px(self.theme.margin))
        self.group.buttons = [Button("back", self._("Back"), back, True)]

    def paint(self, surface: pygame.Surface) -> None:
        surface.fill(self.theme.background)
        box = pygame.Rect(
            0, 0, surface.get_width() - 2 * self.px(self.theme.margin), surface.get_height() // 2
        )
        box.center = (surface.get_width() // 2, surface.get_height() // 2 - box.height // 6)
        words = self.text(
            self._(self.message), box, self.px(self.theme.title_font), self.theme.text
        )
        surface.blit(words, words.get_rect(center=box.center))
        self.paint_buttons(surface, self.px(self.theme.body_font))
