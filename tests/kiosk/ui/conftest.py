"""Real pygame, headless (SDL_VIDEODRIVER=dummy from tests/conftest.py), fonts initialised once."""

from __future__ import annotations

from collections.abc import Iterator

import pygame
import pytest

from kiosk.ui.theme import Theme
from tests.kiosk.ui.helpers import ASSETS


@pytest.fixture(scope="session", autouse=True)
def pygame_fonts() -> Iterator[None]:
    # Not quit at the end: a Font must not outlive pygame.font.quit(), and screens cache them.
    pygame.font.init()
    yield


@pytest.fixture
def theme() -> Theme:
    return Theme(emoji_dir=ASSETS / "emoji")
