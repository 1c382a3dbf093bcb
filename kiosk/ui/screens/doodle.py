"""The doodle canvas: finger drawing with a few colours and pen widths, undo, clear and done.

Like the note composer it records nothing itself: Done hands the PNG to on_done (the screen
manager passes it to core.record_doodle), Cancel calls on_cancel. Buttons-only drawing is a
pen turtle (docs/decisions.md): the canvas is the first stop of the focus ring; select on it
starts drawing, and then "next" draws one step ahead, "select" turns the pen 45 degrees
clockwise and "prev" 45 degrees back, and "back" (or a full turn on the spot, for kiosks
with two buttons) finishes the line and returns to the tools.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from kiosk.defaults import DEFAULTS
from kiosk.i18n import Translate
from kiosk.ui.controls import (
    N_,
    Control,
    control_at,
    draw_control,
    draw_focus,
    identity,
    step_focus,
)
from kiosk.ui.drawing import Drawing
from kiosk.ui.screens.base import NavAction, event_pos
from kiosk.ui.text import Fonts, fit_text, render_fitted
from kiosk.ui.theme import RGB, Theme

CANVAS = "canvas"  # the focus stop for drawing with buttons
HINT_TOUCH = N_("Draw here with your finger")
HINT_BUTTONS = N_("Next draws, Select turns, Back finishes the line")
HINT_START = N_("Press Select to draw with the buttons")
_TOOL_LABELS = {
    "undo": N_("Undo"),
    "clear": N_("Clear"),
    "cancel": N_("Cancel"),
    "done": N_("Done"),
}
TURTLE_STEPS = 24  # steps across the canvas's short side


class DoodleScreen:
    """A white canvas and a toolbar (beside it when landscape, below it when portrait)."""

    def __init__(
        self,
        theme: Theme,
        *,
        translate: Translate = identity,
        on_done: Callable[[bytes, int, int], None],
        on_cancel: Callable[[], None],
        size: tuple[int, int] = DEFAULTS.display.size,
    ) -> None:
        self.theme = theme
        self._t = translate
        self._on_done = on_done
        self._on_cancel = on_cancel
        self._fonts = Fonts()
        self.inks: list[RGB] = [
            theme.doodle_ink_1,
            theme.doodle_ink_2,
            theme.doodle_ink_3,
            theme.doodle_ink_4,
            theme.doodle_ink_5,
        ]
        self._width_shares = _widths(theme.doodle_widths)
        self.ink = 0
        self.pen = 1
        self.focus = 0  # 0 is the canvas, then the controls
        self.turtle_active = False
        self._heading = 0  # in eighths of a turn, clockwise from "right"
        self._turns = 0
        self._pointer: int | None = None  # the finger (or -1: the mouse) drawing now
        self._turtle = (0, 0)
        self._size = (0, 0)
        self._dirty = True
        self._layout(size)

    # -- state -------------------------------------------------------------------------------

    @property
    def needs_redraw(self) -> bool:
        return self._dirty

    @property
    def canvas_rect(self) -> pygame.Rect:
        return pygame.Rect(self._canvas)

    @property
    def controls(self) -> list[Control]:
        return list(self._controls)

    @property
    def pen_width(self) -> int:
        return max(2, round(min(self._canvas.size) * self._width_shares[self.pen]))

    @property
    def turtle(self) -> tuple[int, int]:
        """The buttons-only pen's position, in canvas coordinates."""
        return self._turtle

    @property
    def focused_name(self) -> str:
        return CANVAS if self.focus == 0 else self._controls[self.focus - 1].name

    def export(self) -> tuple[bytes, int, int]:
        return self.drawing.to_png()

    # -- input -------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        t = event.type
        if t in (pygame.FINGERMOTION, pygame.FINGERUP):
            if self._pointer != event.finger_id:
                return False
            finger = (int(event.x * self._size[0]), int(event.y * self._size[1]))
            return self._move_or_lift(finger, lift=t == pygame.FINGERUP)
        if t in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP):
            if self._pointer != -1 or getattr(event, "touch", False):
                return False
            return self._move_or_lift(event.pos, lift=t == pygame.MOUSEBUTTONUP)
        down = event_pos(event, self._size)
        if down is None:
            return False
        pos = down
        if self._canvas.collidepoint(pos):
            self._pointer = event.finger_id if t == pygame.FINGERDOWN else -1
            self.turtle_active = False
            self.focus = 0
            self.drawing.begin(self._local(pos), self.inks[self.ink], self.pen_width)
            self._changed()
            return True
        index = control_at(self._controls, pos, slack=2)
        if index is None:
            return False
        self.focus = index + 1
        self._activate(self._controls[index])
        return True

    def _move_or_lift(self, pos: tuple[int, int], *, lift: bool) -> bool:
        if self.drawing.extend(self._local(pos)):
            self._dirty = True
        if lift:
            self.drawing.end()
            self._pointer = None
        return True

    def nav(self, action: NavAction) -> None:
        if self.turtle_active:
            self._turtle_nav(action)
        elif action in ("prev", "next"):
            self.focus = step_focus(self.focus, len(self._controls) + 1, action)
        elif action == "select":
            if self.focus == 0:
                self.turtle_active = True
                self._turns = 0
            else:
                self._activate(self._controls[self.focus - 1])
        elif self.drawing.empty:
            self._on_cancel()
        else:
            self.drawing.undo()
            self._changed()
        self._dirty = True

    def _turtle_nav(self, action: NavAction) -> None:
        if action == "next":
            self._turns = 0
            step = min(self._canvas.size) / TURTLE_STEPS
            angle = self._heading * math.pi / 4
            x = self._turtle[0] + round(step * math.cos(angle))
            y = self._turtle[1] + round(step * math.sin(angle))
            x = min(max(0, x), self._canvas.width - 1)
            y = min(max(0, y), self._canvas.height - 1)
            if not self.drawing.drawing:
                self.drawing.begin(self._turtle, self.inks[self.ink], self.pen_width)
            self.drawing.extend((x, y))
            self._turtle = (x, y)
            self._changed()
            return
        if action in ("select", "prev"):
            self._heading = (self._heading + (1 if action == "select" else -1)) % 8
            self._turns += 1
            if self._turns < 8:
                return
        self.turtle_active = False  # "back", or a full turn on the spot
        self.drawing.end()

    def _activate(self, control: Control) -> None:
        name = control.name
        if name == "cancel":
            self._on_cancel()
        elif not control.enabled:
            return
        elif name.startswith("ink"):
            self.ink = int(name[3:])
        elif name.startswith("pen"):
            self.pen = int(name[3:])
        elif name == "undo":
            self.drawing.undo()
        elif name == "clear":
            self.drawing.clear()
        elif name == "done":
            self._on_done(*self.export())
        self._changed()

    def _changed(self) -> None:
        empty = self.drawing.empty
        for control in self._controls:
            if control.name in ("undo", "clear", "done"):
                control.enabled = not empty
            control.selected = control.name in (f"ink{self.ink}", f"pen{self.pen}")
        self._dirty = True

    def _local(self, pos: tuple[int, int]) -> tuple[int, int]:
        return (pos[0] - self._canvas.left, pos[1] - self._canvas.top)

    def update(self, dt: float) -> None:
        """Nothing moves by itself on this screen."""

    # -- layout and drawing ------------------------------------------------------------------

    def _layout(self, size: tuple[int, int]) -> None:
        self._size = size
        width, height = size
        short = min(size)
        margin = max(6, round(short * 0.02))
        gap = max(4, round(short * 0.015))
        names = [f"ink{i}" for i in range(len(self.inks))]
        names += [f"pen{i}" for i in range(len(self._width_shares))]
        names += ["undo", "clear", "cancel", "done"]
        lines = 2
        per_line = math.ceil(len(names) / lines)
        if width >= height:  # toolbar on the right: 2 columns
            cell_h = (height - 2 * margin - gap * (per_line - 1)) // per_line
            cell_w = min(round(cell_h * 1.6), round(width * 0.11))
            bar = pygame.Rect(width - margin - 2 * cell_w - gap, margin, 2 * cell_w + gap, 0)
            self._canvas = pygame.Rect(margin, margin, bar.left - gap - margin, height - 2 * margin)
            cells = [
                (bar.left + (i % 2) * (cell_w + gap), margin + (i // 2) * (cell_h + gap))
                for i in range(len(names))
            ]
        else:  # toolbar along the bottom: 2 rows
            cell_w = (width - 2 * margin - gap * (per_line - 1)) // per_line
            cell_h = min(round(cell_w * 0.9), round(height * 0.09))
            top = height - margin - 2 * cell_h - gap
            self._canvas = pygame.Rect(margin, margin, width - 2 * margin, top - gap - margin)
            cells = [
                (margin + (i % per_line) * (cell_w + gap), top + (i // per_line) * (cell_h + gap))
                for i in range(len(names))
            ]
        self._controls = []
        for name, (x, y) in zip(names, cells, strict=True):
            control = Control(
                name,
                self._t(_TOOL_LABELS[name]) if name in _TOOL_LABELS else name,
                pygame.Rect(x, y, cell_w, cell_h),
            )
            if name.startswith("ink"):
                control.swatch = self.inks[int(name[3:])]
            elif name.startswith("pen"):
                control.dot = max(
                    2, round(min(self._canvas.size) * self._width_shares[int(name[3:])] / 2)
                )
            self._controls.append(control)
        old = getattr(self, "drawing", None)
        self.drawing = Drawing(self._canvas.size, self.theme.doodle_paper)
        if old is not None and old.strokes:
            self.drawing.strokes = old.strokes
            self.drawing.repaint()
        self._turtle = (self._canvas.width // 2, self._canvas.height // 2)
        self._changed()

    def draw(self, surface: pygame.Surface) -> None:
        if surface.get_size() != self._size:
            self._layout(surface.get_size())
        theme = self.theme
        surface.fill(theme.background)
        surface.blit(self.drawing.surface, self._canvas.topleft)
        pygame.draw.rect(surface, theme.button_border, self._canvas.inflate(4, 4), width=2)
        if self.drawing.empty and not self.turtle_active:
            self._hint(surface, HINT_START if self.focus == 0 else HINT_TOUCH)
        if self.turtle_active:
            self._hint(surface, HINT_BUTTONS)
            self._draw_turtle(surface)
        font_px = round(min(self._size) * 0.05)
        for i, control in enumerate(self._controls):
            focused = self.focus == i + 1
            draw_control(surface, control, theme, self._fonts, focused=focused, font_px=font_px)
        if self.focus == 0:
            draw_focus(surface, self._canvas, theme, radius=6)
        self._dirty = False

    def _hint(self, surface: pygame.Surface, msgid: str) -> None:
        box = pygame.Rect(0, 0, self._canvas.width * 9 // 10, self._canvas.height // 5)
        box.midtop = (self._canvas.centerx, self._canvas.top + self._canvas.height // 20)
        size = round(min(self._size) * 0.06)
        fitted = fit_text(self._t(msgid), box.size, self._fonts, max_size=size, min_size=16)
        rendered = render_fitted(fitted, self._fonts, self.theme.status_text)
        surface.blit(rendered, rendered.get_rect(midtop=box.midtop))

    def _draw_turtle(self, surface: pygame.Surface) -> None:
        x = self._canvas.left + self._turtle[0]
        y = self._canvas.top + self._turtle[1]
        r = max(8, min(self._canvas.size) // 30)
        angle = self._heading * math.pi / 4
        tip = (x + 2.2 * r * math.cos(angle), y + 2.2 * r * math.sin(angle))
        focus = self.theme.compose_focus
        pygame.draw.line(surface, focus, (x, y), tip, max(3, r // 3))
        pygame.draw.circle(surface, focus, (x, y), r, width=max(3, r // 3))
        pygame.draw.circle(surface, self.inks[self.ink], (x, y), max(2, r // 2))


def _widths(spec: str) -> list[float]:
    """Pen widths from the theme's space-separated fractions (three defaults if unreadable)."""
    try:
        shares = [float(part) for part in spec.split()]
    except ValueError:
        shares = []
    shares = [s for s in shares if 0 < s < 0.5][:3]
    return shares or [0.012, 0.03, 0.07]
