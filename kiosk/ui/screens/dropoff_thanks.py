"""The last drop-off screen: thanks, once the drop-off is on disk (in the outbox).

It says what happens next (the counts are public at once; the photo after a volunteer
has looked at it) and goes back to the attract screen by itself, or at a touch.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.i18n import Translate
from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup

THANKS_SECONDS = 8.0


class DropoffThanksScreen(ScreenBase):
    """Thanks; `on_done()` after THANKS_SECONDS or the Done button."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        items: int,
        photo: bool,
        on_done: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.items = items
        self.photo = photo
        self._on_done = on_done
        self._left = THANKS_SECONDS
        self.group = FocusGroup([], self.on_button, back="done")
        self._title = pygame.Rect(0, 0, 1, 1)
        self._body = pygame.Rect(0, 0, 1, 1)

    def update(self, dt: float) -> None:
        self._left -= max(0.0, dt)
        if self._left <= 0:
            self._left = float("inf")  # once
            self._on_done()

    def layout(self) -> None:
        width, height = self.size
        margin = self.px(self.theme.margin)
        gap = self.px(self.theme.button_gap)
        target = touch_px(self.size, self.theme)
        done = pygame.Rect(0, 0, round(target * 3), target)
        done.midbottom = (width // 2, height - margin)
        title_h = round(self.px(self.theme.prompt_font) * 1.3)
        self._title = pygame.Rect(margin, margin + height // 10, width - 2 * margin, title_h)
        self._body = pygame.Rect(
            margin,
            self._title.bottom + gap,
            width - 2 * margin,
            done.top - 2 * gap - self._title.bottom,
        )
        self.group.buttons = [Button("done", self._("Done"), done, True)]

    def on_button(self, key: str) -> None:
        self._left = float("inf")
        self._on_done()

    def lines(self) -> str:
        said = self._("Your drop-off is logged: the fridge's page shows it.")
        if self.photo:
            said += " " + self._("The photo appears once a volunteer has looked at it.")
        return said

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        surface.fill(theme.background)
        title = self.text(
            self._("Thank you!"),
            self._title,
            self.px(theme.prompt_font),
            theme.bar_chosen,
            bold=True,
        )
        surface.blit(title, title.get_rect(center=self._title.center))
        body = self.text(self.lines(), self._body, self.px(theme.body_font), theme.text)
        surface.blit(body, body.get_rect(center=self._body.center))
        self.paint_buttons(surface, self.px(theme.body_font))
