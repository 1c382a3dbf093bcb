"""House rules and privacy: what the kiosk keeps, who reads the notes, who runs it."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase, Translate
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup

RULES = (
    "You stay anonymous: nobody asks your name.",
    "No camera ever points at people.",
    "A volunteer reads every note before it appears on the wall.",
    "Buttons count answers; nothing else about you is kept.",
)


class InfoScreen(ScreenBase):
    """The house rules, and one focused Back button (`on_back()`)."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        operator: str,
        contact: str,
        on_back: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.operator = operator
        self.contact = contact
        self._on_back = on_back
        self.group = FocusGroup([], self.on_button, back="back")
        self._body = pygame.Rect(0, 0, 1, 1)
        self._title = pygame.Rect(0, 0, 1, 1)

    def lines(self) -> list[str]:
        lines = [self._(rule) for rule in RULES]
        if self.operator:
            lines.append(self._("This kiosk is run by {operator}.").format(operator=self.operator))
        if self.contact:
            lines.append(self._("Contact: {contact}").format(contact=self.contact))
        return lines

    def layout(self) -> None:
        width, height = self.size
        margin = self.px(self.theme.margin)
        target = touch_px(self.size, self.theme)
        back = pygame.Rect(0, 0, min(width - 2 * margin, round(target * 3.4)), target)
        back.midbottom = (width // 2, height - margin)
        self.group.buttons = [Button("back", self._("Back"), back, True)]
        self._title = pygame.Rect(margin, margin, width - 2 * margin, round(self.px(self.theme.title_font) * 1.4))
        self._body = pygame.Rect(margin, self._title.bottom + margin // 2, width - 2 * margin,
                                 back.top - margin - self._title.bottom - margin // 2)

    def on_button(self, key: str) -> None:
        self._on_back()

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        surface.fill(theme.background)
        title = self.text(self._("House rules and privacy"), self._title, self.px(theme.title_font),
                          theme.text, bold=True)
        surface.blit(title, title.get_rect(center=self._title.center))
        lines = self.lines()
        gap = max(4, self._body.height // 40)
        row_h = (self._body.height - gap * (len(lines) - 1)) // len(lines)
        bullet_w = self.px(theme.body_font)
        for i, line in enumerate(lines):
            row = pygame.Rect(self._body.left + bullet_w, self._body.top + i * (row_h + gap),
                              self._body.width - bullet_w, row_h)
            words = self.text(line, row, self.px(theme.body_font), theme.text)
            pygame.draw.circle(surface, theme.bar_chosen,
                               (self._body.left + bullet_w // 3, row.centery), max(4, bullet_w // 6))
            surface.blit(words, words.get_rect(midleft=row.midleft))
        self.paint_buttons(surface, self.px(theme.body_font))
