"""Button geometry for every emoji count on landscape and portrait panels."""

from __future__ import annotations

import itertools

import pygame
import pytest

from kiosk.ui.layout import compute_layout
from kiosk.ui.theme import Theme

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
