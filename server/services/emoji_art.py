"""Emoji as the hub's own pictures: the kiosk's artwork first, then the colour emoji font.

A TV or a Pi browser without an emoji font must show the same faces as the kiosk, so the
wall never leaves an emoji to the viewer's fonts: the page shows /emoji/<codepoints>.png,
and the wall image and the poster paste the same pictures (docs/wall.md, "Emoji").

1. assets/emoji/<codepoints>.png: the kiosk's artwork (tools/make_emoji_assets.py).
2. No artwork: the emoji is rendered once from Noto Color Emoji when the font is installed
   (fonts-noto-color-emoji), kept in a bounded in-process cache (it is the same picture in
   every worker, so nothing is shared).
3. Neither: no picture. The page shows the emoji as text, the images its name in words.
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
EMOJI_DIR = ROOT / "assets" / "emoji"
EMOJI_FONTS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf"),
)
# Noto Color Emoji is a bitmap font with one strike of this size.
FONT_SIZE = 109
# The side of a picture rendered from the font, as the kiosk's artwork is.
SIDE = 128
# An emoji is a short sequence: flags are 2, families with skin tones up to 10.
MAX_CODEPOINTS = 10
NAME_PATTERN = r"^[0-9a-f]{2,6}(-[0-9a-f]{2,6}){0,9}$"
_NAME = re.compile(NAME_PATTERN)
_VARIATION_SELECTOR = 0xFE0F
_INVISIBLE = frozenset({0xFE0E, 0xFE0F, 0x200D})
# What may stand in an emoji sequence: symbols, modifiers, joiners, keycap parts.
_EMOJI_CATEGORIES = frozenset({"So", "Sk", "Sm", "Cf", "Mn", "Me"})
_KEYCAP_BASES = frozenset("0123456789#*")

# Emoji inside text (a note, a prompt): a flag, a keycap, or a pictograph with its
# presentation selector, skin tone and zero-width-joined parts.
_PICTOGRAPH = (
    "[\u231a-\u23ff\u24c2"
    "\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001faff]"
)
_PART = _PICTOGRAPH + "\ufe0f?[\U0001f3fb-\U0001f3ff]?"
EMOJI_IN_TEXT = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}|[0-9#*]\ufe0f?\u20e3|" + _PART + "(?:\u200d" + _PART + ")*"
)


def emoji_name(emoji: str) -> str:
    """The picture's name: code points in lower-case hex joined by '-', without U+FE0F
    (as the kiosk's artwork is named).

    >>> emoji_name("\N{HEAVY BLACK HEART}\N{VARIATION SELECTOR-16}")
    '2764'
    """
    points = [cp for cp in map(ord, emoji) if cp != _VARIATION_SELECTOR] or list(map(ord, emoji))
    return "-".join(f"{cp:x}" for cp in points)


def emoji_from_name(name: str) -> str | None:
    """The emoji a picture name stands for; None when it cannot be one."""
    if not _NAME.match(name):
        return None
    points = [int(part, 16) for part in name.split("-")]
    if any(cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF for cp in points):
        return None
    emoji = "".join(map(chr, points))
    if not all(
        unicodedata.category(char) in _EMOJI_CATEGORIES or char in _KEYCAP_BASES for char in emoji
    ):
        return None
    return emoji


def emoji_words(emoji: str) -> str:
    """An emoji in words ("grinning face"), for one with no picture: never a blank."""
    text = [char for char in emoji if ord(char) not in _INVISIBLE]
    if text and all(0x1F1E6 <= ord(char) <= 0x1F1FF for char in text):
        return "flag " + "".join(chr(ord("a") + ord(char) - 0x1F1E6) for char in text)
    names = [unicodedata.name(char, "").lower() for char in text]
    return " ".join(name for name in names if name) or emoji


@cache
def _font() -> ImageFont.FreeTypeFont | None:
    for path in EMOJI_FONTS:
        if path.is_file():
            try:
                return ImageFont.truetype(str(path), FONT_SIZE)
            except OSError:
                continue
    return None


def _from_font(emoji: str) -> Image.Image | None:
    font = _font()
    if font is None:
        return None
    canvas = Image.new("RGBA", (FONT_SIZE * 3, FONT_SIZE * 2), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((0, 0), emoji, font=font, embedded_color=True)
    box = canvas.getbbox()
    if box is None:  # the font has no glyph for it: nothing was drawn
        return None
    glyph = canvas.crop(box)
    scale = SIDE / max(glyph.size)
    glyph = glyph.resize(
        (max(1, round(glyph.width * scale)), max(1, round(glyph.height * scale))),
        Image.Resampling.LANCZOS,
    )
    square = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 0))
    square.paste(glyph, ((SIDE - glyph.width) // 2, (SIDE - glyph.height) // 2))
    return square


@lru_cache(maxsize=512)
def emoji_png(name: str) -> bytes | None:
    """The PNG named `name` (see emoji_name): the artwork's bytes, else rendered once from
    the emoji font; None when neither has it or the name is not an emoji."""
    emoji = emoji_from_name(name)
    if emoji is None:
        return None
    path = EMOJI_DIR / f"{name}.png"
    if path.is_file():
        return path.read_bytes()
    picture = _from_font(emoji)
    if picture is None:
        return None
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def has_picture(emoji: str) -> bool:
    """Can the hub show `emoji` as a picture (artwork or font)?"""
    return emoji_png(emoji_name(emoji)) is not None


@lru_cache(maxsize=256)
def emoji_picture(emoji: str, side: int) -> Image.Image | None:
    """The emoji's picture as RGBA, `side` pixels square, for Pillow drawings; None
    when it has none (draw emoji_words instead)."""
    data = emoji_png(emoji_name(emoji))
    if data is None:
        return None
    with Image.open(io.BytesIO(data)) as picture:
        return picture.convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)
