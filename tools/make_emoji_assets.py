"""Render the kiosk's default emoji set to assets/emoji/<codepoints>.png.

    apt-get install -y fonts-noto-color-emoji
    .venv/bin/python -m tools.make_emoji_assets

The PNGs are committed, so a kiosk or a laptop without an emoji font still shows colour emoji.
Each is quantised to a palette and optimised to keep the repository small.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.ui.emoji import emoji_filename

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
DEFAULT_OUT = REPO_ROOT / "assets" / "emoji"
# Noto Color Emoji is a bitmap font with a single strike of this size.
FONT_SIZE = 109

DEFAULT_SET: dict[str, str] = {
    "\N{GRINNING FACE}": "happy",
    "\N{SLIGHTLY SMILING FACE}": "content",
    "\N{NEUTRAL FACE}": "neutral",
    "\N{SLIGHTLY FROWNING FACE}": "a bit sad",
    "\N{CRYING FACE}": "sad",
    "\N{SMILING FACE WITH HEART-SHAPED EYES}": "love",
    "\N{FACE WITH OPEN MOUTH}": "surprised",
    "\N{DECIDUOUS TREE}": "tree",
    "\N{HEAVY BLACK HEART}\N{VARIATION SELECTOR-16}": "heart",
    "\N{THUMBS UP SIGN}": "thumbs up",
    "\N{THUMBS DOWN SIGN}": "thumbs down",
    "\N{BLACK SUN WITH RAYS}\N{VARIATION SELECTOR-16}": "sun",
    "\N{RED APPLE}": "apple",
    "\N{BREAD}": "bread",
}


def render_emoji(font: ImageFont.FreeTypeFont, emoji: str, size: int) -> Image.Image:
    """One emoji, trimmed to its ink and centred on a transparent size x size square."""
    canvas = Image.new("RGBA", (FONT_SIZE * 2, FONT_SIZE * 2), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((0, 0), emoji, font=font, embedded_color=True)
    box = canvas.getbbox()
    if box is None:
        raise ValueError(f"the font has no picture for {emoji!r}")
    glyph = canvas.crop(box)
    scale = size / max(glyph.size)
    glyph = glyph.resize(
        (max(1, round(glyph.width * scale)), max(1, round(glyph.height * scale))),
        Image.Resampling.LANCZOS,
    )
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.paste(glyph, ((size - glyph.width) // 2, (size - glyph.height) // 2))
    return square


def save_small(image: Image.Image, path: Path) -> None:
    """Palette PNG with alpha: about a third of the bytes of RGBA, no visible loss at 128 px."""
    small = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", type=int, default=128)
    args = parser.parse_args(argv)

    if not args.font.is_file():
        print(f"{args.font} not found: apt-get install -y fonts-noto-color-emoji", file=sys.stderr)
        return 1
    font = ImageFont.truetype(str(args.font), FONT_SIZE)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for emoji, name in DEFAULT_SET.items():
        path = args.out / emoji_filename(emoji)
        save_small(render_emoji(font, emoji, args.size), path)
        size = path.stat().st_size
        total += size
        print(f"{path.name:<12} {size:>6} B  {name}")
    print(f"{len(DEFAULT_SET)} emoji, {total} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
