"""Drawing text with Pillow for the hub's pictures (the wall image, the weekly poster):
the shipped fonts, word wrapping, and text with emoji pasted in as the hub's pictures."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from server.services.emoji_art import EMOJI_IN_TEXT, emoji_picture, emoji_words

ROOT = Path(__file__).resolve().parents[2]
FONT_CANDIDATES = (
    ROOT / "assets" / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
)

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def font(size: int, bold: bool = False) -> FontType:
    names = (
        ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")
        if bold
        else ("NotoSans-Regular.ttf", "DejaVuSans.ttf")
    )
    for folder in FONT_CANDIDATES:
        found = sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.otf"))
        preferred = [path for path in found if path.name in names] or found
        for path in preferred:
            try:
                return ImageFont.truetype(str(path), size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, font: FontType, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


Token = tuple[str, bool]  # a word, or an emoji (True) pasted as its picture


def tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    at = 0
    for found in EMOJI_IN_TEXT.finditer(text):
        tokens += [(word, False) for word in text[at : found.start()].split()]
        tokens.append((found.group(), True))
        at = found.end()
    tokens += [(word, False) for word in text[at:].split()]
    return tokens


def rich_wrap(
    draw: ImageDraw.ImageDraw, text: str, font: FontType, width: int, side: int
) -> list[list[Token]]:
    """Words and emoji pictures in lines at most `width` wide (emoji are `side` square)."""
    space = draw.textlength(" ", font=font)
    lines: list[list[Token]] = []
    used = 0.0
    for word, is_emoji in tokens(text):
        if is_emoji and emoji_picture(word, side) is None:
            word, is_emoji = emoji_words(word), False
        token = (word, is_emoji)
        size = side if is_emoji else draw.textlength(word, font=font)
        if lines and used + space + size <= width:
            lines[-1].append(token)
            used += space + size
        else:
            lines.append([token])
            used = size
    return lines


def draw_rich_line(
    image: Image.Image,
    draw: ImageDraw.ImageDraw,
    line: list[Token],
    origin: tuple[float, int],
    text_font: FontType,
    side: int,
    fill: tuple[int, int, int],
) -> None:
    """One line of rich_wrap's tokens, its middle at `origin`'s y."""
    x, middle = origin
    for word, is_emoji in line:
        art = emoji_picture(word, side) if is_emoji else None
        if art is not None:
            image.paste(art, (int(x), middle - side // 2), art)
            x += side
        else:
            draw.text((x, middle), word, font=text_font, fill=fill, anchor="lm")
            x += draw.textlength(word, font=text_font)
        x += draw.textlength(" ", font=text_font)
