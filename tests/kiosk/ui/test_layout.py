"""Button geometry for every emoji count on landscape and portrait panels."""

from __future__ import annotations

import itertools

import pygame
import pytest

from kiosk.ui.layout import compute_layout
from kiosk.ui.screens.prompt import PromptScreen
from kiosk.ui.theme import Theme
from tests.kiosk.ui.helpers import make_prompt

PANELS = [(800, 480), (720, 1280), (480, 800), (1280, 720), (1024, 600)]
EMOJI = ["\U0001f600", "\U0001f642", "\U0001f610", "\U0001f641", "\U0001f622", "\U0001f60d"]


@pytest.mark.parametrize("size", PANELS)
@pytest.mark.parametrize("count", range(2, 7))
def test_buttons_are_inside_the_screen_and_never_overlap(
    theme: Theme, size: tuple[int, int], count: int
) -> None:
    layout = compute_layout(size, count, theme)
    screen = pygame.Rect((0, 0), size)

    assert len(layout.buttons) == count
    for button in layout.buttons:
        assert screen.contains(button)
        assert not button.colliderect(layout.prompt)
        assert not button.colliderect(layout.status)
        # Big enough for a child's finger: at least a fifth of the short side each way.
        assert min(button.size) >= min(size) // 5
    for a, b in itertools.combinations(layout.buttons, 2):
        assert not a.colliderect(b)
    assert screen.contains(layout.prompt)
    assert screen.contains(layout.status)


@pytest.mark.parametrize("size", PANELS)
@pytest.mark.parametrize("count", range(2, 7))
def test_every_button_centre_hits_that_button_only(
    theme: Theme, size: tuple[int, int], count: int
) -> None:
    screen = PromptScreen(theme, on_press=lambda _i: True, size=size)
    screen.set_prompt(make_prompt(EMOJI[:count]))
    buttons = screen.layout().buttons

    assert [screen.button_at(b.center) for b in buttons] == list(range(count))
    # Corners of each button belong to it, too (a finger lands anywhere on it).
    for index, b in enumerate(buttons):
        for corner in (b.topleft, (b.right - 1, b.bottom - 1)):
            assert screen.button_at(corner) == index


@pytest.mark.parametrize("count", range(2, 7))
def test_buttons_are_evenly_sized_and_rows_centred(theme: Theme, count: int) -> None:
    for size in [(800, 480), (720, 1280)]:
        layout = compute_layout(size, count, theme)
        assert len({b.size for b in layout.buttons}) == 1
        rows: dict[int, list[pygame.Rect]] = {}
        for b in layout.buttons:
            rows.setdefault(b.top, []).append(b)
        for row in rows.values():
            left_gap = row[0].left
            right_gap = size[0] - row[-1].right
            assert abs(left_gap - right_gap) <= 2


def test_landscape_uses_a_row_and_portrait_a_column_grid(theme: Theme) -> None:
    assert compute_layout((800, 480), 4, theme).grid == (1, 4)
    assert compute_layout((800, 480), 6, theme).grid == (2, 3)
    assert compute_layout((720, 1280), 4, theme).grid == (2, 2)
    assert compute_layout((720, 1280), 6, theme).grid == (3, 2)
    assert compute_layout((720, 1280), 6, theme).portrait


@pytest.mark.parametrize("size", PANELS)
@pytest.mark.parametrize("count", range(2, 7))
def test_generous_hit_areas_never_claim_a_neighbours_pixels(
    theme: Theme, size: tuple[int, int], count: int
) -> None:
    screen = PromptScreen(theme, on_press=lambda _i: True, size=size)
    screen.set_prompt(make_prompt(EMOJI[:count]))
    buttons = screen.layout().buttons
    for index, b in enumerate(buttons):
        # Just outside each edge: this button or nothing, never another one.
        for pos in [(b.left - 2, b.centery), (b.right + 1, b.centery), (b.centerx, b.bottom + 1)]:
            assert screen.button_at(pos) in (index, None)
