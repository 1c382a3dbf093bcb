"""The third drop-off screen: what was brought, as counts per category, and how full the
fridge is now (optional).

Big targets: every - and + is a full touch target, the counts are large, and the food
level is four buttons (tap the chosen one again to leave it unsaid). Prepared meals are
not offered here: the wire needs the day they were made, and a kiosk whose clock may not
know today's date cannot offer a trustworthy calendar; the screen points to the phone form.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.i18n import Translate
from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.screens.fridge_common import label_floor, paint_disabled, paint_title, title_row
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup
from storywall.protocol.limits import MAX_ITEM_COUNT

# The categories a kiosk offers, in the form's order, with their words on screen.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("produce", "Fruit and veg"),
    ("bread", "Bread and bakery"),
    ("dairy", "Dairy and eggs"),
    ("packaged", "Packaged and dry"),
    ("other", "Other"),
)
LEVELS: tuple[str, ...] = ("Empty", "A few items", "Many items", "Full")


class DropoffItemsScreen(ScreenBase):
    """Counts per category and an optional level; `on_done(items, level)` and `on_back()`."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        on_done: Callable[[dict[str, int], int | None], None],
        on_back: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self._on_done = on_done
        self._on_back = on_back
        self.counts: dict[str, int] = {name: 0 for name, _words in CATEGORIES}
        self.level: int | None = None
        self.group = FocusGroup([], self.on_button, back="back")
        self._title = pygame.Rect(0, 0, 1, 1)
        self._cells: dict[str, pygame.Rect] = {}
        self._note = pygame.Rect(0, 0, 0, 0)
        self._level_title = pygame.Rect(0, 0, 1, 1)
        self._done = Button("done", "")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def layout(self) -> None:
        width, height = self.size
        theme = self.theme
        margin = self.px(theme.margin)
        gap = self.px(theme.button_gap)
        target = touch_px(self.size, theme)
        self._title, back = title_row(self, back_label=self._("Back"))
        top = self._title.bottom + gap
        heading_h = round(self.small_px() * 1.4)
        inner_w = width - 2 * margin
        if width >= height:
            # Categories three across; the level row and Done share the bottom line.
            row = pygame.Rect(margin, height - margin - target, inner_w, target)
            done = pygame.Rect(row.right - target * 2, row.top, target * 2, target)
            levels = _grid(
                4, 4, pygame.Rect(row.left, row.top, done.left - gap - row.left, target), gap // 2
            )
            self._level_title = pygame.Rect(margin, row.top - heading_h, inner_w, heading_h)
            grid = pygame.Rect(margin, top, inner_w, self._level_title.top - gap // 2 - top)
            cells = _grid(6, 3, grid, gap)
        else:
            done = pygame.Rect(margin, height - margin - target, inner_w, target)
            level_area = pygame.Rect(
                margin, done.top - 2 * gap - 2 * target - gap // 2, inner_w, 2 * target + gap // 2
            )
            self._level_title = pygame.Rect(margin, level_area.top - heading_h, inner_w, heading_h)
            levels = _grid(4, 2, level_area, gap // 2)
            grid = pygame.Rect(margin, top, inner_w, self._level_title.top - gap - top)
            cells = _grid(6, 2, grid, gap)
        buttons: list[Button] = []
        self._cells = {}
        for (name, _words), cell in zip(CATEGORIES, cells, strict=False):
            self._cells[name] = cell
            side = self._step_side(cell)
            row_top = cell.bottom - side
            buttons.append(Button(f"minus:{name}", "", pygame.Rect(cell.left, row_top, side, side)))
            buttons.append(
                Button(f"plus:{name}", "", pygame.Rect(cell.right - side, row_top, side, side))
            )
        self._note = cells[-1]
        for index, rect in enumerate(levels):
            buttons.append(Button(f"level:{index}", self._(LEVELS[index]), rect))
        self._done = Button("done", self._("Done"), done, True)
        if self.total:
            buttons.append(self._done)
        self.group.buttons = [*buttons, back]
        # Buttons come and go (Done, Photograph): the focus stays on one that is there.
        self.group.focus = min(self.group.focus, len(self.group.buttons) - 1)

    def _step_side(self, cell: pygame.Rect) -> int:
        """The side of a cell's - and + buttons: a full touch target where it fits."""
        return min(touch_px(self.size, self.theme), cell.height * 3 // 5, cell.width // 3)

    def on_button(self, key: str) -> None:
        kind, _, name = key.partition(":")
        if kind == "back":
            self._on_back()
        elif kind == "done" and self.total:
            self._on_done({k: v for k, v in self.counts.items() if v}, self.level)
        elif kind in ("minus", "plus") and name in self.counts:
            step = 1 if kind == "plus" else -1
            before = self.total
            self.counts[name] = min(MAX_ITEM_COUNT, max(0, self.counts[name] + step))
            if bool(before) != bool(self.total):  # Done appears or goes
                self.relayout()
                self._ensure_layout()
                self.group.focus_on(key)
        elif kind == "level":
            chosen = int(name)
            self.level = None if self.level == chosen else chosen

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        surface.fill(theme.background)
        paint_title(self, surface, self._title, self._("What did you bring?"))
        small = self.small_px()
        for name, words in CATEGORIES:
            cell = self._cells[name]
            radius = max(4, round(min(cell.size) * 0.08))
            pygame.draw.rect(surface, theme.card_background, cell, border_radius=radius)
            side = self._step_side(cell)
            label = pygame.Rect(
                cell.left + 8, cell.top + 2, cell.width - 16, cell.height - side - 4
            )
            rendered = self.text(
                self._(words),
                label,
                self.px(theme.body_font),
                theme.text,
                min_px=label_floor(self),
                bold=True,
            )
            surface.blit(rendered, rendered.get_rect(center=label.center))
            count = pygame.Rect(cell.left + side, cell.bottom - side, cell.width - 2 * side, side)
            number = self.text(
                str(self.counts[name]),
                count,
                round(side * 0.75),
                theme.text,
                min_px=small,
                bold=True,
            )
            surface.blit(number, number.get_rect(center=count.center))
        note = self.text(
            self._("Prepared meals? Log them on your phone."),
            self._note.inflate(-12, -8),
            small,
            theme.muted_text,
            min_px=label_floor(self),
        )
        surface.blit(note, note.get_rect(center=self._note.center))
        heading = self.text(
            self._("How full is the fridge now?"),
            self._level_title,
            small,
            theme.text,
            min_px=small,
        )
        surface.blit(heading, heading.get_rect(midleft=self._level_title.midleft))
        focused = self.group.focused
        for button in self.group.buttons:
            chosen = button.key == f"level:{self.level}" or button.primary
            self.painter.draw(
                surface,
                button,
                focused=button is focused,
                font_px=self.px(theme.body_font),
                pressed=chosen,
            )
            if button.key.startswith(("minus:", "plus:")):
                _sign(surface, button.rect, theme.text, plus=button.key.startswith("plus:"))
        if not self.total:
            paint_disabled(self, surface, self._done)


def _sign(
    surface: pygame.Surface, rect: pygame.Rect, colour: tuple[int, int, int], *, plus: bool
) -> None:
    """A bold minus or plus drawn as bars: the same in every font, and large."""
    arm = round(rect.width * 0.24)
    thick = max(3, rect.width // 11)
    bar = pygame.Rect(0, 0, 2 * arm, thick)
    bar.center = rect.center
    pygame.draw.rect(surface, colour, bar)
    if plus:
        pygame.draw.rect(surface, colour, bar.copy().inflate(thick - 2 * arm, 2 * arm - thick))


def _grid(count: int, cols: int, area: pygame.Rect, gap: int) -> list[pygame.Rect]:
    rows = -(-count // cols)
    cell_w = (area.width - gap * (cols - 1)) // cols
    cell_h = (area.height - gap * (rows - 1)) // rows
    return [
        pygame.Rect(
            area.left + (i % cols) * (cell_w + gap),
            area.top + (i // cols) * (cell_h + gap),
            cell_w,
            cell_h,
        )
        for i in range(count)
    ]
