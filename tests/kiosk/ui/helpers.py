"""Small builders shared by the UI tests."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pygame

from storywall.protocol.config import PromptConfig

REPO_ROOT = Path(__file__).resolve().parents[3]
ASSETS = REPO_ROOT / "assets"
FACES = ["\U0001f600", "\U0001f642", "\U0001f610", "\U0001f641"]
SIZES = [(800, 480), (720, 1280)]


def make_prompt(
    emoji: list[str] | None = None, text: str = "How was the park today?"
) -> PromptConfig:
    return PromptConfig(id=7, text=text, emoji=emoji if emoji is not None else FACES)


def colour_bounds(surface: pygame.Surface, colour: tuple[int, int, int]) -> pygame.Rect | None:
    """The rectangle around every pixel of (nearly) exactly `colour`, or None if there is none."""
    mask = pygame.mask.from_threshold(surface, colour, (8, 8, 8, 255))
    # The stubs call this a Rect; it is a list of them.
    rects = cast(list[pygame.Rect], mask.get_bounding_rects())
    if not rects:
        return None
    return rects[0].unionall(rects[1:])


def rgb(surface: pygame.Surface, pos: tuple[int, int]) -> tuple[int, int, int]:
    colour = surface.get_at(pos)
    return (colour.r, colour.g, colour.b)


def count_colour(surface: pygame.Surface, colour: tuple[int, int, int], area: pygame.Rect) -> int:
    """How many pixels inside `area` are (nearly) exactly `colour`."""
    sub = surface.subsurface(area.clip(surface.get_rect()))
    return pygame.mask.from_threshold(sub, colour, (8, 8, 8, 255)).count()
