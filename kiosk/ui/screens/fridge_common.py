"""What the fridge screens share: the warning banner, a title row with Back, and a button
that shows it cannot be used yet.

The warning is the hub's words as they come (`FridgeConfig.warning`, e.g. "Too warm: please
do not drop off chilled food"): the kiosk cannot translate an organiser's text, so it shows
it after a translated "Warning", in a colour kept for it alone.
"""

from __future__ import annotations

import pygame

from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.widgets import Button


def paint_warning(
    screen: ScreenBase, surface: pygame.Surface, box: pygame.Rect, words: str
) -> None:
    """The hub's warning in a banner across `box`, bold, as large as it fits."""
    theme = screen.theme
    radius = max(4, box.height // 4)
    pygame.draw.rect(surface, theme.warning_background, box, border_radius=radius)
    pygame.draw.rect(surface, theme.warning_text, box, width=2, border_radius=radius)
    inner = box.inflate(-max(12, box.height // 3), -6)
    text = f"{screen._('Warning')}: {words}"
    rendered = screen.text(
        text,
        inner,
        screen.px(theme.body_font),
        theme.warning_text,
        min_px=label_floor(screen),
        bold=True,
    )
    surface.blit(rendered, rendered.get_rect(center=box.center))


def label_floor(screen: ScreenBase) -> int:
    """The smallest words on a button or a banner: as ButtonPainter shrinks labels."""
    return max(6, round(screen.px(screen.theme.body_font) * 0.75))


def title_row(screen: ScreenBase, *, back_label: str) -> tuple[pygame.Rect, Button]:
    """The title's box and a Back button at the top right, one touch target high."""
    width, _height = screen.size
    margin = screen.px(screen.theme.margin)
    gap = screen.px(screen.theme.button_gap)
    target = touch_px(screen.size, screen.theme)
    back = pygame.Rect(0, 0, round(target * 2.4), target)
    back.topright = (width - margin, margin)
    title = pygame.Rect(margin, margin, back.left - gap - margin, target)
    return title, Button("back", back_label, back)


def paint_title(screen: ScreenBase, surface: pygame.Surface, box: pygame.Rect, words: str) -> None:
    """The title in the box `title_row` gave, bold, from its left edge."""
    theme = screen.theme
    title = screen.text(words, box, screen.px(theme.title_font), theme.text, bold=True)
    surface.blit(title, title.get_rect(midleft=box.midleft))


def paint_disabled(screen: ScreenBase, surface: pygame.Surface, button: Button) -> None:
    """A button that cannot be used yet: flat, its label greyed, no shadow, no focus."""
    theme = screen.theme
    rect = button.rect
    radius = max(4, round(min(rect.size) * 0.22))
    pygame.draw.rect(surface, theme.button_face, rect, border_radius=radius)
    pygame.draw.rect(surface, theme.compose_disabled, rect, width=2, border_radius=radius)
    label = screen.text(
        button.label,
        rect.inflate(-16, -8),
        screen.px(theme.body_font),
        theme.compose_disabled,
        min_px=label_floor(screen),
    )
    surface.blit(label, label.get_rect(center=rect.center))
