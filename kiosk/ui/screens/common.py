"""What every screen of the flow shares: theme, fonts, words, size, a redraw flag, text cache."""

from __future__ import annotations

import pygame

from kiosk.i18n import Translate
from kiosk.ui.nav import NavAction
from kiosk.ui.screens.base import event_pos
from kiosk.ui.text import Fonts, fit_text, render_fitted
from kiosk.ui.theme import RGB, Theme
from kiosk.ui.widgets import ButtonPainter, FocusGroup

MAX_CACHED_TEXTS = 64


class ScreenBase:
    """A screen's plumbing; subclasses lay out in `layout()` and paint in `paint()`."""

    def __init__(
        self, theme: Theme, fonts: Fonts, translate: Translate, size: tuple[int, int]
    ) -> None:
        self.theme = theme
        self.fonts = fonts
        self._ = translate
        self.size = size
        self.painter = ButtonPainter(theme, fonts)
        self.group = FocusGroup([], self.on_button)
        self._dirty = True
        self._laid_out_for: tuple[int, int] | None = None
        self._texts: dict[tuple[str, tuple[int, int], int, int, RGB, bool], pygame.Surface] = {}

    # -- the loop contract ---------------------------------------------------------------------

    @property
    def needs_redraw(self) -> bool:
        return self._dirty

    def invalidate(self) -> None:
        self._dirty = True

    def handle_event(self, event: pygame.event.Event) -> bool:
        pos = event_pos(event, self.size)
        if pos is None:
            return False
        self._ensure_layout()
        used = self.group.touch(pos) or self.touch(pos)
        if used:
            self.invalidate()
        return used

    def nav(self, action: NavAction) -> None:
        self._ensure_layout()
        if self.group.nav(action):
            self.invalidate()

    def update(self, dt: float) -> None:
        """Timers and animations; screens that move override this."""

    def draw(self, surface: pygame.Surface) -> None:
        if surface.get_size() != self.size:
            self.size = surface.get_size()
            self._texts.clear()
        self._ensure_layout()
        self.paint(surface)
        self._dirty = False

    # -- for subclasses --------------------------------------------------------------------------

    @property
    def unit(self) -> int:
        """Sizes are fractions of the short side: a portrait panel is the same glass turned."""
        return min(self.size)

    def px(self, fraction: float) -> int:
        return max(6, round(self.unit * fraction))

    def small_px(self) -> int:
        """The smallest words a passer-by reads: 28 px, or a little more on a bigger panel."""
        return max(28, round(self.px(self.theme.body_font_min) * 0.75))

    def layout(self) -> None:
        """Place the buttons of self.group for self.size."""

    def paint(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def touch(self, pos: tuple[int, int]) -> bool:
        """A touch that hit none of the focusable buttons."""
        return False

    def on_button(self, key: str) -> None:
        """A focusable button was chosen (by touch or by the physical buttons)."""

    def relayout(self) -> None:
        self._laid_out_for = None
        self.invalidate()

    def _ensure_layout(self) -> None:
        if self._laid_out_for != self.size:
            self.layout()
            self._laid_out_for = self.size

    def text(
        self,
        words: str,
        box: pygame.Rect | tuple[int, int],
        max_px: int,
        colour: RGB,
        *,
        min_px: int | None = None,
        bold: bool = False,
    ) -> pygame.Surface:
        """`words` wrapped and shrunk to fit `box` (never below min_px: cut with an ellipsis)."""
        size = box.size if isinstance(box, pygame.Rect) else box
        low = min_px if min_px is not None else self.px(self.theme.body_font_min)
        key = (words, size, max_px, low, colour, bold)
        cached = self._texts.get(key)
        if cached is None:
            if len(self._texts) >= MAX_CACHED_TEXTS:
                self._texts.clear()
            fonts = _BoldFonts(self.fonts) if bold else self.fonts
            fitted = fit_text(words, size, fonts, max_size=max_px, min_size=min(low, max_px))
            cached = render_fitted(fitted, fonts, colour)
            self._texts[key] = cached
        return cached

    def paint_buttons(self, surface: pygame.Surface, font_px: int) -> None:
        focused = self.group.focused
        for button in self.group.buttons:
            self.painter.draw(surface, button, focused=button is focused, font_px=font_px)


class _BoldFonts(Fonts):
    """The same cache, asked for the bold face."""

    def __init__(self, fonts: Fonts) -> None:  # shares the cache, does not copy it
        self._inner = fonts

    def get(self, size: int, *, bold: bool = True) -> pygame.font.Font:
        return self._inner.get(size, bold=True)
