"""Make assets/fonts/ from Debian's Noto Sans: the Latin the kiosk's languages need, kerned.

    apt-get install fonts-noto-core
    .venv/bin/python -m tools.subset_fonts

Keeps Basic Latin, Latin-1 Supplement (á é ñ ¿ ¡ ü), Latin Extended-A (ŵ ŷ ł ő...), general
punctuation (dashes, curly quotes, ellipsis, bullet) and the few symbols the screens draw,
with the GPOS kerning and the layout features a shaper needs. Hinting goes (the text is large,
and unhinted outlines are a third of the size). fontTools is a dev dependency only: the kiosk
just reads the TTF files this writes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = Path("/usr/share/fonts/truetype/noto")
OUT_DIR = REPO_ROOT / "assets" / "fonts"
FACES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
UNICODES = (
    "U+0020-007E,"  # Basic Latin
    "U+00A0-00FF,"  # Latin-1 Supplement: á é í ó ú ñ ü ¿ ¡ · «»
    "U+0100-017F,"  # Latin Extended-A
    "U+2010-2027,"  # dashes, quotes, bullet, ellipsis
    "U+2030-203A,"  # per mille, single guillemets
    "U+20AC,"  # euro
    "U+2122,"  # trade mark
    "U+2190-2193"  # arrows for the buttons-only hints
)
FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk"]


def subset_font(source: Path, target: Path) -> int:
    """Write the subset of `source` to `target`; its size in bytes."""
    options = subset.Options()
    options.layout_features = FEATURES
    options.hinting = False
    options.name_IDs = ["*"]  # keep the copyright and licence records (OFL asks for them)
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    for face in FACES:
        source = args.source / face
        if not source.is_file():
            parser.error(f"{source} not found: apt-get install fonts-noto-core")
        size = subset_font(source, args.out / face)
        print(f"{args.out / face}  {size} B")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
