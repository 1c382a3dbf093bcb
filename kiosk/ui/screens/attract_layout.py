"""Where things go on the attract screen (the idle prompt screen), for any size and answers.

Pure geometry, like kiosk.ui.layout. A header row holds the language and house-rules buttons
(touch targets of at least theme.touch_target of the short side, 10 mm on a 7" panel); the
prompt and its answer buttons take the main area; the wall picture and the approved notes take
turns beside it (landscape) or below it (portrait); a cue to press a button runs along the bottom,
above the caretaker's thin status line. A fridge kiosk adds a "Drop off food" button: in the
header between the other two (landscape), or across a row of its own below them (portrait).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from kiosk.ui.layout import grid_buttons
from kiosk.ui.theme import Theme
from storywall.protocol.config import PromptKind


@dataclass(frozen=True)
class AttractLayout:
    size: tuple[int, int]
    language: pygame.Rect
    info: pygame.Rect
    status: pygame.Rect
    prompt: pygame.Rect
    answers: tuple[pygame.Rect, ...]
    side: pygame.Rect  # the wall picture and the notes, in turn
    cue: pygame.Rect
    gap: int
    dropoff: pygame.Rect | None = None


def touch_px(size: tuple[int, int], theme: Theme) -> int:
    """The smallest side a touch target may have on this screen."""
    return max(44, round(min(size) * theme.touch_target))


def attract_layout(
    size: tuple[int, int],
    kind: PromptKind,
    count: int,
    theme: Theme,
    *,
    dropoff: bool = False,
    warning: bool = False,
) -> AttractLayout:
    """`dropoff`: room for the drop-off button; `warning`: the cue's strip is a warning
    banner, two lines high so a sentence from the hub fits whole."""
    width, height = size
    short = min(size)
    margin = max(4, round(short * theme.margin))
    gap = max(4, round(short * theme.button_gap))
    target = touch_px(size, theme)
    language = pygame.Rect(margin, margin, round(target * 2.9), target)
    info = pygame.Rect(width - margin - round(target * 3.1), margin, round(target * 3.1), target)
    # The caretaker's line: a thin strip along the bottom edge, small on purpose.
    status_h = max(10, round(short * theme.status_font * 1.3))
    status = pygame.Rect(margin, height - status_h - 2, width - 2 * margin, status_h)
    cue_h = round(short * theme.body_font * (2.7 if warning else 1.6))
    cue = pygame.Rect(margin, status.top - 2 - cue_h, width - 2 * margin, cue_h)
    header_bottom = language.bottom
    dropoff_rect = None
    if dropoff and width >= height:
        left, right = language.right + gap, info.left - gap
        dropoff_rect = pygame.Rect(left, margin, right - left, target)
    elif dropoff:
        dropoff_rect = pygame.Rect(margin, language.bottom + gap, width - 2 * margin, target)
        header_bottom = dropoff_rect.bottom
    body = pygame.Rect(
        margin, header_bottom + gap, width - 2 * margin, cue.top - gap - header_bottom - gap
    )
    if width >= height:
        side_w = round(body.width * theme.side_share_landscape)
        main = pygame.Rect(body.left, body.top, body.width - side_w - gap, body.height)
        side = pygame.Rect(main.right + gap, body.top, side_w, body.height)
        prompt_share = 0.42
    else:
        main = pygame.Rect(body.left, body.top, body.width, round(body.height * 0.56))
        side = pygame.Rect(
            body.left, main.bottom + gap, body.width, body.bottom - main.bottom - gap
        )
        prompt_share = 0.4
    prompt = pygame.Rect(main.left, main.top, main.width, round(main.height * prompt_share))
    area = pygame.Rect(
        main.left, prompt.bottom + gap, main.width, main.bottom - prompt.bottom - gap
    )
    answers = answer_rects(kind, count, area, gap, theme, target)
    return AttractLayout(
        size, language, info, status, prompt, answers, side, cue, gap, dropoff_rect
    )


def answer_rects(
    kind: PromptKind, count: int, area: pygame.Rect, gap: int, theme: Theme, target: int
) -> tuple[pygame.Rect, ...]:
    """Emoji: the largest button-shaped squares; slider: one row of steps; poll: wide text
    buttons, one column on a narrow area, two side by side on a wide one."""
    if count <= 0:
        return ()
    if kind == "slider":
        side = min((area.width - gap * (count - 1)) // count, area.height)
        row_w = side * count + gap * (count - 1)
        left = area.left + (area.width - row_w) // 2
        top = area.top + (area.height - side) // 2
        return tuple(pygame.Rect(left + i * (side + gap), top, side, side) for i in range(count))
    if kind == "poll":
        cols = 2 if count > 2 or area.width > 2.2 * area.height else 1
        cols = min(cols, count)
        rows = -(-count // cols)
        cell_w = (area.width - gap * (cols - 1)) // cols
        cell_h = min((area.height - gap * (rows - 1)) // rows, round(target * 1.6))
        cell_h = max(cell_h, target)
        grid_h = rows * cell_h + (rows - 1) * gap
        top = area.top + max(0, (area.height - grid_h) // 2)
        return tuple(
            pygame.Rect(
                area.left + (i % cols) * (cell_w + gap),
                top + (i // cols) * (cell_h + gap),
                cell_w,
                cell_h,
            )
            for i in range(count)
        )
    return grid_buttons(count, area, gap, theme)
