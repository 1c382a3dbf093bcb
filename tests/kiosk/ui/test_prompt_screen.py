"""PromptScreen driven by real pygame events, drawn on real surfaces."""

from __future__ import annotations

import dataclasses
from typing import Any

import pygame
import pytest

from kiosk.ui.emoji import EmojiImages
from kiosk.ui.screens.prompt import PromptScreen
from kiosk.ui.theme import Theme
from tests.kiosk.ui.helpers import SIZES, count_colour, make_prompt, rgb


class Presses:
    """on_press that records every index and, standing in for the app, thanks for it on
    the screen when `accept` (the app records it, then calls show_thanks)."""

    def __init__(self, accept: bool = True) -> None:
        self.calls: list[int] = []
        self.accept = accept
        self.screen: PromptScreen | None = None

    def __call__(self, index: int) -> None:
        self.calls.append(index)
        if self.accept and self.screen is not None:
            self.screen.show_thanks(index)


def build(
    theme: Theme, presses: Presses, size: tuple[int, int] = (800, 480), **kwargs: object
) -> tuple[PromptScreen, pygame.Surface]:
    screen = PromptScreen(theme, on_press=presses, **kwargs)  # type: ignore[arg-type]
    presses.screen = screen
    screen.set_prompt(make_prompt())
    surface = pygame.Surface(size)
    screen.draw(surface)
    return screen, surface


def thanks_of(screen: PromptScreen) -> int | None:
    return screen.thanks_index  # read through a call, so mypy does not narrow the property


def click(pos: tuple[int, int], **extra: Any) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, **extra)


def finger(x: float, y: float) -> pygame.event.Event:
    return pygame.event.Event(
        pygame.FINGERDOWN, touch_id=1, finger_id=0, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0
    )


def test_click_on_button_2_records_it_and_says_thanks(theme: Theme) -> None:
    presses = Presses()
    screen, surface = build(theme, presses)
    button = screen.layout().buttons[2]

    assert screen.handle_event(click(button.center)) is True

    assert presses.calls == [2]
    assert screen.thanks_index == 2
    assert screen.is_pressed(2)
    screen.draw(surface)
    assert count_colour(surface, theme.thanks_background, screen.layout().prompt) > 1000


@pytest.mark.parametrize("size", SIZES)
def test_finger_with_normalised_coordinates_hits_the_same_button(
    theme: Theme, size: tuple[int, int]
) -> None:
    presses = Presses()
    screen, _ = build(theme, presses, size)
    button = screen.layout().buttons[2]

    screen.handle_event(finger(button.centerx / size[0], button.centery / size[1]))

    assert presses.calls == [2]
    assert screen.thanks_index == 2


def test_mouse_click_synthesised_from_a_touch_is_not_counted_twice(theme: Theme) -> None:
    presses = Presses()
    screen, _ = build(theme, presses)
    button = screen.layout().buttons[1]

    screen.handle_event(finger(button.centerx / 800, button.centery / 480))
    screen.handle_event(click(button.center, touch=True))

    assert presses.calls == [1]


def test_touch_outside_the_buttons_calls_nothing(theme: Theme) -> None:
    presses = Presses()
    screen, surface = build(theme, presses)
    layout = screen.layout()
    first = layout.buttons[0]

    outside = [
        click(layout.prompt.center),
        click((2, first.centery)),  # the left margin, beyond the button's generous edge
        click((surface.get_width() // 2, 2)),
        finger(0.001, 0.001),
        finger(0.999, 0.999),
    ]
    assert [screen.handle_event(event) for event in outside] == [False] * len(outside)
    assert presses.calls == []
    assert screen.thanks_index is None


def test_wheel_and_other_events_are_not_presses(theme: Theme) -> None:
    presses = Presses()
    screen, _ = build(theme, presses)
    centre = screen.layout().buttons[0].center

    screen.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=4))
    screen.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=()))
    screen.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1"))

    assert presses.calls == []


def test_thanks_goes_after_its_duration(theme: Theme) -> None:
    screen, surface = build(theme, Presses())
    screen.handle_event(click(screen.layout().buttons[0].center))

    screen.update(theme.thanks_seconds - 0.1)
    assert screen.thanks_index == 0
    screen.update(0.2)
    assert thanks_of(screen) is None
    assert not screen.is_pressed(0)
    screen.draw(surface)
    assert count_colour(surface, theme.thanks_background, surface.get_rect()) == 0


def test_no_thanks_when_the_press_was_not_recorded(theme: Theme) -> None:
    presses = Presses(accept=False)
    screen, surface = build(theme, presses)

    screen.handle_event(click(screen.layout().buttons[3].center))

    assert presses.calls == [3]
    assert screen.thanks_index is None
    assert not screen.is_pressed(3)
    screen.draw(surface)
    assert count_colour(surface, theme.thanks_background, surface.get_rect()) == 0


def test_presses_during_thanks_still_count(theme: Theme) -> None:
    presses = Presses()
    screen, _ = build(theme, presses)
    buttons = screen.layout().buttons

    screen.handle_event(click(buttons[0].center))
    screen.update(0.5)
    screen.handle_event(click(buttons[1].center))

    assert presses.calls == [0, 1]
    assert screen.thanks_index == 1
    screen.update(theme.thanks_seconds - 0.1)
    assert screen.thanks_index == 1  # the second press restarted the thanks


def test_physical_button_thanks_look_like_touch_thanks(theme: Theme) -> None:
    presses = Presses()
    screen, surface = build(theme, presses)

    screen.show_thanks(3)

    assert presses.calls == []  # the app recorded it already
    assert screen.thanks_index == 3
    assert screen.is_pressed(3)
    screen.draw(surface)
    button = screen.layout().buttons[3]
    assert count_colour(surface, theme.button_pressed, button) > 100


def test_draw_paints_each_emoji_inside_its_button(theme: Theme) -> None:
    screen, surface = build(theme, Presses())

    for button in screen.layout().buttons:
        centre = rgb(surface, button.center)
        assert centre != theme.button_face
        assert centre != theme.background
        # The face PNGs are mostly yellow: red and green high, blue low.
        samples = [
            rgb(surface, (x, y))
            for x in range(button.left, button.right, 4)
            for y in range(button.top, button.bottom, 4)
        ]
        yellow = [c for c in samples if c[0] > 200 and c[1] > 150 and c[2] < 120]
        assert len(yellow) > len(samples) * 0.12


def test_draw_paints_a_fallback_tile_when_there_is_no_picture(theme: Theme) -> None:
    screen, surface = build(theme, Presses(), emoji=EmojiImages(None, font_paths=()))

    for button in screen.layout().buttons:
        assert rgb(surface, button.center) != theme.button_face


def test_without_a_prompt_the_screen_waits_and_ignores_touches(theme: Theme) -> None:
    presses = Presses()
    screen = PromptScreen(theme, on_press=presses)
    surface = pygame.Surface((800, 480))
    screen.draw(surface)

    assert screen.layout().buttons == ()
    screen.handle_event(click((400, 300)))
    screen.handle_event(finger(0.5, 0.6))
    assert presses.calls == []
    assert count_colour(surface, theme.text, surface.get_rect()) > 200  # the waiting words


def test_thanks_for_a_physical_press_without_a_prompt_does_not_crash(theme: Theme) -> None:
    screen = PromptScreen(theme, on_press=Presses())
    surface = pygame.Surface((720, 1280))
    screen.show_thanks(5)
    screen.draw(surface)
    assert count_colour(surface, theme.thanks_background, surface.get_rect()) > 1000


def test_new_emoji_set_resets_pressed_state_and_layout(theme: Theme) -> None:
    screen, surface = build(theme, Presses())
    screen.show_thanks(3)
    screen.set_prompt(make_prompt(["\U0001f333", "\u2600\ufe0f"]))
    screen.draw(surface)

    assert len(screen.layout().buttons) == 2
    assert not screen.is_pressed(3)


def test_status_is_discreet_and_only_in_its_corner(theme: Theme) -> None:
    screen, surface = build(theme, Presses())
    before = surface.copy()
    screen.set_status(online=False, pending=12)
    screen.draw(surface)

    status = screen.layout().status
    changed = [
        (x, y)
        for x in range(0, 800, 2)
        for y in range(0, 480, 2)
        if surface.get_at((x, y)) != before.get_at((x, y))
    ]
    assert changed, "the offline indicator drew nothing"
    assert all(status.collidepoint(p) for p in changed)
    assert status.height < 480 * 0.1


def test_theme_colours_and_timings_drive_the_screen(theme: Theme) -> None:
    slow = dataclasses.replace(theme, thanks_seconds=4.0, background=(1, 2, 3))
    screen, surface = build(slow, Presses())
    assert rgb(surface, (0, 0)) == (1, 2, 3)

    screen.show_thanks(0)
    screen.update(3.0)
    assert screen.thanks_index == 0
