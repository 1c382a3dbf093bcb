"""The language picker: one button per language of the site, each in its own words."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from kiosk.i18n import Translate, language_name
from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup


class LanguageScreen(ScreenBase):
    """`on_choose(code)` for a language, `on_back()` for Back. The focus starts on the next
    language after the current one, so two button presses switch a two-language kiosk."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        languages: Sequence[str],
        current: str,
        on_choose: Callable[[str], None],
        on_back: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.languages = list(languages)
        self.current = current
        self._on_choose = on_choose
        self._on_back = on_back
        self.group = FocusGroup([], self.on_button, back="back")
        self._title = pygame.Rect(0, 0, 1, 1)

    def layout(self) -> None:
        width, height = self.size
        margin = self.px(self.theme.margin)
        gap = self.px(self.theme.button_gap)
        target = round(touch_px(self.size, self.theme) * 1.2)
        self._title = pygame.Rect(
            margin, margin, width - 2 * margin, round(self.px(self.theme.title_font) * 1.5)
        )
        button_w = min(width - 2 * margin, round(target * 5))
        keys = [*self.languages, "back"]
        total = len(keys) * target + (len(keys) - 1) * gap
        top = self._title.bottom + max(gap, (height - self._title.bottom - margin - total) // 2)
        buttons = []
        for i, key in enumerate(keys):
            rect = pygame.Rect(0, top + i * (target + gap), button_w, target)
            rect.centerx = width // 2
            label = self._("Back") if key == "back" else language_name(key)
            buttons.append(Button(key, label, rect, key == self.current))
        self.group.buttons = buttons
        if self.current in self.languages:
            nxt = self.languages[(self.languages.index(self.current) + 1) % len(self.languages)]
            self.group.focus_on(nxt)

    def on_button(self, key: str) -> None:
        if key == "back":
            self._on_back()
        else:
            self._on_choose(key)

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        surface.fill(theme.background)
        title = self.text(
            self._("Choose a language"),
            self._title,
            self.px(theme.title_font),
            theme.text,
            bold=True,
        )
        surface.blit(title, title.get_rect(center=self._title.center))
        self.paint_buttons(surface, self.px(theme.body_font))
        for button in self.group.buttons:
            if button.key == self.current:  # a tick-like bar marks the language in use
                mark = pygame.Rect(
                    button.rect.left + 10, button.rect.top + 10, 8, button.rect.height - 20
                )
                pygame.draw.rect(surface, theme.bar_chosen, mark, border_radius=4)
