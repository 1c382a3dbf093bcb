"""Button mashing answered with play: bouncing emoji and confetti instead of the thanks.

The presses are kept (flagged as play by the core, left out of the tallies); the child gets
an animation, and every further mashed press keeps it going a little longer. It is the one
screen that draws every frame, and only for theme.play_seconds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pygame

from kiosk.i18n import Translate
from kiosk.ui.emoji import EmojiImages
from kiosk.ui.nav import NavAction
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme

PIECES = 40


class PlayScreen(ScreenBase):
    """`on_done()` when the animation has run its time without another press."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        emoji_images: EmojiImages,
        *,
        emoji: str,
        on_done: Callable[[], None],
        size: tuple[int, int] = (800, 480),
        seed: int = 7,
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.emoji = emoji
        self._images = emoji_images
        self._on_done = on_done
        self.time_left = theme.play_seconds
        self.elapsed = 0.0
        self.presses = 1
        rng = random.Random(seed)
        colours = [
            theme.button_pressed,
            theme.bar_chosen,
            theme.bar_fill,
            theme.focus_ring,
            theme.status_online,
        ]
        # (x fraction, start y fraction, speed, size fraction, colour, phase)
        self._confetti = [
            (
                rng.random(),
                rng.uniform(-1.0, 0.0),
                rng.uniform(0.25, 0.6),
                rng.uniform(0.012, 0.025),
                colours[i % len(colours)],
                rng.uniform(0, math.tau),
            )
            for i in range(PIECES)
        ]

    def again(self) -> None:
        """Another mashed press: keep playing."""
        self.presses += 1
        self.time_left = self.theme.play_seconds
        self.invalidate()

    @property
    def needs_redraw(self) -> bool:
        return self.time_left > 0 or self._dirty

    def nav(self, action: NavAction) -> None:
        """Buttons during play are presses, handled by the manager; nothing to focus."""

    def update(self, dt: float) -> None:
        if self.time_left <= 0:
            return
        dt = max(0.0, dt)
        self.elapsed += dt
        self.time_left -= dt
        if self.time_left <= 0:
            self._on_done()

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        width, height = self.size
        surface.fill(theme.play_background)
        for x, y0, speed, side, colour, phase in self._confetti:
            y = (y0 + speed * self.elapsed) % 1.1 - 0.05
            wobble = math.sin(phase + self.elapsed * 4) * 0.02
            piece = max(4, round(self.unit * side))
            pygame.draw.rect(
                surface,
                colour,
                (round((x + wobble) * width), round(y * height), piece, round(piece * 0.6)),
            )
        side = round(self.unit * 0.3)
        bounce = abs(math.sin(self.elapsed * 5)) * self.unit * 0.12
        picture = self._images.get(self.emoji, side)
        centre = (width // 2, round(height * 0.42 - bounce))
        surface.blit(picture, picture.get_rect(center=centre))
        box = pygame.Rect(0, 0, width - 2 * self.px(theme.margin), round(self.unit * 0.2))
        box.midtop = (width // 2, round(height * 0.42 + side * 0.6))
        words = self.text(
            self._("Wheee! Button party!"), box, self.px(theme.title_font), theme.text, bold=True
        )
        surface.blit(words, words.get_rect(center=box.center))
