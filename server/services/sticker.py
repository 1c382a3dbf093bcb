"""A fridge's drop-off sticker: an A6 card with a big QR code of the sticker's link,
the fridge's name, the link as a short address to type, and one line of instructions.

Drawn once at 300 dpi (1240x1748 px, A6 portrait) and saved as PNG and as a one-page
PDF of the same picture, which prints at A6 exactly (Pillow writes the page size from
the resolution). The QR code uses error correction Q (25 % of it may be lost), since
a sticker on a fridge door gets scuffed and splashed; the text is the shipped Noto
Sans (assets/fonts), so a sticker prints the same on every hub.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from server.errors import HubError

DPI = 300
A6_PX = (1240, 1748)  # 105 x 148 mm at 300 dpi
MARGIN = 80
QR_SIDE = 1000  # at most; whole modules, so a little less
QR_BORDER_MODULES = 4
INSTRUCTIONS = "Scan to log what you brought"
TYPE_IT = "or type:"
FOOTER = "No account or app needed. Photograph food, never people."
ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "assets" / "fonts"
INK = (0, 0, 0)
MUTED = (70, 70, 70)
PAPER = (255, 255, 255)


class StickerError(HubError):
    """The sticker cannot be drawn (its fonts are missing, or the link will not fit)."""


@dataclass(frozen=True)
class Sticker:
    """A drawn sticker: its PNG and its PDF, both A6."""

    png: bytes
    pdf: bytes


def short_address(url: str) -> str:
    """The link as printed for typing: without the scheme."""
    return url.split("://", 1)[-1]


def draw_sticker(*, name: str, url: str) -> Sticker:
    """Draw the sticker of the fridge called `name` whose link is `url`."""
    image = Image.new("RGB", A6_PX, PAPER)
    draw = ImageDraw.Draw(image)
    width = A6_PX[0] - 2 * MARGIN
    y = MARGIN
    for line in _wrap(name, _font(96, bold=True), width, draw, lines=2):
        y = _centred(draw, line.text, line.font, y) + 12
    y = _centred(draw, INSTRUCTIONS, _fit(INSTRUCTIONS, 64, width, draw), y + 8, fill=MUTED)
    qr = _qr(url)
    y += 24
    image.paste(qr, ((A6_PX[0] - qr.width) // 2, y))
    y += qr.width + 8
    y = _centred(draw, TYPE_IT, _font(44), y, fill=MUTED) + 8
    address = short_address(url)
    _centred(draw, address, _fit(address, 64, width, draw, bold=True), y)
    footer = _fit(FOOTER, 40, width, draw)
    _centred(draw, FOOTER, footer, A6_PX[1] - MARGIN - int(footer.size), fill=MUTED)
    png, pdf = io.BytesIO(), io.BytesIO()
    image.save(png, format="PNG", dpi=(DPI, DPI))
    image.save(pdf, format="PDF", resolution=DPI, title=f"Drop-off sticker: {name}")
    return Sticker(png.getvalue(), pdf.getvalue())


def _qr(url: str) -> Image.Image:
    import qrcode  # only the command that draws a sticker pays for the import

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QR_BORDER_MODULES
    )
    code.add_data(url)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()  # border included
    box = QR_SIDE // len(matrix)
    if box < 8:
        raise StickerError("the link is too long for a QR code a phone reads from a sticker")
    side = box * len(matrix)
    picture = Image.new("RGB", (side, side), PAPER)
    draw = ImageDraw.Draw(picture)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                x, y = column * box, row * box
                draw.rectangle((x, y, x + box - 1, y + box - 1), fill=INK)
    return picture


@dataclass(frozen=True)
class _Line:
    text: str
    font: ImageFont.FreeTypeFont


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = FONTS / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError as error:
        raise StickerError(f"cannot load the sticker's font {path}: {error}") from None


def _fit(
    text: str, size: int, width: int, draw: ImageDraw.ImageDraw, *, bold: bool = False
) -> ImageFont.FreeTypeFont:
    """The font at `size`, or smaller until `text` fits in `width` (down to a third)."""
    font = _font(size, bold=bold)
    while draw.textlength(text, font=font) > width and size > 24:
        size -= 2
        font = _font(size, bold=bold)
    return font


def _wrap(
    text: str, font: ImageFont.FreeTypeFont, width: int, draw: ImageDraw.ImageDraw, *, lines: int
) -> list[_Line]:
    """`text` in at most `lines` lines of `width`, at `font`'s size or smaller."""
    size = int(font.size)
    while True:
        current = _font(size, bold=True)
        wrapped = _words_into_lines(text, current, width, draw)
        if len(wrapped) <= lines or size <= 40:
            kept = wrapped[:lines]
            return [_Line(line, _fit(line, size, width, draw, bold=True)) for line in kept]
        size -= 4


def _words_into_lines(
    text: str, font: ImageFont.FreeTypeFont, width: int, draw: ImageDraw.ImageDraw
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _centred(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont,
    y: int,
    *,
    fill: tuple[int, int, int] = INK,
) -> int:
    """Draw `text` centred at height `y`; the y below it."""
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((A6_PX[0] - (right - left)) // 2 - left, y - top), text, font=font, fill=fill)
    return y + int(bottom - top)
