"""Today's tallies of a prompt as bars, one row per answer with its picture or label.

The results screen draws them after an answer; the attract screen draws them in place
of the answer buttons while the organiser has locked the prompt (it takes no answers,
so there is nothing left to keep hidden).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pygame

from kiosk.ui.screens.answers import AnswerPainter, answer_keys
from kiosk.ui.screens.common import ScreenBase
from storywall.protocol.config import PromptConfig


def paint_tally_bars(
    screen: ScreenBase,
    surface: pygame.Surface,
    box: pygame.Rect,
    answers: AnswerPainter,
    prompt: PromptConfig,
    language: str,
    tallies: Mapping[str, int],
    chosen: int | None = None,
) -> None:
    """Bars for each answer in `box`; answer `chosen` (the one just given) stands out."""
    theme = screen.theme
    keys = answer_keys(prompt)
    counts = [tallies.get(key, 0) for key in keys]
    most = max([1, *counts])
    gap = max(2, box.height // 40)
    row_h = min((box.height - gap * (len(keys) - 1)) // max(1, len(keys)), screen.px(0.11))
    top = box.top + (box.height - (row_h * len(keys) + gap * (len(keys) - 1))) // 2
    labels = prompt.options_in(language) if prompt.kind == "poll" else []
    label_w = round(box.width * 0.45) if labels else row_h
    number_w = screen.fonts.get(screen.px(theme.body_font)).size("0000")[0]
    for index, count in enumerate(counts):
        row = pygame.Rect(box.left, top + index * (row_h + gap), box.width, row_h)
        picture = answers.picture(prompt, index, round(row_h * 0.9))
        if picture is not None:
            surface.blit(picture, picture.get_rect(center=(row.left + label_w // 2, row.centery)))
        else:
            label = screen.text(
                labels[index],
                (label_w - 6, row_h),
                screen.px(theme.body_font),
                theme.text,
                min_px=min(row_h, screen.small_px()),
            )
            surface.blit(label, label.get_rect(midright=(row.left + label_w - 6, row.centery)))
        track = pygame.Rect(
            row.left + label_w + 8,
            row.top + row_h // 5,
            row.width - label_w - 16 - number_w,
            row_h - 2 * (row_h // 5),
        )
        pygame.draw.rect(surface, theme.bar_track, track, border_radius=4)
        filled = track.copy()
        filled.width = max(4 if count else 0, round(track.width * count / most))
        colour = theme.bar_chosen if index == chosen else theme.bar_fill
        if filled.width:
            pygame.draw.rect(surface, colour, filled, border_radius=4)
        number = screen.text(
            str(count),
            (number_w, row_h),
            screen.px(theme.body_font),
            theme.text,
            bold=index == chosen,
        )
        surface.blit(number, number.get_rect(midright=(row.right, row.centery)))


def paint_locked(
    screen: ScreenBase,
    surface: pygame.Surface,
    answer_rects: Sequence[pygame.Rect],
    answers: AnswerPainter,
    prompt: PromptConfig,
    language: str,
) -> None:
    """A locked prompt's results where its answers were: the hub's tallies of today
    (nobody here can add to them: the kiosk records no press while it is locked)."""
    area = answer_rects[0].unionall(list(answer_rects[1:]))
    paint_tally_bars(screen, surface, area, answers, prompt, language, prompt.tallies)
