"""Turning the kiosk's picture and touches a quarter turn at a time, in software.

Under KMS nothing turns a program that draws to DRM itself: `video=...,rotate=` in
cmdline.txt turns only the text console. So a panel mounted the other way round than it
was made (an 800x480 panel upright, a 720x1280 one on its side) gets a picture drawn at the
size the screens want and turned onto the panel here, and every touch turned back.

`quarter_turns` says how many clockwise quarter turns take the screens' picture to the
panel; the screens never learn that the panel is turned.
"""

from __future__ import annotations

import pygame

from kiosk.defaults import Orientation

_MOUSE = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION)
_FINGER = (pygame.FINGERDOWN, pygame.FINGERUP, pygame.FINGERMOTION)


def quarter_turns(panel: tuple[int, int], orientation: Orientation) -> int:
    """Clockwise quarter turns (0-3) from the picture to a panel of size `panel`.

    "auto" takes the panel as it is. "portrait" on a wide panel (or "landscape" on a tall
    one) is one clockwise turn: the picture's top is along the panel's right-hand edge as
    made. "-flipped" is the other way up."""
    if orientation == "auto":
        return 0
    wide = panel[0] >= panel[1]
    wants_wide = orientation.startswith("landscape")
    turns = 0 if wide == wants_wide else 1
    return turns + 2 if orientation.endswith("-flipped") else turns


def picture_size(panel: tuple[int, int], turns: int) -> tuple[int, int]:
    """The size the screens draw at on a panel turned `turns` quarter turns."""
    return (panel[1], panel[0]) if turns % 2 else panel


def to_panel(picture: pygame.Surface, turns: int) -> pygame.Surface:
    """The picture as the panel shows it (pygame turns anticlockwise for positive angles)."""
    return pygame.transform.rotate(picture, -90 * turns) if turns % 4 else picture


def _point(x: float, y: float, width: float, height: float, turns: int) -> tuple[float, float]:
    """A panel point (size width x height) back to the picture's coordinates."""
    if turns == 1:
        return y, width - x
    if turns == 2:
        return width - x, height - y
    if turns == 3:
        return height - y, x
    return x, y


def _delta(dx: float, dy: float, turns: int) -> tuple[float, float]:
    if turns == 1:
        return dy, -dx
    if turns == 2:
        return -dx, -dy
    if turns == 3:
        return -dy, dx
    return dx, dy


def to_picture(event: pygame.event.Event, panel: tuple[int, int], turns: int) -> pygame.event.Event:
    """`event` with its position in the picture's coordinates (touch and mouse; others as is).

    Mouse positions are panel pixels; touch positions are fractions of the panel (0-1)."""
    turns %= 4
    if turns == 0 or event.type not in (*_MOUSE, *_FINGER):
        return event
    fields = dict(event.dict)
    if event.type in _MOUSE:
        x, y = _point(event.pos[0], event.pos[1], panel[0] - 1, panel[1] - 1, turns)
        fields["pos"] = (round(x), round(y))
        if "rel" in fields:
            dx, dy = _delta(event.rel[0], event.rel[1], turns)
            fields["rel"] = (round(dx), round(dy))
    else:
        fields["x"], fields["y"] = _point(event.x, event.y, 1.0, 1.0, turns)
        fields["dx"], fields["dy"] = _delta(event.dx, event.dy, turns)
    return pygame.event.Event(event.type, fields)
