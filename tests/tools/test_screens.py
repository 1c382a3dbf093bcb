"""The screenshot script: every screen it promises, in the colours the screen drew."""

from __future__ import annotations

from pathlib import Path

import pygame
from PIL import Image

from kiosk.ui.theme import Theme
from tests.kiosk.ui.flow import Kiosk
from tests.kiosk.ui.helpers import ASSETS
from tools.screens import LANGUAGES, SIZES, _shots, render_all, save_png, theme_colours


def test_it_promises_at_least_twelve_distinct_screens() -> None:
    names = [shot.name for shot in _shots()]
    assert len(set(names)) == len(names) >= 12
    wanted = {"poll", "slider", "play", "follow-up", "house-rules", "language", "paused"}
    assert wanted | {"quiet", "offline", "thanks"} <= set(names)


def test_one_shot_in_both_orientations_and_languages(tmp_path: Path) -> None:
    stale = tmp_path / "kiosk-landscape-en-gone.png"
    stale.write_bytes(b"")
    written = render_all(tmp_path, {"follow-up"})
    assert sorted(p.name for p in written) == sorted(
        f"kiosk-{o}-{lang}-follow-up.png" for o in SIZES for lang in LANGUAGES
    )
    for path in written:
        with Image.open(path) as png:
            assert png.size in SIZES.values()
    assert stale.exists()  # a partial run removes nothing


def test_the_green_status_dot_stays_green_in_the_png(tmp_path: Path) -> None:
    theme = Theme(emoji_dir=ASSETS / "emoji")
    kiosk = Kiosk(theme)
    surface = kiosk.surface
    dot = [
        (x, y)
        for x in range(surface.get_width() - 60, surface.get_width())
        for y in range(surface.get_height() - 40, surface.get_height())
        if tuple(surface.get_at((x, y)))[:3] == theme.status_online
    ]
    assert len(dot) > 10  # the screen drew the dot
    kiosk.close()

    path = tmp_path / "shot.png"
    size = save_png(surface, path, exact=theme_colours(theme))

    with Image.open(path) as png:
        assert png.mode == "P"  # still a small palette PNG
        rgb = png.convert("RGB")
    assert {rgb.getpixel(pos) for pos in dot} == {theme.status_online}
    assert size < 80_000
    original = Image.frombytes("RGB", surface.get_size(), pygame.image.tobytes(surface, "RGB"))
    for colour in (theme.background, theme.button_face, theme.button_border):
        drawn = [pos for pos in _grid(original.size) if original.getpixel(pos) == colour]
        assert drawn, colour
        assert {rgb.getpixel(pos) for pos in drawn} == {colour}


def _grid(size: tuple[int, int]) -> list[tuple[int, int]]:
    return [(x, y) for x in range(0, size[0], 3) for y in range(0, size[1], 3)]
