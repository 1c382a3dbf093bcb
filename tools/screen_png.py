"""Screenshots as small palette PNGs that keep every theme colour exact.

The kiosk screens (tools/screens.py, tools/screens_compose.py) are saved through here; the
file is read back and refused if a pixel drawn in a theme colour changed (the green status
dot, say)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image as PILImage

__all__ = ["ScreenshotError", "save_png", "theme_colours"]

RGB = tuple[int, int, int]
PALETTE_SIZE = 256


class ScreenshotError(Exception):
    """A screenshot would not show what the screen shows."""


def theme_colours(theme: object) -> list[RGB]:
    """Every RGB colour a kiosk.ui.theme.Theme names, in field order."""
    colours: list[RGB] = []
    for item in fields(theme):  # type: ignore[arg-type]
        value = getattr(theme, item.name)
        if isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, int) for v in value):
            colour = (int(value[0]), int(value[1]), int(value[2]))
            if colour not in colours:
                colours.append(colour)
    return colours


def save_png(surface: object, path: Path, exact: Sequence[RGB] = ()) -> int:
    """Save a pygame surface as a palette PNG whose palette holds every colour of `exact`
    (or every colour of the surface, when it has no more than 256); returns its size.

    Raises ScreenshotError, after reading the file back, if a pixel the surface drew in one
    of the `exact` colours came out in another."""
    import pygame
    from PIL import Image

    assert isinstance(surface, pygame.Surface)
    image = Image.frombytes("RGB", surface.get_size(), pygame.image.tobytes(surface, "RGB"))
    few = image.getcolors(PALETTE_SIZE)
    palette: list[RGB]
    if few is not None:
        palette = [_rgb(colour) for _count, colour in few]
        exact = palette  # every colour fits: keep them all
    else:
        pinned = list(dict.fromkeys(exact))
        rest = image.quantize(
            colors=PALETTE_SIZE - len(pinned),
            method=Image.Quantize.MEDIANCUT,
            dither=Image.Dither.NONE,
        )
        flat = rest.getpalette() or []
        rest_colours = [_rgb(tuple(flat[i : i + 3])) for i in range(0, len(flat) - 2, 3)]
        palette = (pinned + [c for c in rest_colours if c not in pinned])[:PALETTE_SIZE]
    holder = Image.new("P", (1, 1))
    holder.putpalette([channel for colour in palette for channel in colour])
    # Nearest palette entry for each pixel. Pillow finds it at reduced precision, so the
    # colours that must stay exact are then painted in with their own entries.
    small = image.quantize(palette=holder, dither=Image.Dither.NONE)
    for index, colour in enumerate(palette):
        if colour in exact:
            small.paste(index, mask=_mask_of(image, colour))
    small.save(path, format="PNG", optimize=True)
    _check_colours(image, path, exact)
    return path.stat().st_size


def _rgb(colour: object) -> RGB:
    assert isinstance(colour, tuple) and len(colour) == 3
    return (int(colour[0]), int(colour[1]), int(colour[2]))


def _check_colours(original: PILImage.Image, path: Path, colours: Iterable[RGB]) -> None:
    from PIL import Image, ImageChops

    with Image.open(path) as saved_file:
        saved = saved_file.convert("RGB")
    for colour in colours:
        drawn = _mask_of(original, colour)
        if drawn.getbbox() is None:
            continue
        kept = ImageChops.logical_and(drawn, _mask_of(saved, colour))
        lost = ImageChops.difference(drawn, kept).getbbox()
        if lost is not None:
            raise ScreenshotError(f"{path.name}: colour {colour} changed inside {lost}")


def _mask_of(image: PILImage.Image, colour: RGB) -> PILImage.Image:
    from PIL import Image, ImageChops

    solid = Image.new("RGB", image.size, colour)
    # Set where the pixel is exactly `colour`: no difference in any of the three channels.
    bands = ImageChops.difference(image, solid).split()
    masks = [band.point(lambda v: 255 if v == 0 else 0).convert("1") for band in bands]
    return ImageChops.logical_and(ImageChops.logical_and(masks[0], masks[1]), masks[2])
