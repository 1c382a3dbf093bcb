"""Emoji as pictures: bundled PNG first, then a colour emoji font, then a plain tile.

SDL fonts cannot be trusted to draw colour emoji on every machine, so the kiosk ships a PNG per
emoji in its default set (assets/emoji/<codepoints>.png, made by tools/make_emoji_assets.py).
An emoji the hub sends that has no PNG is drawn from a colour emoji font if the system has one,
and otherwise as a rounded tile with the emoji's text when the plain font can draw it, else its
Unicode name ("hedgehog", "duck"): a button is never blank, and two such buttons never look
alike.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pygame

from kiosk.ui.text import Fonts, fit_text, render_fitted

log = logging.getLogger(__name__)

RGB = tuple[int, int, int]

# Code points that decorate an emoji rather than draw it: variation selectors, the zero-width
# joiner and the skin-tone modifiers. File names leave out the variation selector, as Noto's do.
_VARIATION_SELECTOR = 0xFE0F
_INVISIBLE = frozenset({0xFE0E, 0xFE0F, 0x200D, *range(0x1F3FB, 0x1F400)})

# A private-use code point: no font draws it, so it shows what "missing" looks like.
_NEVER_AN_EMOJI = "\U0010fffd"
# Noto Color Emoji is a bitmap font with one strike; SDL_ttf draws it at this size only.
EMOJI_FONT_SIZE = 109
SYSTEM_EMOJI_FONTS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf"),
    Path("/System/Library/Fonts/Apple Color Emoji.ttc"),
    Path("C:/Windows/Fonts/seguiemj.ttf"),
)


def emoji_filename(emoji: str) -> str:
    """The PNG name for an emoji: its code points in lower-case hex joined by '-'.

    >>> emoji_filename("\N{GRINNING FACE}")
    '1f600.png'
    >>> emoji_filename("\N{HEAVY BLACK HEART}\N{VARIATION SELECTOR-16}")
    '2764.png'
    """
    points = [cp for cp in map(ord, emoji) if cp != _VARIATION_SELECTOR] or list(map(ord, emoji))
    return "-".join(f"{cp:x}" for cp in points) + ".png"


def _visible_text(emoji: str) -> str:
    return "".join(ch for ch in emoji if ord(ch) not in _INVISIBLE)


def emoji_label(emoji: str) -> str:
    """Words for an emoji no picture or font can show: its Unicode names, in lower case.

    >>> emoji_label("\N{HEDGEHOG}")
    'hedgehog'
    >>> emoji_label("\N{REGIONAL INDICATOR SYMBOL LETTER G}\N{REGIONAL INDICATOR SYMBOL LETTER B}")
    'flag gb'
    """
    text = _visible_text(emoji)
    if text and all(0x1F1E6 <= ord(ch) <= 0x1F1FF for ch in text):
        return "flag " + "".join(chr(ord("a") + ord(ch) - 0x1F1E6) for ch in text)
    names = [unicodedata.name(ch, "").lower() for ch in text]
    return " ".join(name for name in names if name) or "?"


class EmojiImages:
    """Loads, scales and caches emoji pictures. Needs pygame.font initialised to draw fallbacks.

    `emoji_dir` is where the PNGs live (None: no PNGs). `font_paths` are colour emoji fonts to
    try when a PNG is missing; pass () to skip system fonts (tests, or a known-bad font).
    """

    def __init__(
        self,
        emoji_dir: Path | None,
        *,
        font_paths: Sequence[Path] = SYSTEM_EMOJI_FONTS,
        tile_colour: RGB = (230, 230, 230),
        tile_text_colour: RGB = (20, 20, 20),
    ) -> None:
        self.emoji_dir = emoji_dir
        self._font_paths = tuple(font_paths)
        self._tile_colour = tile_colour
        self._tile_text_colour = tile_text_colour
        self._originals: dict[str, tuple[pygame.Surface, str]] = {}
        self._scaled: dict[tuple[str, int], pygame.Surface] = {}
        self._font: pygame.font.Font | None = None
        self._font_tried = False
        self._missing: pygame.Surface | None = None
        self._label_fonts = Fonts()

    def source(self, emoji: str) -> str:
        """Where the picture for `emoji` comes from: 'png', 'font' or 'fallback'."""
        return self._original(emoji)[1]

    def get(self, emoji: str, size: int) -> pygame.Surface:
        """The emoji as a square-fitting picture at most `size` pixels on its long side."""
        size = max(1, int(size))
        key = (emoji, size)
        cached = self._scaled.get(key)
        if cached is None:
            original, source = self._original(emoji)
            if source == "fallback":
                cached = self._fallback_tile(emoji, size)
            else:
                cached = _fit(original, size)
            self._scaled[key] = cached
        return cached

    def _original(self, emoji: str) -> tuple[pygame.Surface, str]:
        found = self._originals.get(emoji)
        if found is None:
            picture = self._from_png(emoji)
            if picture is not None:
                found = (picture, "png")
            else:
                picture = self._from_font(emoji)
                if picture is not None:
                    found = (picture, "font")
                else:
                    found = (pygame.Surface((1, 1), pygame.SRCALPHA), "fallback")
            self._originals[emoji] = found
        return found

    def _from_png(self, emoji: str) -> pygame.Surface | None:
        if self.emoji_dir is None:
            return None
        path = self.emoji_dir / emoji_filename(emoji)
        if not path.is_file():
            return None
        try:
            picture = pygame.image.load(str(path))
        except (pygame.error, OSError) as exc:
            log.warning("cannot load emoji picture %s: %s", path, exc)
            return None
        return _with_alpha(picture)

    def _emoji_font(self) -> pygame.font.Font | None:
        if not self._font_tried:
            self._font_tried = True
            for path in self._font_paths:
                if not path.is_file():
                    continue
                try:
                    self._font = pygame.font.Font(str(path), EMOJI_FONT_SIZE)
                except (pygame.error, OSError) as exc:
                    log.info("emoji font %s unusable: %s", path, exc)
                    continue
                break
        return self._font

    def _from_font(self, emoji: str) -> pygame.Surface | None:
        text = _visible_text(emoji)
        font = self._emoji_font() if text else None
        if font is None:
            return None
        try:
            picture = font.render(text, True, (0, 0, 0))
        except pygame.error:
            return None
        # A glyph the font lacks renders blank or as the font's "missing" box. (Font.metrics()
        # cannot tell: pygame answers None for every code point beyond U+FFFF.)
        if pygame.mask.from_surface(picture).count() == 0 or self._looks_missing(font, picture):
            return None
        return _with_alpha(picture)

    def _looks_missing(self, font: pygame.font.Font, picture: pygame.Surface) -> bool:
        if self._missing is None:
            self._missing = font.render(_NEVER_AN_EMOJI, True, (0, 0, 0))
        missing = self._missing
        return picture.get_size() == missing.get_size() and pygame.image.tobytes(
            picture, "RGBA"
        ) == pygame.image.tobytes(missing, "RGBA")

    def _fallback_tile(self, emoji: str, size: int) -> pygame.Surface:
        tile = pygame.Surface((size, size), pygame.SRCALPHA)
        pygame.draw.rect(tile, self._tile_colour, tile.get_rect(), border_radius=max(2, size // 5))
        text = _visible_text(emoji)
        font = self._label_fonts.get(max(8, int(size * 0.8)))
        if text and all(m is not None for m in font.metrics(text)):
            label = _fit(font.render(text, True, self._tile_text_colour), int(size * 0.8))
        else:
            # No glyph (pygame knows none beyond U+FFFF): the emoji's name, wrapped to fit.
            inner = max(1, int(size * 0.84))
            fitted = fit_text(
                emoji_label(emoji),
                (inner, inner),
                self._label_fonts,
                max_size=max(6, size // 4),
                min_size=max(6, size // 9),
                line_spacing=1.0,
            )
            label = render_fitted(fitted, self._label_fonts, self._tile_text_colour)
        tile.blit(label, label.get_rect(center=tile.get_rect().center))
        return tile


def _with_alpha(picture: pygame.Surface) -> pygame.Surface:
    # convert_alpha() needs a display mode; off-screen rendering (tests, tools) works without it.
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        return picture.convert_alpha()
    return picture


def _fit(picture: pygame.Surface, size: int) -> pygame.Surface:
    width, height = picture.get_size()
    scale = size / max(width, height, 1)
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    if target == (width, height):
        return picture
    if picture.get_bitsize() in (24, 32):
        return pygame.transform.smoothscale(picture, target)
    return pygame.transform.scale(picture, target)
