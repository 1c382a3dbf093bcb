"""The screenshot script: its PNGs show the colours the screen drew."""

from __future__ import annotations

from pathlib import Path

import pygame
from PIL import Image

from kiosk.ui.emoji import EmojiImages
from kiosk.ui.screens.prompt import PromptScreen
from kiosk.ui.theme import Theme
from tests.kiosk.ui.helpers import ASSETS, make_prompt
from tools.screens import save_png, theme_colours


def test_the_green_status_dot_stays_green_in_the_png(tmp_path: Path) -> None:
    pygame.font.init()
    theme = Theme(emoji_dir=ASSETS / "emoji")
    screen = PromptScreen(theme, on_press=lambda _i: None, emoji=EmojiImages(theme.emoji_dir))
    screen.set_prompt(make_prompt())
    screen.set_status(online=True, pending=0)
    surface = pygame.Surface((800, 480))
    screen.draw(surface)
    dot = [
        (x, y)
        for x in range(surface.get_width() - 60, surface.get_width())
        for y in range(surface.get_height() - 60, surface.get_height())
        if tuple(surface.get_at((x, y)))[:3] == theme.status_online
    ]
    assert len(dot) > 10  # the screen drew the dot

    path = tmp_path / "shot.png"
    size = save_png(surface, path, exact=theme_colours(theme))

    with Image.open(path) as png:
        assert png.mode == "P"  # still a small palette PNG
        rgb = png.convert("RGB")
    assert {rgb.getpixel(pos) for pos in dot} == {theme.status_online}
    assert size < 60_000
    # Every flat colour of the theme the screen drew kept every one of its pixels.
    original = Image.frombytes("RGB", surface.get_size(), pygame.image.tobytes(surface, "RGB"))
    for colour in (theme.background, theme.button_face, theme.button_border):
        drawn = [pos for pos in _grid(original.size) if original.getpixel(pos) == colour]
        assert drawn, colour
        assert {rgb.getpixel(pos) for pos in drawn} == {colour}


def _grid(size: tuple[int, int]) -> list[tuple[int, int]]:
    return [(x, y) for x in range(0, size[0], 3) for y in range(0, size[1], 3)]
