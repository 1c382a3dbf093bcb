"""Thanks and results, revealed only after answering, with the follow-up offer.

Today's tallies for this prompt as bars (the hub's count at the last pull plus this kiosk's own
presses since), "you and N neighbours answered today", a QR code to the wall, and, when the
prompt asks for it, "add a note or a doodle?" with Note / Doodle / No thanks. Every action is
a focusable button (the language and house-rules ones too), so it all works with the arcade
buttons alone. It goes away by itself after theme.results_seconds without input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pygame

from kiosk.i18n import Translate
from kiosk.ui.nav import NavAction
from kiosk.ui.qr import qr_surface
from kiosk.ui.screens.answers import AnswerPainter
from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.screens.tally_bars import paint_tally_bars
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button
from storywall.protocol.config import PromptConfig

Plural = Callable[[str, str, int], str]
COUNTDOWN_STEPS = 24


def neighbours_line(answered_today: int, translate: Translate, plural: Plural) -> str:
    """ "You and 3 neighbours answered today" (the count includes this answer)."""
    others = max(0, answered_today - 1)
    if others == 0:
        return translate("You are the first to answer today!")
    template = plural(
        "You and {n} neighbour answered today", "You and {n} neighbours answered today", others
    )
    return template.format(n=others)


class ResultsScreen(ScreenBase):
    """`on_choice(key)`: "note", "doodle", "done", "language" or "info"; `on_timeout()`."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        plural: Plural,
        answers: AnswerPainter,
        *,
        prompt: PromptConfig,
        language: str,
        language_label: str,
        chosen: int,
        tallies: Mapping[str, int],
        answered_today: int,
        wall_url: str | None,
        on_choice: Callable[[str], None],
        on_timeout: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.prompt = prompt
        self.language = language
        self.language_label = language_label
        self.chosen = chosen
        self.tallies = dict(tallies)
        self.answered_today = answered_today
        self.wall_url = wall_url
        self.answers = answers
        self._plural = plural
        self._on_choice = on_choice
        self._on_timeout = on_timeout
        self.time_left = theme.results_seconds
        self._step = COUNTDOWN_STEPS
        self._qr: tuple[int, pygame.Surface] | None = None
        self._rects: dict[str, pygame.Rect] = {}

    @property
    def follow_up(self) -> bool:
        return self.prompt.follow_up

    @property
    def neighbours(self) -> str:
        return neighbours_line(self.answered_today, self._, self._plural)

    def on_button(self, key: str) -> None:
        self.time_left = self.theme.results_seconds
        self._on_choice(key)

    def nav(self, action: NavAction) -> None:
        self.time_left = self.theme.results_seconds
        super().nav(action)

    def update(self, dt: float) -> None:
        if self.time_left <= 0:
            return
        self.time_left -= max(0.0, dt)
        step = max(0, round(COUNTDOWN_STEPS * self.time_left / self.theme.results_seconds))
        if step != self._step:
            self._step = step
            self.invalidate()
        if self.time_left <= 0:
            self._on_timeout()

    # -- layout ----------------------------------------------------------------------------------

    def layout(self) -> None:
        width, height = self.size
        theme = self.theme
        margin = self.px(theme.margin)
        gap = self.px(theme.button_gap)
        target = touch_px(self.size, theme)
        portrait = height > width
        labels = (
            [
                ("note", self._("Note"), True),
                ("doodle", self._("Doodle"), True),
                ("done", self._("No thanks"), False),
            ]
            if self.follow_up
            else [("done", self._("Done"), True)]
        )
        extra = [("language", self.language_label, False), ("info", self._("House rules"), False)]
        rows = [labels, extra] if portrait else [labels + extra]
        row_h = round(target * (1.15 if portrait else 1.0))
        bottom = height - margin
        buttons: list[Button] = []
        label_font = self.fonts.get(self.px(theme.body_font))
        for row in reversed(rows):
            top = bottom - row_h
            # Widths follow the words, so "No thanks" is not squeezed to fit "Note".
            wants = [label_font.size(label)[0] + row_h for _key, label, _primary in row]
            free = width - 2 * margin - gap * (len(row) - 1)
            share = [free * want / sum(wants) for want in wants]
            left = float(margin)
            for key, label, primary in row:
                cell_w = share.pop(0)
                rect = pygame.Rect(round(left), top, round(cell_w), row_h)
                buttons.append(Button(key, label, rect, primary))
                left += cell_w + gap
            bottom = top - gap
        # reading order: the first row first
        buttons.sort(key=lambda b: (b.rect.top, b.rect.left))
        self.group.buttons = buttons
        self.group.focus_on("note" if self.follow_up else "done")
        body_px = self.px(theme.body_font)
        question_h = round(body_px * 1.5) if self.follow_up else 0
        question = pygame.Rect(margin, bottom - question_h, width - 2 * margin, question_h)
        title = pygame.Rect(
            margin, margin + 6, width - 2 * margin, round(self.px(theme.title_font) * 1.3)
        )
        middle = pygame.Rect(
            margin, title.bottom + gap, width - 2 * margin, question.top - gap - title.bottom - gap
        )
        line_h = round(body_px * 1.4)
        if portrait:
            qr_side = min(middle.width // 2, round(middle.height * 0.4)) if self.wall_url else 0
            qr = pygame.Rect(0, 0, qr_side, qr_side)
            qr.midbottom = (middle.centerx, middle.bottom - line_h)
            caption = pygame.Rect(middle.left, qr.bottom, middle.width, line_h)
            bars = pygame.Rect(
                middle.left, middle.top, middle.width, qr.top - gap - middle.top - 2 * line_h
            )
        else:
            caption_w = round(middle.width * 0.3) if self.wall_url else 0
            qr_side = min(middle.height - 2 * line_h, caption_w)
            qr = pygame.Rect(
                middle.right - caption_w + (caption_w - qr_side) // 2, middle.top, qr_side, qr_side
            )
            caption = pygame.Rect(middle.right - caption_w, qr.bottom, caption_w, 2 * line_h)
            bars = pygame.Rect(
                middle.left,
                middle.top,
                middle.width - caption_w - (gap if caption_w else 0),
                middle.height - 2 * line_h,
            )
        neighbours = pygame.Rect(bars.left, bars.bottom, bars.width, 2 * line_h)
        self._rects = {
            "title": title,
            "bars": bars,
            "neighbours": neighbours,
            "qr": qr,
            "caption": caption,
            "question": question,
        }

    # -- painting ---------------------------------------------------------------------------------

    def paint(self, surface: pygame.Surface) -> None:
        theme, rects = self.theme, self._rects
        surface.fill(theme.background)
        width = surface.get_width()
        done = round(width * self._step / COUNTDOWN_STEPS)
        pygame.draw.rect(surface, theme.bar_track, (0, 0, width, 6))
        pygame.draw.rect(surface, theme.bar_chosen, (0, 0, done, 6))
        title = self.text(
            self._(theme.thanks_title),
            rects["title"],
            self.px(theme.title_font),
            theme.bar_chosen,
            bold=True,
        )
        surface.blit(title, title.get_rect(center=rects["title"].center))
        self._paint_bars(surface, rects["bars"])
        line = self.text(self.neighbours, rects["neighbours"], self.px(theme.body_font), theme.text)
        surface.blit(line, line.get_rect(center=rects["neighbours"].center))
        if self.wall_url and rects["qr"].width > 0:
            side = rects["qr"].width
            if self._qr is None or self._qr[0] != side:
                self._qr = (
                    side,
                    qr_surface(self.wall_url, side, dark=theme.qr_dark, light=theme.qr_light),
                )
            code = self._qr[1]
            surface.blit(code, code.get_rect(center=rects["qr"].center))
            caption = self.text(
                self._("See the wall on your phone"),
                rects["caption"],
                self.px(theme.body_font),
                theme.muted_text,
            )
            surface.blit(caption, caption.get_rect(center=rects["caption"].center))
        if self.follow_up:
            ask = self.text(
                self._("Add a note or a doodle?"),
                rects["question"],
                self.px(theme.body_font) + 4,
                theme.text,
                bold=True,
            )
            surface.blit(ask, ask.get_rect(center=rects["question"].center))
        self.paint_buttons(surface, self.px(theme.body_font))

    def _paint_bars(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        paint_tally_bars(
            self, surface, box, self.answers, self.prompt, self.language, self.tallies, self.chosen
        )
