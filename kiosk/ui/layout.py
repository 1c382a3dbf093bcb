"""Where things go on the prompt screen, for any screen size and 0..6 buttons.

Pure geometry (pygame.Rect only, no drawing), so it is cheap to test for every size and count.
The buttons take the grid (rows x columns) that gives each the largest square it can hold:
one row of four on an 800x480 landscape panel, two rows of three for six, two columns on a
portrait panel. An incomplete last row is centred.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from kiosk.ui.theme import Theme


@dataclass(frozen=True)
class Layout:
    """Rectangles for one screen size and button count."""

    size: tuple[int, int]
    prompt: pygame.Rect
    buttons: tuple[pygame.Rect, ...]
    status: pygame.Rect
    grid: tuple[int, int]  # rows, columns
    gap: int  # pixels between neighbouring buttons

    @property
    def portrait(self) -> bool:
        return self.size[1] > self.size[0]


def compute_layout(size: tuple[int, int], count: int, theme: Theme) -> Layout:
    """Prompt band on top, buttons below, a thin status line along the bottom edge."""
    width, height = size
    short = min(width, height)
    margin = max(4, round(short * theme.margin))
    gap = max(4, round(short * theme.button_gap))
    status_h = max(10, round(short * theme.status_font * 1.3))
    status = pygame.Rect(margin, height - status_h - margin // 3, width - 2 * margin, status_h)

    content = pygame.Rect(margin, margin, width - 2 * margin, status.top - margin)
    share = theme.prompt_share_portrait if height > width else theme.prompt_share_landscape
    prompt_h = round(content.height * share)
    prompt = pygame.Rect(content.left, content.top, content.width, prompt_h)
    area = pygame.Rect(
        content.left, prompt.bottom + gap, content.width, content.bottom - prompt.bottom - gap
    )
    if count <= 0:
        return Layout(size, prompt, (), status, (0, 0), gap)
    rows, cols = _best_grid(count, area.width, area.height, gap)
    buttons = _grid_rects(count, rows, cols, area, gap, theme)
    return Layout(size, prompt, buttons, status, (rows, cols), gap)


def _best_grid(count: int, width: int, height: int, gap: int) -> tuple[int, int]:
    best: tuple[float, int, int] | None = None
    for rows in range(1, count + 1):
        cols = math.ceil(count / rows)
        if (rows - 1) * cols >= count:
            continue  # an empty row: same as fewer rows
        cell_w = (width - gap * (cols - 1)) / cols
        cell_h = (height - gap * (rows - 1)) / rows
        side = min(cell_w, cell_h)
        if best is None or side > best[0] + 0.5:
            best = (side, rows, cols)
    assert best is not None
    return best[1], best[2]


def _grid_rects(
    count: int, rows: int, cols: int, area: pygame.Rect, gap: int, theme: Theme
) -> tuple[pygame.Rect, ...]:
    cell_w = (area.width - gap * (cols - 1)) // cols
    cell_h = (area.height - gap * (rows - 1)) // rows
    # Buttons fill their cell but stay button-shaped: a very long, thin target reads as a bar.
    max_aspect = max(1.0, theme.button_max_aspect)
    button_w = min(cell_w, int(cell_h * max_aspect))
    button_h = min(cell_h, int(cell_w * max_aspect))
    grid_h = rows * button_h + (rows - 1) * gap
    top = area.top + (area.height - grid_h) // 2
    rects: list[pygame.Rect] = []
    for row in range(rows):
        in_row = min(cols, count - row * cols)
        row_w = in_row * button_w + (in_row - 1) * gap
        left = area.left + (area.width - row_w) // 2
        y = top + row * (button_h + gap)
        for col in range(in_row):
            rects.append(pygame.Rect(left + col * (button_w + gap), y, button_w, button_h))
    return tuple(rects)


def grid_buttons(count: int, area: pygame.Rect, gap: int, theme: Theme) -> tuple[pygame.Rect, ...]:
    """`count` button-shaped rectangles in the grid that gives each the largest square."""
    if count <= 0:
        return ()
    rows, cols = _best_grid(count, area.width, area.height, gap)
    return _grid_rects(count, rows, cols, area, gap, theme)
