"""A turned panel: the picture and the touches turn together (kiosk.ui.rotation).

SDL's dummy driver opens a 1024x768 "panel" full screen, the way kmsdrm opens the real one,
so the runner's own code path is the one tested.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pygame
import pytest

from kiosk.settings import load_settings
from kiosk.ui.rotation import picture_size, quarter_turns, to_panel, to_picture
from kiosk.ui.runner import DisplayRunner

RED = (255, 0, 0)


@pytest.mark.parametrize(
    ("panel", "orientation", "turns"),
    [
        ((800, 480), "auto", 0),
        ((800, 480), "landscape", 0),
        ((800, 480), "portrait", 1),
        ((800, 480), "landscape-flipped", 2),
        ((800, 480), "portrait-flipped", 3),
        ((720, 1280), "auto", 0),
        ((720, 1280), "portrait", 0),
        ((720, 1280), "landscape", 1),
        ((720, 1280), "landscape-flipped", 3),
    ],
)
def test_quarter_turns(panel: tuple[int, int], orientation: str, turns: int) -> None:
    assert quarter_turns(panel, orientation) == turns  # type: ignore[arg-type]


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
@pytest.mark.parametrize("spot", [(0, 0), (5, 2), (47, 29)])
def test_a_touch_where_a_dot_is_shown_lands_on_the_dot(turns: int, spot: tuple[int, int]) -> None:
    """Draw a dot in the picture, find it on the turned panel, touch it there: the touch
    arrives in the picture at the dot, by mouse (pixels) and by finger (fractions)."""
    picture = pygame.Surface((48, 30))
    picture.fill((0, 0, 0))
    picture.set_at(spot, RED)
    panel = to_panel(picture, turns)
    # picture_size goes both ways: a quarter turn swaps width and height.
    assert panel.get_size() == picture_size((48, 30), turns)
    width, height = panel.get_size()
    shown = [(x, y) for x in range(width) for y in range(height) if panel.get_at((x, y))[:3] == RED]
    assert len(shown) == 1
    x, y = shown[0]

    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1)
    assert to_picture(click, (width, height), turns).pos == spot

    # A finger at the dot's centre, as a fraction of the panel.
    finger = pygame.event.Event(
        pygame.FINGERDOWN, x=(x + 0.5) / width, y=(y + 0.5) / height, dx=0.0, dy=0.0
    )
    moved = to_picture(finger, (width, height), turns)
    size = picture.get_size()
    assert (int(moved.x * size[0]), int(moved.y * size[1])) == spot


def test_a_swipe_turns_with_the_panel() -> None:
    # One clockwise turn: the picture's "down" is the panel's "left".
    swipe = pygame.event.Event(pygame.FINGERMOTION, x=0.5, y=0.5, dx=-0.1, dy=0.0)
    assert to_picture(swipe, (800, 480), 1).dy == pytest.approx(0.1)
    key = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1)
    assert to_picture(key, (800, 480), 1) is key


class CornerScreen:
    """Paints its top-left corner red and remembers its size and the touches it got."""

    def __init__(self) -> None:
        self.sizes: list[tuple[int, int]] = []
        self.touches: list[tuple[float, float]] = []

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.FINGERDOWN:
            self.touches.append((event.x, event.y))
        return False

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((0, 0, 0))
        surface.fill(RED, pygame.Rect(0, 0, 40, 20))
        self.sizes.append(surface.get_size())


def test_a_portrait_kiosk_on_a_wide_panel_draws_upright_and_takes_touches_right() -> None:
    stop = threading.Event()
    screen = CornerScreen()
    seen: dict[str, object] = {}
    calls = [0]

    def poll() -> None:
        calls[0] += 1
        panel = pygame.display.get_surface()
        if calls[0] == 1:
            width, _ = panel.get_size()
            seen["panel"] = panel.get_size()
            # The picture's top-left corner is on the panel's top-right after one turn.
            seen["top_right"] = panel.get_at((width - 5, 5))[:3]
            seen["top_left"] = panel.get_at((5, 5))[:3]
            # Touch the panel's top-right corner.
            finger = {"x": 0.99, "y": 0.01, "dx": 0.0, "dy": 0.0, "touch_id": 1, "finger_id": 1}
            pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, finger))
        elif calls[0] > 3:
            stop.set()

    runner = DisplayRunner(
        screen, mode="fullscreen", orientation="portrait", poll=poll, idle_wait_ms=1
    )
    runner.run(stop)

    panel = seen["panel"]
    assert isinstance(panel, tuple) and panel[0] > panel[1]
    assert runner.turns == 1
    assert screen.sizes[0] == (panel[1], panel[0])  # the screen draws portrait
    assert seen["top_right"] == RED and seen["top_left"] == (0, 0, 0)
    assert len(screen.touches) == 1
    x, y = screen.touches[0]
    assert x == pytest.approx(0.01) and y == pytest.approx(0.01)  # its own top-left


def test_the_orientation_orders_the_configured_size(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    base = '[kiosk]\nid = "k-1"\nhub_url = "http://hub"\ntoken = "t"\n[display]\n'
    cases = {
        'orientation = "portrait"\nwidth = 800\nheight = 480\n': (480, 800),
        'orientation = "landscape"\nwidth = 720\nheight = 1280\n': (1280, 720),
        "width = 720\nheight = 1280\n": (720, 1280),
    }
    for text, size in cases.items():
        path.write_text(base + text)
        settings = load_settings(path, env={})
        assert settings.screen_size == size, text
    path.write_text(base + 'orientation = "sideways"\n')
    with pytest.raises(Exception, match=r"display\.orientation"):
        load_settings(path, env={})
