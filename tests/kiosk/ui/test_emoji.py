"""Emoji pictures: bundled PNGs, a system colour font, or a tile that is never blank."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from kiosk.ui.emoji import SYSTEM_EMOJI_FONTS, EmojiImages, emoji_filename, emoji_label
from tests.kiosk.ui.helpers import ASSETS
from tools.make_emoji_assets import DEFAULT_SET


def opaque_pixels(surface: pygame.Surface) -> int:
    return pygame.mask.from_surface(surface).count()


def dark_pixels(surface: pygame.Surface) -> int:
    """Pixels of the tile's text: opaque and dark."""
    width, height = surface.get_size()
    return sum(
        1
        for x in range(width)
        for y in range(height)
        if surface.get_at((x, y)).a > 200 and max(surface.get_at((x, y))[:3]) < 110
    )


@pytest.mark.parametrize(
    ("emoji", "name"),
    [
        ("\U0001f600", "1f600.png"),
        ("\u2764\ufe0f", "2764.png"),
        ("\u2764", "2764.png"),
        ("\U0001f44d\U0001f3fd", "1f44d-1f3fd.png"),
        ("\ufe0f", "fe0f.png"),
    ],
)
def test_file_names_are_code_points_without_the_variation_selector(emoji: str, name: str) -> None:
    assert emoji_filename(emoji) == name


def test_every_default_emoji_is_bundled_small_and_loads_as_png() -> None:
    images = EmojiImages(ASSETS / "emoji", font_paths=())
    for emoji in DEFAULT_SET:
        path = ASSETS / "emoji" / emoji_filename(emoji)
        assert path.is_file(), path
        assert path.stat().st_size < 8_000, f"{path.name} is not optimised"
        assert images.source(emoji) == "png"
        picture = images.get(emoji, 96)
        assert max(picture.get_size()) == 96
        assert opaque_pixels(picture) > 96 * 96 // 4
    assert (ASSETS / "emoji" / "LICENSE").read_text().count("SIL OPEN FONT LICENSE") >= 1


def test_falls_back_to_a_tile_when_there_is_no_png_and_no_font(tmp_path: Path) -> None:
    images = EmojiImages(tmp_path, font_paths=())

    picture = images.get("\U0001f994", 64)

    assert images.source("\U0001f994") == "fallback"
    assert picture.get_size() == (64, 64)
    assert opaque_pixels(picture) > 64 * 64 // 2


def test_a_broken_png_falls_back_instead_of_crashing(tmp_path: Path) -> None:
    (tmp_path / "1f600.png").write_bytes(b"not a png")
    images = EmojiImages(tmp_path, font_paths=())
    assert images.source("\U0001f600") == "fallback"
    assert images.get("\U0001f600", 32).get_size() == (32, 32)


def test_missing_font_files_are_skipped(tmp_path: Path) -> None:
    images = EmojiImages(None, font_paths=(tmp_path / "nope.ttf",))
    assert images.source("\U0001f600") == "fallback"


@pytest.mark.skipif(
    not any(p.is_file() for p in SYSTEM_EMOJI_FONTS), reason="no colour emoji font installed"
)
def test_a_system_colour_emoji_font_is_used_when_there_is_no_png(tmp_path: Path) -> None:
    images = EmojiImages(tmp_path)
    picture = images.get("\U0001f994", 80)  # hedgehog: not in the bundled set
    assert images.source("\U0001f994") == "font"
    assert max(picture.get_size()) == 80
    # Colour, not a monochrome outline: some pixel is clearly not grey.
    width, height = picture.get_size()
    colours = {
        picture.get_at((x, y))[:3]
        for x in range(0, width, 4)
        for y in range(0, height, 4)
        if picture.get_at((x, y)).a > 200
    }
    assert any(max(c) - min(c) > 60 for c in colours)


def test_pictures_are_scaled_once_and_cached() -> None:
    images = EmojiImages(ASSETS / "emoji", font_paths=())
    assert images.get("\U0001f333", 50) is images.get("\U0001f333", 50)
    assert images.get("\U0001f333", 50) is not images.get("\U0001f333", 60)


def test_two_unknown_emoji_get_tiles_that_can_be_told_apart(tmp_path: Path) -> None:
    images = EmojiImages(tmp_path, font_paths=())
    hedgehog = images.get("\N{HEDGEHOG}", 96)
    duck = images.get("\N{DUCK}", 96)

    assert images.source("\N{HEDGEHOG}") == images.source("\N{DUCK}") == "fallback"
    assert pygame.image.tobytes(hedgehog, "RGBA") != pygame.image.tobytes(duck, "RGBA")
    # Each says something: dark label pixels on the light tile, not one shared "?".
    question = images.get("\U0010fffd", 96)  # no name at all: the one case left with "?"
    assert pygame.image.tobytes(hedgehog, "RGBA") != pygame.image.tobytes(question, "RGBA")
    assert dark_pixels(hedgehog) > dark_pixels(question)


def test_an_unknown_emoji_is_labelled_with_its_name() -> None:
    assert emoji_label("\N{HEDGEHOG}") == "hedgehog"
    assert emoji_label("\N{DUCK}\N{VARIATION SELECTOR-16}") == "duck"
    assert emoji_label("\U0001f1ec\U0001f1e7") == "flag gb"
    assert emoji_label("\U0010fffd") == "?"


def test_text_the_plain_font_can_draw_is_drawn_as_itself(tmp_path: Path) -> None:
    images = EmojiImages(tmp_path, font_paths=())
    assert pygame.image.tobytes(images.get("A", 64), "RGBA") != pygame.image.tobytes(
        images.get("B", 64), "RGBA"
    )
