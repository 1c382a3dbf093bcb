"""Today's question and its emoji buttons: the screen a passer-by sees.

A touch on a button only tells the app which button (on_press); the app records it on the same
path as a physical arcade button and calls show_thanks() once it is on disk, so "thanks" always
means "counted" and both kinds of press get the same feedback. Presses during the thanks still
count.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.defaults import DEFAULTS
from kiosk.ui.emoji import EmojiImages
from kiosk.ui.layout import Layout, compute_layout
from kiosk.ui.text import Fonts, fit_text, render_fitted
from kiosk.ui.theme import RGB, Theme
from storywall.protocol.config import PromptConfig

# Mouse buttons 4 and up are wheel and side buttons: not a press.
_CLICK_BUTTONS = (1, 2, 3)


class PromptScreen:
    """Shows a PromptConfig's text and 2..6 emoji buttons, thanks, and a caretaker's status dot."""

    def __init__(
        self,
        theme: Theme,
        *,
        on_press: Callable[[int], None],
        emoji: EmojiImages | None = None,
        size: tuple[int, int] = DEFAULTS.display.size,
    ) -> None:
        self.theme = theme
        self._on_press = on_press
        self._emoji = emoji if emoji is not None else EmojiImages(theme.emoji_dir)
        self._fonts = Fonts()
        self._size = size
        self._prompt: PromptConfig | None = None
        self._thanks_index: int | None = None
        self._thanks_left = 0.0
        self._pressed: dict[int, float] = {}
        self._status: tuple[bool, int] | None = None
        self._layout: Layout | None = None
        self._thanks_cache: dict[
            tuple[str | None, tuple[int, int]], list[tuple[pygame.Surface, tuple[int, int]]]
        ] = {}
        self._text_cache: dict[tuple[str, tuple[int, int], int, int, RGB], pygame.Surface] = {}

    # -- what the app tells the screen -------------------------------------------------------

    @property
    def prompt(self) -> PromptConfig | None:
        return self._prompt

    def set_prompt(self, prompt: PromptConfig | None) -> None:
        """Show this prompt (None: the friendly waiting screen)."""
        if prompt == self._prompt:
            return
        old_emoji = self._prompt.emoji if self._prompt is not None else None
        self._prompt = prompt
        self._text_cache.clear()  # a kiosk runs for months: keep only what today needs
        self._thanks_cache.clear()
        if prompt is None or prompt.emoji != old_emoji:
            self._pressed.clear()
            self._layout = None

    def show_thanks(self, index: int) -> None:
        """Say thanks for an answer already recorded (a touch, or a physical button)."""
        self._thanks_index = index
        self._thanks_left = self.theme.thanks_seconds
        if 0 <= index < len(self.emoji):
            self._pressed[index] = self.theme.pressed_seconds

    def set_status(self, online: bool, pending: int) -> None:
        """The caretaker's indicator: whether the hub is reachable, how many answers wait."""
        self._status = (online, max(0, pending))

    # -- what tests, tools and the runner can ask ------------------------------------------

    @property
    def emoji(self) -> list[str]:
        return list(self._prompt.emoji) if self._prompt is not None else []

    @property
    def thanks_index(self) -> int | None:
        """The button being thanked for, while the thanks shows; else None."""
        return self._thanks_index if self._thanks_left > 0 else None

    def is_pressed(self, index: int) -> bool:
        return self._pressed.get(index, 0.0) > 0

    def layout(self, size: tuple[int, int] | None = None) -> Layout:
        """The geometry for `size` (default: the size last drawn at)."""
        size = size if size is not None else self._size
        cached = self._layout
        if cached is None or cached.size != size or len(cached.buttons) != len(self.emoji):
            cached = compute_layout(size, len(self.emoji), self.theme)
            if size == self._size:
                self._layout = cached
        return cached

    def button_at(self, pos: tuple[float, float]) -> int | None:
        """Which button a touch at `pos` means. Hit areas reach halfway into the gaps, since
        a small finger landing just off a button still meant that button."""
        layout = self.layout()
        slack = max(0, layout.gap // 2 - 1)
        x, y = int(pos[0]), int(pos[1])
        for index, rect in enumerate(layout.buttons):
            if rect.inflate(2 * slack, 2 * slack).collidepoint(x, y):
                return index
        return None

    # -- the loop contract -------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.FINGERDOWN:
            pos = (event.x * self._size[0], event.y * self._size[1])
        elif event.type == pygame.MOUSEBUTTONDOWN:
            # SDL also turns each touch into a mouse click (touch=True); the FINGERDOWN
            # already counted it, and counting both would record one tap twice.
            if getattr(event, "touch", False) or event.button not in _CLICK_BUTTONS:
                return False
            pos = event.pos
        else:
            return False
        index = self.button_at(pos)
        if index is None:
            return False
        self._on_press(index)
        return True

    def update(self, dt: float) -> None:
        dt = max(0.0, dt)
        if self._thanks_left > 0:
            self._thanks_left = max(0.0, self._thanks_left - dt)
            if self._thanks_left == 0:
                self._thanks_index = None
        for index in list(self._pressed):
            left = self._pressed[index] - dt
            if left > 0:
                self._pressed[index] = left
            else:
                del self._pressed[index]

    def draw(self, surface: pygame.Surface) -> None:
        size = surface.get_size()
        if size != self._size:
            self._size = size
            self._layout = None
            self._text_cache.clear()
            self._thanks_cache.clear()
        layout = self.layout()
        surface.fill(self.theme.background)
        if self.thanks_index is not None:
            self._draw_thanks(surface, layout.prompt, self.thanks_index)
        elif self._prompt is not None:
            self._draw_prompt_text(surface, layout.prompt, self._prompt.text)
        if self._prompt is None:
            self._draw_waiting(surface, layout)
        for index, rect in enumerate(layout.buttons):
            self._draw_button(surface, rect, self.emoji[index], self.is_pressed(index))
        self._draw_status(surface, layout.status)

    # -- drawing -------------------------------------------------------------------------------

    @property
    def _unit(self) -> int:
        """Font sizes are fractions of the short side: a portrait panel is the same glass."""
        return min(self._size)

    def _fitted_text(
        self, text: str, box: pygame.Rect, max_size: int, min_size: int, colour: RGB
    ) -> pygame.Surface:
        key = (text, box.size, max_size, min_size, colour)
        cached = self._text_cache.get(key)
        if cached is None:
            fitted = fit_text(text, box.size, self._fonts, max_size=max_size, min_size=min_size)
            cached = render_fitted(fitted, self._fonts, colour)
            self._text_cache[key] = cached
        return cached

    def _draw_prompt_text(self, surface: pygame.Surface, box: pygame.Rect, text: str) -> None:
        rendered = self._fitted_text(
            text,
            box,
            round(self._unit * self.theme.prompt_font),
            round(self._unit * self.theme.prompt_font_min),
            self.theme.text,
        )
        surface.blit(rendered, rendered.get_rect(center=box.center))

    def _draw_waiting(self, surface: pygame.Surface, layout: Layout) -> None:
        # With no buttons the whole content area is free: picture above, words below.
        top = layout.prompt.bottom if self.thanks_index is not None else layout.prompt.top
        area = pygame.Rect(layout.prompt.left, top, layout.prompt.width, layout.status.top - top)
        picture_side = min(area.height * 0.4, area.width * 0.3, self._unit * 0.3)
        picture = self._emoji.get(self.theme.waiting_emoji, int(picture_side))
        text_box = pygame.Rect(area.left, area.top, area.width, int(area.height * 0.45))
        rendered = self._fitted_text(
            self.theme.waiting_text,
            text_box,
            round(self._unit * self.theme.waiting_font),
            round(self._unit * self.theme.prompt_font_min),
            self.theme.text,
        )
        gap = int(self._unit * 0.04)
        total = picture.get_height() + gap + rendered.get_height()
        top = area.top + (area.height - total) // 2
        surface.blit(picture, picture.get_rect(midtop=(area.centerx, top)))
        surface.blit(
            rendered, rendered.get_rect(midtop=(area.centerx, top + picture.get_height() + gap))
        )

    def _draw_thanks(self, surface: pygame.Surface, box: pygame.Rect, index: int) -> None:
        radius = max(4, round(min(box.size) * 0.18))
        pygame.draw.rect(surface, self.theme.thanks_background, box, border_radius=radius)
        emoji = self.emoji[index] if 0 <= index < len(self.emoji) else None
        key = (emoji, box.size)
        placed = self._thanks_cache.get(key)
        if placed is None:
            placed = self._arrange_thanks(emoji, box.inflate(-radius, -box.height // 8))
            # Positions relative to the box, so the cache survives nothing but a resize.
            placed = [(part, (x - box.left, y - box.top)) for part, (x, y) in placed]
            self._thanks_cache[key] = placed
        for part, (x, y) in placed:
            surface.blit(part, (box.left + x, box.top + y))

    def _arrange_thanks(
        self, emoji: str | None, inner: pygame.Rect
    ) -> list[tuple[pygame.Surface, tuple[int, int]]]:
        """The largest thanks that fits: one row if it can, else "Thanks!" over the rest."""
        size = round(self._unit * self.theme.thanks_font)
        while True:
            parts = self._thanks_parts(emoji, size)
            arranged = _arrange(parts, inner, gap=max(4, size // 4))
            if arranged is not None:
                return arranged
            if size <= 8:
                return _arrange(parts, pygame.Rect(inner.topleft, (10**6, 10**6)), gap=2) or []
            size = int(size * 0.9)

    def _thanks_parts(self, emoji: str | None, size: int) -> list[pygame.Surface]:
        font = self._fonts.get(size)
        colour = self.theme.thanks_text
        parts = [font.render(self.theme.thanks_word, True, colour)]
        if emoji is not None:
            parts.append(self._emoji.get(emoji, round(font.get_height() * 1.35)))
            parts.append(font.render(self.theme.counted_word, True, colour))
        return parts

    def _draw_button(
        self, surface: pygame.Surface, rect: pygame.Rect, emoji: str, pressed: bool
    ) -> None:
        theme = self.theme
        short = min(rect.size)
        depth = max(3, round(short * 0.05))
        radius = max(4, round(short * theme.button_radius))
        border = max(2, round(short * theme.button_border_width))
        face = pygame.Rect(rect.left, rect.top, rect.width, rect.height - depth)
        if pressed:
            face = face.move(0, depth)  # pushed down onto its shadow, like the arcade button
        else:
            shadow = face.move(0, depth)
            pygame.draw.rect(surface, theme.button_shadow, shadow, border_radius=radius)
        fill = theme.button_pressed if pressed else theme.button_face
        pygame.draw.rect(surface, fill, face, border_radius=radius)
        pygame.draw.rect(surface, theme.button_border, face, width=border, border_radius=radius)
        picture = self._emoji.get(emoji, round(min(face.size) * theme.emoji_scale))
        surface.blit(picture, picture.get_rect(center=face.center))

    def _draw_status(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        if self._status is None:
            return
        online, pending = self._status
        theme = self.theme
        words = []
        if not online:
            words.append(theme.offline_word)
        if pending:
            words.append(f"{pending} {theme.pending_word}")
        font = self._fonts.get(round(self._unit * theme.status_font))
        dot_r = max(3, round(font.get_height() * 0.3))
        x = box.right - dot_r
        y = box.centery
        if online:
            pygame.draw.circle(surface, theme.status_online, (x, y), dot_r)
        else:
            pygame.draw.circle(
                surface, theme.status_offline, (x, y), dot_r, width=max(1, dot_r // 2)
            )
        if words:
            label = font.render(" \N{MIDDLE DOT} ".join(words), True, theme.status_text)
            surface.blit(label, label.get_rect(midright=(x - 2 * dot_r, y)))


def _arrange(
    parts: list[pygame.Surface], box: pygame.Rect, *, gap: int
) -> list[tuple[pygame.Surface, tuple[int, int]]] | None:
    """Place `parts` centred in `box` on one row, else as the first part over the rest;
    None if neither fits."""
    rows_options = [[parts]] if len(parts) < 2 else [[parts], [parts[:1], parts[1:]]]
    for rows in rows_options:
        widths = [sum(p.get_width() for p in row) + gap * (len(row) - 1) for row in rows]
        heights = [max(p.get_height() for p in row) for row in rows]
        total_h = sum(heights) + gap * (len(rows) - 1)
        if max(widths) > box.width or total_h > box.height:
            continue
        placed: list[tuple[pygame.Surface, tuple[int, int]]] = []
        y = box.top + (box.height - total_h) // 2
        for row, width, height in zip(rows, widths, heights, strict=True):
            x = box.left + (box.width - width) // 2
            for part in row:
                placed.append((part, (x, y + (height - part.get_height()) // 2)))
                x += part.get_width() + gap
            y += height + gap
        return placed
    return None
