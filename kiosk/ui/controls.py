"""Labelled touch buttons with a focus ring, shared by the note composer and the doodle canvas.

A control is plain data (what it is called, where it is, whether it can be used); drawing and
hit-testing are functions, so a screen keeps its controls in a list in focus order and the
physical buttons walk that list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from kiosk.ui.text import Fonts, fit_text, render_fitted
from kiosk.ui.theme import RGB, Theme


def N_(msgid: str) -> str:
    """Marks a string for the catalogue where it is defined; translated where it is shown."""
    return msgid


def identity(msgid: str) -> str:
    return msgid


@dataclass
class Control:
    """One button: `name` says what it does, `label` is what it shows (already translated)."""

    name: str
    label: str
    rect: pygame.Rect
    enabled: bool = True
    selected: bool = False
    swatch: RGB | None = None  # a colour chip instead of words
    dot: int = 0  # a pen-width preview: the dot's radius in pixels


def control_at(controls: list[Control], pos: tuple[int, int], slack: int = 0) -> int | None:
    """The index of the control under `pos` (reaching `slack` pixels into the gaps)."""
    for index, control in enumerate(controls):
        if control.rect.inflate(2 * slack, 2 * slack).collidepoint(pos):
            return index
    return None


def draw_control(
    surface: pygame.Surface,
    control: Control,
    theme: Theme,
    fonts: Fonts,
    *,
    focused: bool = False,
    pressed: bool = False,
    font_px: int = 28,
) -> None:
    """A rounded button face with its label, swatch or dot, and the focus ring around it."""
    rect = control.rect
    short = min(rect.size)
    radius = max(4, round(short * theme.button_radius))
    border = max(2, round(short * theme.button_border_width))
    if pressed:
        face_colour = theme.button_pressed
    elif control.selected:
        face_colour = theme.compose_selected
    else:
        face_colour = theme.button_face
    pygame.draw.rect(surface, face_colour, rect, border_radius=radius)
    edge = theme.button_border if control.enabled else theme.compose_disabled
    pygame.draw.rect(surface, edge, rect, width=border, border_radius=radius)
    if control.selected:
        inner = rect.inflate(-2 * border - 2, -2 * border - 2)
        pygame.draw.rect(surface, theme.button_border, inner, width=border, border_radius=radius)
    ink = theme.text if control.enabled else theme.compose_disabled
    if control.swatch is not None:
        chip = rect.inflate(-short // 3, -short // 3)
        pygame.draw.rect(surface, control.swatch, chip, border_radius=max(3, radius // 2))
        pygame.draw.rect(surface, theme.button_border, chip, width=1, border_radius=radius // 2)
    elif control.dot > 0:
        pygame.draw.circle(surface, ink, rect.center, min(control.dot, short // 2 - border - 2))
    else:
        box = rect.inflate(-2 * border - 6, -2 * border - 4)
        # No word split across lines: shrink until the longest word fits the width.
        longest = max(control.label.split() or [""], key=len)
        while font_px > 14 and fonts.get(font_px).size(longest)[0] > box.width:
            font_px -= 2
        fitted = fit_text(control.label, box.size, fonts, max_size=font_px, min_size=14)
        label = render_fitted(fitted, fonts, ink)
        surface.blit(label, label.get_rect(center=rect.center))
    if focused:
        draw_focus(surface, rect, theme)


def draw_focus(
    surface: pygame.Surface, rect: pygame.Rect, theme: Theme, *, radius: int | None = None
) -> None:
    """A thick ring just outside `rect`, so the focused thing is obvious from a step away."""
    width = max(3, round(min(surface.get_size()) * 0.008))
    ring = rect.inflate(2 * width + 2, 2 * width + 2)
    if radius is None:
        radius = max(6, round(min(ring.size) * theme.button_radius))
    pygame.draw.rect(surface, theme.compose_focus, ring, width=width, border_radius=radius)


def step_focus(current: int | None, count: int, action: str) -> int:
    """The next focus index for a prev/next move, wrapping at both ends."""
    if count <= 0:
        return 0
    if current is None:
        return 0 if action == "next" else count - 1
    delta = 1 if action == "next" else -1
    return (current + delta) % count
