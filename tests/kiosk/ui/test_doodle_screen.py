"""The doodle canvas, driven with real finger and mouse events and with NavActions only."""

from __future__ import annotations

import io
import random

import pygame
import pytest
from PIL import Image

from kiosk.ui.keyboard import MIN_KEY_PX
from kiosk.ui.screens.doodle import DoodleScreen
from kiosk.ui.theme import Theme
from storywall.protocol.limits import MAX_DOODLE_BYTES, MAX_DOODLE_SIDE
from tests.kiosk.ui.compose_helpers import click, finger, mouse_move, mouse_up, tap
from tests.kiosk.ui.helpers import SIZES, count_colour


class Recorder:
    def __init__(self) -> None:
        self.done: list[tuple[bytes, int, int]] = []
        self.cancelled = 0

    def on_done(self, png: bytes, width: int, height: int) -> None:
        self.done.append((png, width, height))

    def on_cancel(self) -> None:
        self.cancelled += 1


def make(theme: Theme, size: tuple[int, int]) -> tuple[DoodleScreen, Recorder]:
    rec = Recorder()
    screen = DoodleScreen(theme, on_done=rec.on_done, on_cancel=rec.on_cancel, size=size)
    screen.draw(pygame.Surface(size))
    return screen, rec


def control(screen: DoodleScreen, name: str) -> pygame.Rect:
    return next(c.rect for c in screen.controls if c.name == name)


def ink_pixels(screen: DoodleScreen, colour: tuple[int, int, int]) -> int:
    surface = screen.drawing.surface
    return count_colour(surface, colour, surface.get_rect())


def finger_stroke(
    screen: DoodleScreen, size: tuple[int, int], points: list[tuple[int, int]], fid: int = 3
) -> None:
    assert screen.handle_event(finger(pygame.FINGERDOWN, size, points[0], fid))
    for point in points[1:]:
        screen.handle_event(finger(pygame.FINGERMOTION, size, point, fid))
    screen.handle_event(finger(pygame.FINGERUP, size, points[-1], fid))


@pytest.mark.parametrize("size", SIZES)
def test_a_finger_stroke_draws_a_smooth_line(theme: Theme, size: tuple[int, int]) -> None:
    screen, _ = make(theme, size)
    canvas = screen.canvas_rect
    left, right = canvas.left + 40, canvas.right - 40
    y = canvas.centery
    # Two motion events far apart: the line between them is still unbroken.
    finger_stroke(screen, size, [(left, y), ((left + right) // 2, y), (right, y)])
    surface = screen.drawing.surface
    row = y - canvas.top
    ink = theme.doodle_ink_1
    inked = [x for x in range(surface.get_width()) if surface.get_at((x, row))[:3] == ink]
    assert inked and inked[-1] - inked[0] >= right - left - 2
    assert len(inked) == inked[-1] - inked[0] + 1  # no gaps
    assert len(screen.drawing.strokes) == 1


@pytest.mark.parametrize("size", SIZES)
def test_mouse_drawing_colour_width_undo_and_clear(theme: Theme, size: tuple[int, int]) -> None:
    screen, _ = make(theme, size)
    canvas = screen.canvas_rect
    screen.handle_event(tap(size, control(screen, "ink1").center))
    screen.handle_event(click(control(screen, "pen2").center))
    start, end = (canvas.left + 50, canvas.top + 50), (canvas.left + 200, canvas.top + 180)
    assert screen.handle_event(click(start))
    screen.handle_event(mouse_move(end))
    screen.handle_event(mouse_up(end))
    blue = ink_pixels(screen, theme.doodle_ink_2)
    assert blue > 150 * screen.pen_width
    finger_stroke(
        screen,
        size,
        [(canvas.centerx, canvas.bottom - 60), (canvas.right - 30, canvas.bottom - 60)],
    )
    assert len(screen.drawing.strokes) == 2
    screen.handle_event(tap(size, control(screen, "undo").center))
    assert len(screen.drawing.strokes) == 1
    assert ink_pixels(screen, theme.doodle_ink_2) == blue
    screen.handle_event(tap(size, control(screen, "clear").center))
    assert screen.drawing.empty and ink_pixels(screen, theme.doodle_ink_2) == 0


def test_undo_removes_only_the_last_stroke_even_when_they_overlap(theme: Theme) -> None:
    size = SIZES[0]
    screen, _ = make(theme, size)
    canvas = screen.canvas_rect
    finger_stroke(
        screen, size, [(canvas.left + 20, canvas.centery), (canvas.right - 20, canvas.centery)]
    )
    before = ink_pixels(screen, theme.doodle_ink_1)
    screen.handle_event(tap(size, control(screen, "ink3").center))
    finger_stroke(
        screen, size, [(canvas.centerx, canvas.top + 10), (canvas.centerx, canvas.bottom - 10)]
    )
    assert ink_pixels(screen, theme.doodle_ink_1) < before  # painted over
    screen.nav("back")  # with buttons, back undoes the last stroke
    assert ink_pixels(screen, theme.doodle_ink_1) == before
    assert ink_pixels(screen, theme.doodle_ink_4) == 0


def test_a_second_finger_does_not_scribble_into_the_stroke(theme: Theme) -> None:
    size = SIZES[0]
    screen, _ = make(theme, size)
    canvas = screen.canvas_rect
    screen.handle_event(finger(pygame.FINGERDOWN, size, canvas.center, 1))
    assert not screen.handle_event(finger(pygame.FINGERMOTION, size, canvas.topleft, 2))
    assert len(screen.drawing.strokes[0].points) == 1


@pytest.mark.parametrize("size", SIZES)
def test_done_exports_a_png_of_the_canvas(theme: Theme, size: tuple[int, int]) -> None:
    screen, rec = make(theme, size)
    screen.handle_event(tap(size, control(screen, "done").center))
    assert rec.done == []  # nothing drawn yet: Done does nothing
    canvas = screen.canvas_rect
    finger_stroke(screen, size, [canvas.center, (canvas.centerx + 100, canvas.centery + 40)])
    screen.handle_event(tap(size, control(screen, "done").center))
    [(png, width, height)] = rec.done
    assert (width, height) == canvas.size
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (width, height)
        rgb = image.convert("RGB")
        assert rgb.getpixel((2, 2)) == theme.doodle_paper
        assert rgb.getpixel((canvas.width // 2, canvas.height // 2)) == theme.doodle_ink_1


@pytest.mark.parametrize("size", SIZES)
def test_a_frantic_doodle_stays_within_the_limits(theme: Theme, size: tuple[int, int]) -> None:
    screen, rec = make(theme, size)
    canvas = screen.canvas_rect
    rng = random.Random(7)
    for stroke in range(150):
        screen.handle_event(tap(size, control(screen, f"ink{stroke % 5}").center))
        screen.handle_event(tap(size, control(screen, f"pen{stroke % 3}").center))
        points = [
            (rng.randrange(canvas.left, canvas.right), rng.randrange(canvas.top, canvas.bottom))
            for _ in range(40)
        ]
        finger_stroke(screen, size, points, fid=stroke)
    screen.nav("prev")  # the focus ring wraps from the canvas to Done
    screen.nav("select")
    [(png, width, height)] = rec.done
    assert len(png) <= MAX_DOODLE_BYTES
    assert 0 < width <= MAX_DOODLE_SIDE and 0 < height <= MAX_DOODLE_SIDE
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (width, height)


def test_drawing_with_buttons_only(theme: Theme) -> None:
    size = SIZES[0]
    screen, rec = make(theme, size)
    assert screen.focused_name == "canvas"
    screen.nav("next")
    screen.nav("next")
    assert screen.focused_name == "ink1"
    screen.nav("select")  # the second colour
    screen.nav("prev")
    screen.nav("prev")
    screen.nav("select")  # on the canvas: start drawing with the buttons
    assert screen.turtle_active
    start = screen.turtle
    for _ in range(5):
        screen.nav("next")
    screen.nav("select")  # turn 45 degrees clockwise
    screen.nav("select")  # and again: now heading down
    for _ in range(5):
        screen.nav("next")
    end = screen.turtle
    assert end[0] > start[0] and end[1] > start[1]
    screen.nav("back")
    assert not screen.turtle_active
    assert len(screen.drawing.strokes) == 1
    assert ink_pixels(screen, theme.doodle_ink_2) > 0
    while screen.focused_name != "done":
        screen.nav("next")
    screen.nav("select")
    assert len(rec.done) == 1


def test_two_button_kiosks_finish_a_line_with_a_full_turn(theme: Theme) -> None:
    screen, _ = make(theme, SIZES[1])
    screen.nav("select")
    screen.nav("next")
    for _ in range(8):
        screen.nav("select")
    assert not screen.turtle_active
    screen.nav("next")
    assert screen.focused_name == "ink0"


def test_cancel_and_back_on_an_empty_canvas(theme: Theme) -> None:
    size = SIZES[1]
    screen, rec = make(theme, size)
    screen.handle_event(tap(size, control(screen, "cancel").center))
    assert rec.cancelled == 1
    screen.nav("back")
    assert rec.cancelled == 2 and rec.done == []


@pytest.mark.parametrize("size", SIZES)
def test_tools_are_big_enough_and_disabled_while_empty(theme: Theme, size: tuple[int, int]) -> None:
    screen, _ = make(theme, size)
    for item in screen.controls:
        assert min(item.rect.size) >= MIN_KEY_PX
        assert item.rect.colliderect(screen.canvas_rect) is False
        assert pygame.Rect((0, 0), size).contains(item.rect)
    states = {c.name: c.enabled for c in screen.controls}
    assert not states["done"] and not states["undo"] and not states["clear"]
    assert states["cancel"]


def test_redraw_only_after_a_change(theme: Theme) -> None:
    size = SIZES[0]
    screen, _ = make(theme, size)
    assert not screen.needs_redraw
    screen.update(0.5)
    assert not screen.needs_redraw
    canvas = screen.canvas_rect
    screen.handle_event(finger(pygame.FINGERDOWN, size, canvas.center))
    assert screen.needs_redraw
