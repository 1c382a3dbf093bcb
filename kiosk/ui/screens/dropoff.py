"""The first drop-off screen: the fridge's rules to confirm, a QR code for the phone form,
and the way on to photographing the shelves.

The rules are the organisers' own words from the hub (what the fridge welcomes, what it
must not hold), each with a box; one large toggle, "My food follows these rules", ticks
them all and unlocks "Photograph the shelves". One target instead of one per rule: up to
24 rules must fit an 800x480 panel, and each tick box would then be far below a finger's
size. The phone form (the QR code) asks rule by rule.

The QR code is the hub's short-lived link, asked for every second through `link()`
(kiosk.dropoff_link fetches it off this thread), or the fridge's sticker link while there
is no fresh one; with neither, no code is shown.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.i18n import Translate
from kiosk.ui.qr import qr_surface
from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.screens.fridge_common import (
    label_floor,
    paint_disabled,
    paint_title,
    paint_warning,
    title_row,
)
from kiosk.ui.text import Fonts, wrap
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup
from storywall.protocol.fridge_config import FridgeConfig

LINK_POLL_S = 1.0


class DropoffScreen(ScreenBase):
    """Rules, QR code, confirm toggle; `on_photo()` once confirmed, `on_back()` to leave."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        fridge: FridgeConfig,
        link: Callable[[], str | None],
        on_photo: Callable[[], None],
        on_back: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.fridge = fridge
        self._link = link
        self._on_photo = on_photo
        self._on_back = on_back
        self.confirmed = False
        self.url = link()
        self._poll_left = LINK_POLL_S
        self.group = FocusGroup([], self.on_button, back="back")
        self._title = pygame.Rect(0, 0, 1, 1)
        self._warning: pygame.Rect | None = None
        self._rules = pygame.Rect(0, 0, 1, 1)
        self._qr = pygame.Rect(0, 0, 0, 0)
        self._caption = pygame.Rect(0, 0, 0, 0)
        self._photo = Button("photo", "")
        self._qr_cache: tuple[str, int, pygame.Surface] | None = None

    # -- loop ----------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        self._poll_left -= max(0.0, dt)
        if self._poll_left <= 0:
            self._poll_left = LINK_POLL_S
            url = self._link()
            if url != self.url:
                self.url = url
                self.invalidate()

    def layout(self) -> None:
        width, height = self.size
        theme = self.theme
        margin = self.px(theme.margin)
        gap = self.px(theme.button_gap)
        target = touch_px(self.size, theme)
        self._title, back = title_row(self, back_label=self._("Back"))
        inner_w = width - 2 * margin
        self._warning = None
        landscape = width >= height
        if self.fridge.warning and landscape:
            # Height is short: the warning takes the title's place (the volunteer has
            # just pressed "Drop off food"; the warning is what they must not miss).
            # Two lines high, so the hub's sentence fits whole.
            self._warning = pygame.Rect(
                self._title.left, margin, self._title.width, round(target * 1.3)
            )
            self._title = pygame.Rect(0, 0, 0, 0)
        top = (
            max(self._title.bottom, back.rect.bottom, self._warning.bottom if self._warning else 0)
            + gap
        )
        if self.fridge.warning and not landscape:
            self._warning = pygame.Rect(margin, top, inner_w, round(target * 1.2))
            top = self._warning.bottom + gap
        caption_h = round(self.small_px() * 2.4)
        if landscape:
            row = pygame.Rect(margin, height - margin - target, inner_w, target)
            confirm = pygame.Rect(row.left, row.top, round(row.width * 0.56), target)
            photo = pygame.Rect(
                confirm.right + gap, row.top, row.right - confirm.right - gap, target
            )
            middle = pygame.Rect(margin, top, inner_w, row.top - gap - top)
            side = max(0, min(middle.height - caption_h, round(inner_w * 0.22)))
            self._qr = pygame.Rect(middle.right - side, middle.top, side, side)
            self._caption = pygame.Rect(
                self._qr.left - gap, self._qr.bottom, side + gap, middle.bottom - self._qr.bottom
            )
            self._rules = pygame.Rect(
                middle.left, middle.top, middle.width - side - 2 * gap, middle.height
            )
        else:
            photo = pygame.Rect(margin, height - margin - target, inner_w, target)
            confirm = pygame.Rect(margin, photo.top - gap - target, inner_w, target)
            # The QR code and its caption side by side above the buttons; the rules above.
            side = round(inner_w * 0.27)
            self._qr = pygame.Rect(margin, confirm.top - 2 * gap - side, side, side)
            self._caption = pygame.Rect(
                self._qr.right + gap, self._qr.top, inner_w - side - gap, side
            )
            self._rules = pygame.Rect(margin, top, inner_w, self._qr.top - gap - top)
        self._photo = Button("photo", self._("Photograph the shelves"), photo, True)
        buttons = [Button("confirm", self._("My food follows these rules"), confirm)]
        if self.confirmed:
            buttons.append(self._photo)
        self.group.buttons = [*buttons, back]
        # Buttons come and go (Done, Photograph): the focus stays on one that is there.
        self.group.focus = min(self.group.focus, len(self.group.buttons) - 1)

    def on_button(self, key: str) -> None:
        if key == "confirm":
            self.confirmed = not self.confirmed
            self.relayout()
            self._ensure_layout()
            self.group.focus_on("photo" if self.confirmed else "confirm")
        elif key == "photo" and self.confirmed:
            self._on_photo()
        elif key == "back":
            self._on_back()

    # -- painting ------------------------------------------------------------------------

    def rule_columns(self) -> list[list[tuple[str, bool]]]:
        """(words, is_heading) per column: what it welcomes, then what it refuses; one
        column when the space is narrow."""
        columns: list[list[tuple[str, bool]]] = []
        if self.fridge.accepts:
            heading = [(self._("This fridge welcomes"), True)]
            columns.append(heading + [(rule, False) for rule in self.fridge.accepts])
        if self.fridge.refuses:
            heading = [(self._("Please do not bring"), True)]
            columns.append(heading + [(rule, False) for rule in self.fridge.refuses])
        if not columns:
            columns.append(
                [(self._("Only food that is fresh, labelled and safe to share."), False)]
            )
        if self._rules.width < 500:
            return [[line for column in columns for line in column]]
        return columns

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        surface.fill(theme.background)
        if self._title.width:
            paint_title(self, surface, self._title, self._("Drop off food"))
        if self._warning is not None and self.fridge.warning:
            paint_warning(self, surface, self._warning, self.fridge.warning)
        self._paint_rules(surface)
        self._paint_qr(surface)
        focused = self.group.focused
        for button in self.group.buttons:
            if button.key == "confirm":
                self._paint_toggle(surface, button, focused=button is focused)
            else:
                self.painter.draw(
                    surface,
                    button,
                    focused=button is focused,
                    font_px=self.px(theme.body_font),
                    pressed=button.primary,
                )
        if not self.confirmed:
            paint_disabled(self, surface, self._photo)

    def _paint_rules(self, surface: pygame.Surface) -> None:
        """Every rule whole, as large as they all fit, down to the size of a button's label
        (the volunteer reads them at arm's length, at the touchscreen); a list longer than
        even that loses its last lines."""
        theme, area = self.theme, self._rules
        columns = self.rule_columns()
        gap = self.px(theme.button_gap)
        col_w = (area.width - gap * (len(columns) - 1)) // len(columns)
        size = self.px(theme.body_font)
        floor = label_floor(self)
        while True:
            font = self.fonts.get(size)
            bold = self.fonts.get(size, bold=True)
            indent = round(font.get_height() * 1.2)
            line_h = round(font.get_linesize() * 0.95)
            wrapped = [
                [
                    wrap(words, bold if heading else font, col_w - (0 if heading else indent))
                    for words, heading in column
                ]
                for column in columns
            ]
            tallest = max(sum(map(len, rows)) for rows in wrapped) * line_h
            if size <= floor or tallest <= area.height:
                break
            size -= 1
        for index, (column, rows) in enumerate(zip(columns, wrapped, strict=True)):
            left = area.left + index * (col_w + gap)
            y = area.top
            for (_words, heading), lines in zip(column, rows, strict=True):
                if y + line_h > area.bottom:
                    break
                if not heading:
                    self._paint_box(surface, pygame.Rect(left, y, indent, line_h))
                for line in lines:
                    if y + line_h > area.bottom:
                        break
                    face = bold if heading else font
                    x = left if heading else left + indent
                    surface.blit(face.render(line, True, theme.text), (x, y))
                    y += line_h

    def _paint_box(self, surface: pygame.Surface, cell: pygame.Rect) -> None:
        """A tick box in a rule's first line: empty, or ticked once confirmed."""
        side = round(min(cell.size) * 0.6)
        box = pygame.Rect(0, 0, side, side)
        box.center = (cell.left + side // 2 + 2, cell.centery)
        pygame.draw.rect(surface, self.theme.button_face, box)
        pygame.draw.rect(surface, self.theme.button_border, box, width=max(2, side // 8))
        if self.confirmed:
            _tick(surface, box, self.theme.bar_chosen)

    def _paint_toggle(self, surface: pygame.Surface, button: Button, *, focused: bool) -> None:
        theme = self.theme
        rect = button.rect
        label = Button(button.key, "", rect, button.primary)
        self.painter.draw(
            surface,
            label,
            focused=focused,
            font_px=self.px(theme.body_font),
            pressed=self.confirmed,
        )
        side = round(rect.height * 0.5)
        box = pygame.Rect(rect.left + side // 2, rect.centery - side // 2, side, side)
        pygame.draw.rect(surface, theme.button_face, box)
        pygame.draw.rect(surface, theme.button_border, box, width=max(2, side // 8))
        if self.confirmed:
            _tick(surface, box, theme.bar_chosen)
        words = pygame.Rect(
            box.right + side // 2, rect.top + 4, rect.right - box.right - side, rect.height - 8
        )
        rendered = self.text(
            button.label, words, self.px(theme.body_font), theme.text, min_px=label_floor(self)
        )
        surface.blit(rendered, rendered.get_rect(midleft=words.midleft))

    def _paint_qr(self, surface: pygame.Surface) -> None:
        url, side = self.url, self._qr.width
        if not url or side < 40:
            return
        cached = self._qr_cache
        if cached is None or cached[:2] != (url, side):
            code = qr_surface(url, side, dark=self.theme.qr_dark, light=self.theme.qr_light)
            self._qr_cache = cached = (url, side, code)
        code = cached[2]
        surface.blit(code, code.get_rect(center=self._qr.center))
        caption = self.text(
            self._("Or log it on your phone"),
            self._caption,
            self.small_px(),
            self.theme.muted_text,
            min_px=min(self.small_px(), 20),
        )
        if self._caption.height >= self._qr.height:  # beside the code (portrait)
            surface.blit(caption, caption.get_rect(midleft=self._caption.midleft))
        else:
            surface.blit(caption, caption.get_rect(midtop=self._caption.midtop))


def _tick(surface: pygame.Surface, box: pygame.Rect, colour: tuple[int, int, int]) -> None:
    width = max(3, box.width // 6)
    points = [
        (box.left + box.width * 0.2, box.top + box.height * 0.55),
        (box.left + box.width * 0.42, box.top + box.height * 0.78),
        (box.left + box.width * 0.82, box.top + box.height * 0.25),
    ]
    pygame.draw.lines(surface, colour, False, points, width)
