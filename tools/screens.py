"""Render every kiosk screen at both panel sizes to docs/screens/kiosk-*.png.

    .venv/bin/python -m tools.screens          (or: make screens)

Runs headless (SDL dummy driver, off-screen surfaces), so it works in CI and over SSH. The PNGs
are committed, so they are 256-colour palette PNGs to stay small, but never at the cost of what
the screen shows: every colour of the theme (the background, the buttons, the green status
dot...) is pinned in the palette, and each file is read back and checked to keep every pixel
the screen drew in a theme colour exactly that colour. Only the emoji artwork's own shading
may move to a neighbouring colour.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image as PILImage

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "screens"
SIZES: dict[str, tuple[int, int]] = {"landscape": (800, 480), "portrait": (720, 1280)}

FACES = ["\U0001f600", "\U0001f642", "\U0001f610", "\U0001f641"]
SIX = ["\U0001f333", "\u2600\ufe0f", "\U0001f34e", "\U0001f35e", "\u2764\ufe0f", "\U0001f44d"]
LONG_TEXT = (
    "If you could change one thing about this park for the children who play here every "
    "day, and for their grandparents who sit on the benches, what would make you smile most?"
)


@dataclass(frozen=True)
class Shot:
    """One screenshot: a name and how to put a fresh PromptScreen into that state."""

    name: str
    description: str
    prepare: Callable[..., None]


def _prompt(text: str, emoji: list[str]) -> object:
    from storywall.protocol.config import PromptConfig

    return PromptConfig(id=1, text=text, emoji=emoji)


def _shots() -> list[Shot]:
    from kiosk.ui.screens.prompt import PromptScreen

    def prompt4(s: PromptScreen) -> None:
        s.set_prompt(_prompt("How was the park today?", FACES))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    def prompt6(s: PromptScreen) -> None:
        s.set_prompt(_prompt("What did you enjoy most today?", SIX))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    def long_prompt(s: PromptScreen) -> None:
        s.set_prompt(_prompt(LONG_TEXT, [*FACES[:3], "\U0001f60d", "\U0001f62e"]))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    def thanks(s: PromptScreen) -> None:
        prompt4(s)
        s.show_thanks(0)
        s.update(0.1)

    def no_prompt(s: PromptScreen) -> None:
        s.set_prompt(None)
        s.set_status(online=True, pending=0)

    def offline(s: PromptScreen) -> None:
        prompt4(s)
        s.set_status(online=False, pending=12)

    def unknown_emoji(s: PromptScreen) -> None:
        # Emoji without a bundled PNG, on a machine without an emoji font: fallback tiles.
        s.set_prompt(_prompt("Which animal did you see?", ["\U0001f994", "\U0001f986", "A"]))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    return [
        Shot("prompt-4", "today's prompt with 4 faces", prompt4),
        Shot("prompt-6", "a prompt with 6 emoji", prompt6),
        Shot("long-prompt", "a 170-character prompt, shrunk and wrapped", long_prompt),
        Shot("thanks", "thanks after pressing the first button", thanks),
        Shot("no-prompt", "no prompt yet: the waiting screen", no_prompt),
        Shot("offline", "the caretaker's indicator: offline, 12 answers to send", offline),
        Shot("fallback", "emoji with no PNG and no emoji font", unknown_emoji),
    ]


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


def render_all(out: Path) -> list[Path]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from kiosk.ui.emoji import EmojiImages
    from kiosk.ui.screens.prompt import PromptScreen
    from kiosk.ui.theme import load_theme
    from tools.screens_compose import render_compose

    pygame.font.init()
    theme = load_theme()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for orientation, size in SIZES.items():
        for shot in _shots():
            fonts: tuple[Path, ...] | None = () if shot.name == "fallback" else None
            emoji = (
                EmojiImages(None, font_paths=fonts)
                if fonts is not None
                else EmojiImages(theme.emoji_dir)
            )
            screen = PromptScreen(theme, on_press=lambda _i: None, emoji=emoji, size=size)
            shot.prepare(screen)
            surface = pygame.Surface(size)
            screen.draw(surface)
            path = out / f"kiosk-{orientation}-{shot.name}.png"
            nbytes = save_png(surface, path, exact=theme_colours(theme))
            print(
                f"{path.relative_to(out.parent.parent) if out.is_relative_to(REPO_ROOT) else path}"
                f"  {nbytes:>6} B  {shot.description}"
            )
            written.append(path)
    written += render_compose(out, theme)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    render_all(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
