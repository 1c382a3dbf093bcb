"""How a prompt's answers look: emoji buttons, a five-step emoji slider, or poll labels.

The same painter draws the answers on the attract screen and their pictures beside the tally
bars on the results screen, so an answer looks the same before and after it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from kiosk.ui.emoji import EmojiImages
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, ButtonPainter
from storywall.protocol.config import PromptConfig
from storywall.protocol.reaction import choice_key


def answer_keys(prompt: PromptConfig) -> list[str]:
    """The tally key of each answer, in button order (reaction.choice_key)."""
    if prompt.kind == "poll":
        return [choice_key(option=i) for i in range(len(prompt.options))]
    return [choice_key(emoji=e) for e in prompt.emoji]


class AnswerPainter:
    """Draws a prompt's answer buttons into the rectangles a layout gave them."""

    def __init__(self, theme: Theme, fonts: Fonts, emoji: EmojiImages) -> None:
        self.theme = theme
        self.emoji = emoji
        self.buttons = ButtonPainter(theme, fonts)

    def picture(self, prompt: PromptConfig, index: int, side: int) -> pygame.Surface | None:
        """The emoji of answer `index` at `side` pixels; None for a poll (its label is text)."""
        if prompt.kind == "poll" or not 0 <= index < len(prompt.emoji):
            return None
        return self.emoji.get(prompt.emoji[index], side)

    def paint(
        self,
        surface: pygame.Surface,
        prompt: PromptConfig,
        language: str,
        rects: Sequence[pygame.Rect],
        is_pressed: Callable[[int], bool],
        *,
        font_px: int,
    ) -> None:
        theme = self.theme
        if prompt.kind == "slider" and len(rects) > 1:
            # The steps sit on one line, least to most.
            y = rects[0].centery
            thickness = max(4, rects[0].height // 10)
            pygame.draw.line(
                surface, theme.bar_track, (rects[0].centerx, y), (rects[-1].centerx, y), thickness
            )
        labels = prompt.options_in(language) if prompt.kind == "poll" else []
        for index, rect in enumerate(rects):
            pressed = is_pressed(index)
            if prompt.kind == "poll":
                label = labels[index] if index < len(labels) else ""
                self.buttons.draw(
                    surface,
                    Button(f"answer-{index}", label, rect),
                    focused=False,
                    font_px=font_px,
                    pressed=pressed,
                )
                continue
            face = rect.move(0, 3) if pressed else rect
            picture = self.picture(prompt, index, round(min(face.size) * theme.emoji_scale))
            self.buttons.draw(
                surface,
                Button(f"answer-{index}", "", face),
                focused=False,
                font_px=font_px,
                pressed=pressed,
                picture=picture,
            )
