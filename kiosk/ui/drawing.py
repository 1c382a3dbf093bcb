"""A finger drawing as strokes, painted onto a white canvas and exported as a small PNG.

Strokes are kept (not just pixels) so undo removes the last stroke exactly: the canvas is
repainted from the strokes that remain. A segment is a line with round ends, so a fast
finger leaves a smooth, unbroken stroke however far apart its motion events land. Nothing
is anti-aliased: the picture holds only the paper and ink colours, which keeps the PNG a
small palette image.
"""

from __future__ import annotations

import io
import itertools
import math
from dataclasses import dataclass, field

import pygame
from PIL import Image

from kiosk.ui.theme import RGB
from storywall.protocol.limits import MAX_DOODLE_BYTES, MAX_DOODLE_SIDE

Point = tuple[int, int]
MAX_POINTS = 50_000  # across all strokes: a bound on memory, far beyond any real drawing


@dataclass
class Stroke:
    colour: RGB
    width: int
    points: list[Point] = field(default_factory=list)


class Drawing:
    """Strokes on a `size` canvas of `paper` colour, in canvas coordinates."""

    def __init__(self, size: tuple[int, int], paper: RGB = (255, 255, 255)) -> None:
        self.size = size
        self.paper = paper
        self.strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self.surface = pygame.Surface(size)
        self.surface.fill(paper)

    @property
    def empty(self) -> bool:
        return not self.strokes

    @property
    def drawing(self) -> bool:
        return self._current is not None

    def _points(self) -> int:
        return sum(len(s.points) for s in self.strokes)

    def begin(self, point: Point, colour: RGB, width: int) -> None:
        self.end()
        self._current = Stroke(colour, max(1, width), [self._clamp(point)])
        self.strokes.append(self._current)
        self._segment(self._current, self._current.points[0], self._current.points[0])

    def extend(self, point: Point) -> bool:
        """Continue the current stroke to `point`; False when there is none or no room."""
        stroke = self._current
        if stroke is None or self._points() >= MAX_POINTS:
            return False
        point = self._clamp(point)
        last = stroke.points[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) < 2:
            return False  # a trembling finger: nothing new to draw
        stroke.points.append(point)
        self._segment(stroke, last, point)
        return True

    def end(self) -> None:
        self._current = None

    def undo(self) -> bool:
        self.end()
        if not self.strokes:
            return False
        self.strokes.pop()
        self.repaint()
        return True

    def clear(self) -> bool:
        self.end()
        had = bool(self.strokes)
        self.strokes.clear()
        self.repaint()
        return had

    def repaint(self) -> None:
        self.surface.fill(self.paper)
        for stroke in self.strokes:
            points = stroke.points
            self._segment(stroke, points[0], points[0])
            for a, b in itertools.pairwise(points):
                self._segment(stroke, a, b)

    def _segment(self, stroke: Stroke, a: Point, b: Point) -> None:
        radius = stroke.width / 2
        if a != b:
            # A filled quad as wide as the pen (pygame's wide lines have slanted ends).
            dx, dy = b[0] - a[0], b[1] - a[1]
            length = math.hypot(dx, dy)
            nx, ny = -dy / length * radius, dx / length * radius
            quad = [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny)]
            quad += [(b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny)]
            pygame.draw.polygon(self.surface, stroke.colour, quad)
        pygame.draw.circle(self.surface, stroke.colour, a, radius)
        pygame.draw.circle(self.surface, stroke.colour, b, radius)

    def _clamp(self, point: Point) -> Point:
        return (
            min(max(0, int(point[0])), self.size[0] - 1),
            min(max(0, int(point[1])), self.size[1] - 1),
        )

    def to_png(self) -> tuple[bytes, int, int]:
        """The canvas as a palette PNG within MAX_DOODLE_SIDE and MAX_DOODLE_BYTES: the
        bytes, width and height. Scaled down only if a side or the size asks for it."""
        image = Image.frombytes("RGB", self.size, pygame.image.tobytes(self.surface, "RGB"))
        scale = min(1.0, MAX_DOODLE_SIDE / max(self.size))
        while True:
            w = max(1, min(MAX_DOODLE_SIDE, round(self.size[0] * scale)))
            h = max(1, min(MAX_DOODLE_SIDE, round(self.size[1] * scale)))
            sized = image if (w, h) == self.size else image.resize((w, h), Image.Resampling.NEAREST)
            colours = sized.getcolors(256)
            count = len(colours) if colours is not None else 256
            small = sized.quantize(colors=max(2, count), dither=Image.Dither.NONE)
            out = io.BytesIO()
            small.save(out, format="PNG", optimize=True)
            data = out.getvalue()
            if len(data) <= MAX_DOODLE_BYTES or max(w, h) <= 64:
                return data, w, h
            scale *= 0.75
