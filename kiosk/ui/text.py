"""Text that always fits its box: shrink the font, wrap at words, and as a last resort cut.

Uses the Noto Sans shipped in assets/fonts/ (subset by tools/subset_fonts.py, kerning kept), so
it looks the same on a Pi, a laptop and in CI without any system fonts; pygame's bundled font
stands in only if the files are missing. Characters the font cannot draw (emoji in a prompt,
say) are left out rather than shown as empty boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygame

from kiosk.ui.theme import default_assets_dir

RGB = tuple[int, int, int]
ELLIPSIS = "..."


REGULAR = "NotoSans-Regular.ttf"
BOLD = "NotoSans-Bold.ttf"
# A screen uses a handful of sizes; the bound keeps a long-running kiosk's memory flat even
# if some text is fitted at many sizes over the months.
MAX_CACHED_FONTS = 48


class Fonts:
    """Font objects by pixel size (and weight), created on first use (needs pygame.font.init()).

    One cache per screen rather than per process: a Font must not outlive pygame.font.quit().
    """

    def __init__(self, font_dir: Path | None = None) -> None:
        folder = font_dir if font_dir is not None else default_assets_dir() / "fonts"
        self._paths = {
            False: _existing(folder / REGULAR),
            True: _existing(folder / BOLD) or _existing(folder / REGULAR),
        }
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}

    @property
    def shipped(self) -> bool:
        """Whether the shipped font is in use (False: pygame's default stands in)."""
        return self._paths[False] is not None

    def get(self, size: int, *, bold: bool = False) -> pygame.font.Font:
        size = max(6, int(size))
        font = self._fonts.get((size, bold))
        if font is None:
            if not pygame.font.get_init():
                pygame.font.init()
            if len(self._fonts) >= MAX_CACHED_FONTS:
                self._fonts.pop(next(iter(self._fonts)))
            path = self._paths[bold]
            font = pygame.font.Font(str(path) if path is not None else None, size)
            self._fonts[(size, bold)] = font
        return font


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None


@dataclass(frozen=True)
class FittedText:
    """Lines of text at one font size, known to fit (unless `truncated`) in the box given."""

    size: int
    lines: tuple[str, ...]
    line_height: int
    truncated: bool = False

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def drawable(text: str, font: pygame.font.Font) -> str:
    """`text` without the characters `font` has no glyph for, with spaces tidied."""
    kept = "".join(ch for ch, m in zip(text, font.metrics(text), strict=True) if m is not None)
    return " ".join(kept.split())


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a word longer than a line is split by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.size(candidate)[0] <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while font.size(word)[0] > width and len(word) > 1:
            cut = _longest_prefix(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def fit_text(
    text: str,
    box: tuple[int, int],
    fonts: Fonts,
    *,
    max_size: int,
    min_size: int,
    line_spacing: float = 1.1,
) -> FittedText:
    """The largest font size (max_size down to min_size) at which wrapped `text` fits `box`.

    Below min_size text gets too small to read from a step away, so if even that does not fit
    the last visible line is cut with an ellipsis: never overflow, never unreadably small.
    """
    width, height = max(1, box[0]), max(1, box[1])
    min_size = max(6, min(min_size, max_size))
    size = max_size
    while True:
        font = fonts.get(size)
        clean = drawable(text, font)
        lines = wrap(clean, font, width)
        line_height = max(1, round(font.get_linesize() * line_spacing))
        # The last line needs only its own height, not the spacing below it.
        needed = line_height * max(0, len(lines) - 1) + font.get_height()
        if needed <= height:
            return FittedText(size, tuple(lines), line_height)
        if size <= min_size:
            break
        size = max(min_size, int(size * 0.92))
    fit = max(1, 1 + (height - font.get_height()) // line_height) if height >= 1 else 1
    kept = lines[:fit]
    if len(kept) < len(lines):
        kept[-1] = _with_ellipsis(kept[-1], font, width)
    return FittedText(size, tuple(kept), line_height, truncated=len(kept) < len(lines))


def render_fitted(fitted: FittedText, fonts: Fonts, colour: RGB) -> pygame.Surface:
    """The fitted lines, each centred, on a transparent surface as wide as the widest line."""
    font = fonts.get(fitted.size)
    rendered = [font.render(line, True, colour) for line in fitted.lines]
    width = max((r.get_width() for r in rendered), default=1)
    height = fitted.line_height * max(0, len(rendered) - 1) + font.get_height() if rendered else 1
    surface = pygame.Surface((max(1, width), max(1, height)), pygame.SRCALPHA)
    for row, line in enumerate(rendered):
        surface.blit(line, ((width - line.get_width()) // 2, row * fitted.line_height))
    return surface


def _longest_prefix(word: str, font: pygame.font.Font, width: int) -> int:
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if font.size(word[:mid])[0] <= width:
            low = mid
        else:
            high = mid - 1
    return low


def _with_ellipsis(line: str, font: pygame.font.Font, width: int) -> str:
    while line and font.size(line + ELLIPSIS)[0] > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS
