"""Prompt text never leaves its box: it shrinks, wraps, and only then is cut."""

from __future__ import annotations

import dataclasses

import pygame
import pytest

from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.text import Fonts, fit_text, render_fitted, wrap
from kiosk.ui.theme import Theme
from storywall.protocol.limits import MAX_PROMPT_CHARS
from tests.kiosk.ui.helpers import SIZES, colour_bounds, make_prompt

LONG = (
    "If you could change one thing about this park for the children who play here every day "
    "and for the grandparents who sit on its benches in the sun, what would it be? Tell us!"
)
INK = (200, 0, 200)  # a text colour nothing else on the screen uses


def test_wrap_keeps_every_line_within_the_width() -> None:
    font = Fonts().get(40)
    lines = wrap(LONG, font, 300)
    assert len(lines) > 3
    assert all(font.size(line)[0] <= 300 for line in lines)
    assert " ".join(lines) == LONG


def test_a_word_longer_than_the_line_is_split() -> None:
    font = Fonts().get(40)
    lines = wrap("x" * 120, font, 200)
    assert all(font.size(line)[0] <= 200 for line in lines)
    assert "".join(lines) == "x" * 120


def test_short_text_keeps_the_largest_size() -> None:
    fitted = fit_text("Hi", (600, 200), Fonts(), max_size=60, min_size=20)
    assert fitted.size == 60
    assert fitted.lines == ("Hi",)


@pytest.mark.parametrize(
    ("box", "shrinks"), [((760, 150), True), ((300, 120), True), ((1000, 560), False)]
)
def test_long_text_wraps_and_if_needed_shrinks_into_the_box(
    box: tuple[int, int], shrinks: bool
) -> None:
    fonts = Fonts()
    fitted = fit_text(LONG, box, fonts, max_size=62, min_size=14)
    rendered = render_fitted(fitted, fonts, INK)

    assert (fitted.size < 62) is shrinks
    assert len(fitted.lines) > 1
    assert not fitted.truncated
    assert rendered.get_width() <= box[0]
    assert rendered.get_height() <= box[1]


def test_text_too_long_even_at_the_minimum_is_cut_not_overflowed() -> None:
    fonts = Fonts()
    fitted = fit_text(LONG * 3, (300, 60), fonts, max_size=40, min_size=20)
    rendered = render_fitted(fitted, fonts, INK)

    assert fitted.truncated
    assert fitted.size == 20
    assert fitted.lines[-1].endswith("...")
    assert rendered.get_height() <= 60
    assert rendered.get_width() <= 300


def test_emoji_the_font_cannot_draw_are_left_out() -> None:
    fitted = fit_text("Sunny today? \U0001f31e", (600, 200), Fonts(), max_size=40, min_size=20)
    assert fitted.lines == ("Sunny today?",)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "text", [LONG[:MAX_PROMPT_CHARS], "W" * MAX_PROMPT_CHARS, "How was the park today?"]
)
def test_the_longest_prompt_stays_inside_its_area_on_screen(
    theme: Theme, size: tuple[int, int], text: str
) -> None:
    inked = dataclasses.replace(theme, text=INK)
    screen = AttractScreen(
        inked,
        Fonts(),
        str,
        language="en",
        on_answer=lambda _i: None,
        on_language=lambda: None,
        on_info=lambda: None,
        size=size,
    )
    screen.set_prompt(make_prompt(text=text))
    surface = pygame.Surface(size)
    screen.draw(surface)
    assert screen.geometry is not None

    # The header buttons and the cue use the text colour too: paint them over first.
    for rect in (screen.geometry.language, screen.geometry.info, screen.geometry.cue):
        surface.fill(theme.background, rect.inflate(8, 8))
    drawn = colour_bounds(surface, INK)
    assert drawn is not None, "no prompt text was drawn"
    area = screen.geometry.prompt
    assert area.contains(drawn), f"text {drawn} spills out of {area}"
    assert surface.get_rect().contains(drawn)
    for button in screen.geometry.answers:
        assert not drawn.colliderect(button)
    # Still readable: taller than the theme's minimum font.
    assert drawn.height >= min(size) * theme.prompt_font_min * 0.5
