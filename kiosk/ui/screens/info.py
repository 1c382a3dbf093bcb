"""House rules and privacy: what the kiosk keeps, who reads the notes, who runs it."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.i18n import Translate
from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.text import Fonts, wrap
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup
from storywall.protocol import SiteConfig

RULES = (
    "You stay anonymous: nobody asks your name.",
    "No camera ever points at people.",
    "A volunteer reads every note before it appears on the wall.",
    "Buttons count answers; nothing else about you is kept.",
)
# At a post-moderated site, the third rule says what really happens.
POST_MODERATION_RULE = "Your note appears at once; a volunteer checks it after."


class InfoScreen(ScreenBase):
    """The house rules, and one focused Back button (`on_back()`)."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        site: SiteConfig | None,
        on_back: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        # Who runs it, from the pulled config; and what a person does with the notes,
        # by the site's mode (pre, and so from an older hub, unless it says post).
        post_moderated = site is not None and site.moderation == "post"
        self.rules = tuple(
            POST_MODERATION_RULE if post_moderated and rule == RULES[2] else rule for rule in RULES
        )
        self.operator = site.operator if site is not None else ""
        self.contact = site.contact if site is not None else ""
        self._on_back = on_back
        self.group = FocusGroup([], self.on_button, back="back")
        self._body = pygame.Rect(0, 0, 1, 1)
        self._title = pygame.Rect(0, 0, 1, 1)

    def lines(self) -> list[str]:
        lines = [self._(rule) for rule in self.rules]
        who = []
        if self.operator:
            who.append(self._("This kiosk is run by {operator}.").format(operator=self.operator))
        if self.contact:
            who.append(self._("Contact: {contact}").format(contact=self.contact))
        if who:
            lines.append(" ".join(who))
        return lines

    def layout(self) -> None:
        # Landscape: Back at the top right, beside the title, so the rules get the whole
        # height. Portrait has height to spare: the title across, Back at the bottom.
        width, height = self.size
        margin = self.px(self.theme.margin)
        gap = self.px(self.theme.button_gap)
        target = touch_px(self.size, self.theme)
        ring = self.px(0.02)  # room for the Back button's focus ring
        back = pygame.Rect(0, 0, round(target * 2.6), target)
        if width >= height:
            back.topright = (width - margin, margin)
            self._title = pygame.Rect(margin, margin, back.left - gap - margin, target)
            top, bottom = back.bottom + gap + ring, height - margin
        else:
            back.midbottom = (width // 2, height - margin)
            title_h = round(self.px(self.theme.title_font) * 1.4)
            self._title = pygame.Rect(margin, margin, width - 2 * margin, title_h)
            top, bottom = self._title.bottom + gap, back.top - gap - ring
        self.group.buttons = [Button("back", self._("Back"), back, True)]
        self._body = pygame.Rect(margin, top, width - 2 * margin, bottom - top)

    def on_button(self, key: str) -> None:
        self._on_back()

    @staticmethod
    def _height(rows: list[list[str]], line_h: int, gap: int) -> int:
        return sum(len(r) for r in rows) * line_h + gap * (len(rows) - 1)

    def _wrapped(self, lines: list[str]) -> tuple[pygame.font.Font, list[list[str]]]:
        """The largest size (body text down to the smallest allowed) at which every rule
        fits whole, wrapped: a house rule is never cut off."""
        width = self._body.width - self.px(self.theme.body_font)
        size = self.px(self.theme.body_font)
        while True:
            font = self.fonts.get(size)
            rows = [wrap(line, font, width) for line in lines]
            line_h = round(font.get_linesize() * 0.92)
            if (
                size <= self.small_px()
                or self._height(rows, line_h, line_h // 5) <= self._body.height
            ):
                return font, rows
            size -= 1

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        surface.fill(theme.background)
        title = self.text(
            self._("House rules and privacy"),
            self._title,
            self.px(theme.title_font),
            theme.text,
            bold=True,
        )
        surface.blit(title, title.get_rect(center=self._title.center))
        font, rows = self._wrapped(self.lines())
        line_h = round(font.get_linesize() * 0.92)
        gap = line_h // 5
        bullet_w = self.px(theme.body_font)
        y = self._body.top + max(0, (self._body.height - self._height(rows, line_h, gap)) // 2)
        for wrapped in rows:
            pygame.draw.circle(
                surface,
                theme.bar_chosen,
                (self._body.left + bullet_w // 3, y + line_h // 2),
                max(4, bullet_w // 6),
            )
            for line in wrapped:
                surface.blit(font.render(line, True, theme.text), (self._body.left + bullet_w, y))
                y += line_h
            y += gap
        self.paint_buttons(surface, self.px(theme.body_font))
