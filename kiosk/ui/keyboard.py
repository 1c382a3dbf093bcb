"""A large on-screen keyboard for the note composer, usable by touch and by physical buttons.

Keys are at least about 10 mm on a 7" 800x480 panel (52 px; 62 px where the width allows).
With buttons, prev/next move a focus ring along a row and on into the next one (wrapping at
both ends) and select types the focused key; the focus stays where it is after typing, so a
double letter is one more select. Shift types one capital, a second shift locks capitals, a
third unlocks. The keyboard never holds the text: press() says what a key means and the
screen edits its own text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from kiosk.i18n import Translate
from kiosk.ui.controls import draw_focus, identity
from kiosk.ui.keyboard_layouts import KeySpec, Page, layout_for
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme

MIN_KEY_PX = 52  # 10 mm on a 7" 800x480 panel (about 5.2 px per mm)
BEST_KEY_PX = 62
MAX_KEY_ASPECT = 1.6  # height / width: taller keys on a portrait panel, but still keys


@dataclass(frozen=True)
class KeyPress:
    """What a key press means for the text: "text" (with the characters), "backspace",
    "done", or "none" (shift and page keys change the keyboard itself)."""

    kind: str
    text: str = ""


class Keyboard:
    """Keys for one language, laid out in a rectangle given by the screen."""

    def __init__(self, language: str, *, translate: Translate = identity) -> None:
        self.language = language
        self._t = translate
        self._pages = layout_for(language)
        self.page: Page = "letters"
        self.shift = "off"  # "off", "once" or "lock"
        self.done_enabled = True
        self._rect = pygame.Rect(0, 0, 0, 0)
        self._keys: list[tuple[KeySpec, pygame.Rect]] = []
        self._gap = 4

    # -- geometry --------------------------------------------------------------------------

    def natural_height(self, width: int, max_height: int) -> int:
        """The height the keys want in `width` pixels: square-ish keys, no taller."""
        units = self._max_units()
        gap = max(3, width // 160)
        unit = (width + gap) / units - gap
        rows = max(len(r) for r in self._pages.values())
        key_h = min(unit * MAX_KEY_ASPECT, (max_height + gap) / rows - gap)
        return int(rows * (key_h + gap) - gap)

    def place(self, rect: pygame.Rect) -> None:
        """Lay the current page's keys out in `rect` (rows centred, as wide as they can be)."""
        self._rect = pygame.Rect(rect)
        self._gap = gap = max(3, rect.width // 160)
        rows = self._pages[self.page]
        n_rows = max(len(r) for r in self._pages.values())
        unit_w = (rect.width + gap) / self._max_units()
        key_h = int(min((unit_w - gap) * MAX_KEY_ASPECT, (rect.height + gap) / n_rows - gap))
        top = rect.bottom - (n_rows * (key_h + gap) - gap)
        top += (n_rows - len(rows)) * (key_h + gap) // 2
        self._keys = []
        for r, row in enumerate(rows):
            row_w = sum(k.width for k in row) * unit_w - gap
            x = rect.left + (rect.width - row_w) / 2
            y = top + r * (key_h + gap)
            for spec in row:
                w = spec.width * unit_w - gap
                self._keys.append((spec, pygame.Rect(round(x), y, round(w), key_h)))
                x += w + gap

    def _max_units(self) -> float:
        return max(sum(k.width for k in row) for rows in self._pages.values() for row in rows)

    @property
    def keys(self) -> list[tuple[KeySpec, pygame.Rect]]:
        return list(self._keys)

    @property
    def key_size(self) -> tuple[int, int]:
        """The size of a one-unit key as placed."""
        for spec, rect in self._keys:
            if spec.width == 1.0:
                return rect.size
        return (0, 0)

    def key_at(self, pos: tuple[int, int]) -> int | None:
        slack = self._gap // 2
        for index, (_spec, rect) in enumerate(self._keys):
            if rect.inflate(2 * slack, 2 * slack).collidepoint(pos):
                return index
        return None

    def index_of(self, label: str) -> int | None:
        """The index of the key showing `label` on the current page, if any."""
        for index in range(len(self._keys)):
            if self.label(index) == label:
                return index
        return None

    # -- meaning -----------------------------------------------------------------------------

    def label(self, index: int) -> str:
        spec = self._keys[index][0]
        if spec.kind == "char":
            return spec.char.upper() if self.shift != "off" else spec.char
        names = {
            "shift": "\u21e7",
            "backspace": "\u232b",
            "enter": "\u21b5",
            "space": self._t("space"),
            "done": self._t("Done"),
            "page": "?123" if self.page == "letters" else "ABC",
        }
        return names[spec.kind]

    def press(self, index: int) -> KeyPress:
        spec = self._keys[index][0]
        if spec.kind == "char":
            char = spec.char.upper() if self.shift != "off" else spec.char
            if self.shift == "once":
                self.shift = "off"
            return KeyPress("text", char)
        if spec.kind == "space":
            return KeyPress("text", " ")
        if spec.kind == "enter":
            return KeyPress("text", "\n")
        if spec.kind == "shift":
            self.shift = {"off": "once", "once": "lock", "lock": "off"}[self.shift]
            return KeyPress("none")
        if spec.kind == "page":
            self.page = "symbols" if self.page == "letters" else "letters"
            self.shift = "off"
            self.place(self._rect)
            return KeyPress("none")
        if spec.kind == "done":
            return KeyPress("done") if self.done_enabled else KeyPress("none")
        return KeyPress("backspace")

    # -- drawing -----------------------------------------------------------------------------

    def draw(
        self,
        surface: pygame.Surface,
        theme: Theme,
        fonts: Fonts,
        *,
        focus: int | None = None,
        pressed: int | None = None,
    ) -> None:
        kw, kh = self.key_size
        char_font = fonts.get(round(min(kw, kh) * 0.55))
        word_font = fonts.get(round(min(kw, kh) * 0.4))
        for index, (spec, rect) in enumerate(self._keys):
            radius = max(4, round(min(rect.size) * 0.14))
            special = spec.kind != "char"
            face = theme.button_face
            if index == pressed:
                face = theme.button_pressed
            elif (spec.kind == "shift" and self.shift != "off") or spec.kind == "done":
                face = theme.compose_selected
            disabled = spec.kind == "done" and not self.done_enabled
            if disabled:
                face = theme.button_face
            shadow = rect.move(0, max(2, kh // 20))
            pygame.draw.rect(surface, theme.button_shadow, shadow, border_radius=radius)
            pygame.draw.rect(surface, face, rect, border_radius=radius)
            edge = theme.compose_disabled if disabled else theme.button_border
            pygame.draw.rect(surface, edge, rect, width=2, border_radius=radius)
            if spec.kind == "shift" and self.shift == "lock":
                bar = pygame.Rect(0, 0, rect.width // 3, max(3, kh // 14))
                bar.midbottom = (rect.centerx, rect.bottom - kh // 8)
                pygame.draw.rect(surface, theme.button_border, bar)
            text = self.label(index)
            font = word_font if special and len(text) > 1 else char_font
            ink = theme.compose_disabled if disabled else theme.text
            if special and len(text) == 1:
                _draw_symbol(surface, spec.kind, rect, ink)
            else:
                rendered = font.render(text, True, ink)
                surface.blit(rendered, rendered.get_rect(center=rect.center))
        if focus is not None and 0 <= focus < len(self._keys):
            draw_focus(surface, self._keys[focus][1], theme)


def _draw_symbol(
    surface: pygame.Surface, kind: str, rect: pygame.Rect, ink: tuple[int, ...]
) -> None:
    """Shift, backspace and enter drawn as shapes: the bundled font has no arrows."""
    s = min(rect.size) * 0.18
    cx, cy = rect.center
    width = max(2, round(s / 3))
    if kind == "shift":
        points = [
            (cx, cy - 1.6 * s),
            (cx + 1.4 * s, cy),
            (cx + 0.6 * s, cy),
            (cx + 0.6 * s, cy + 1.3 * s),
            (cx - 0.6 * s, cy + 1.3 * s),
            (cx - 0.6 * s, cy),
            (cx - 1.4 * s, cy),
        ]
        pygame.draw.polygon(surface, ink, points, width)
    elif kind == "backspace":
        points = [
            (cx - 2 * s, cy),
            (cx - 0.9 * s, cy - 1.1 * s),
            (cx + 1.8 * s, cy - 1.1 * s),
            (cx + 1.8 * s, cy + 1.1 * s),
            (cx - 0.9 * s, cy + 1.1 * s),
        ]
        pygame.draw.polygon(surface, ink, points, width)
        for dx in (-1, 1):
            a = (cx + 0.45 * s - 0.5 * s, cy - 0.5 * s * dx)
            b = (cx + 0.45 * s + 0.5 * s, cy + 0.5 * s * dx)
            pygame.draw.line(surface, ink, a, b, width)
    else:  # enter: a hooked arrow down and to the left
        pygame.draw.line(surface, ink, (cx + 1.3 * s, cy - 1.2 * s), (cx + 1.3 * s, cy), width)
        pygame.draw.line(surface, ink, (cx + 1.3 * s, cy), (cx - 1.3 * s, cy), width)
        tip = (cx - 1.5 * s, cy)
        pygame.draw.line(surface, ink, tip, (cx - 0.6 * s, cy - 0.8 * s), width)
        pygame.draw.line(surface, ink, tip, (cx - 0.6 * s, cy + 0.8 * s), width)
