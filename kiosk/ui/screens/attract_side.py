"""What the attract screen's side panel paints in turn: the wall picture, a spotlight, a note.

The notes and spotlights are cards: a small heading ("From the wall", "You said, we did",
"Spotlight") over the words, or over a spotlighted doodle. A note and the organisers' reply
share the card at the largest size both fit whole (never below the screen's small size);
pictures are scaled once per size and kept (`PictureCache`), so a turn that comes round
again costs a blit.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.text import wrap
from storywall.protocol.config import Spotlight, WallNote

QUOTE = "\N{LEFT DOUBLE QUOTATION MARK}{}\N{RIGHT DOUBLE QUOTATION MARK}"


class PictureCache:
    """One picture loaded from disk and scaled to fit a size: memory stays flat.

    `white`: drawn on white (a doodle, as it was drawn) rather than kept transparent;
    `max_scale`: how far a small picture may grow (a doodle's pixels stay crisp)."""

    def __init__(self, *, white: bool = False, max_scale: float | None = None) -> None:
        self.white = white
        self.max_scale = max_scale
        self._held: tuple[Path, float, tuple[int, int], pygame.Surface] | None = None

    def clear(self) -> None:
        self._held = None

    def get(self, path: Path | None, size: tuple[int, int]) -> pygame.Surface | None:
        """`path` scaled to fit `size`, or None when it is missing or not a picture."""
        if path is None:
            return None
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        held = self._held
        if held is not None and held[:3] == (path, mtime, size):
            return held[3]
        try:
            image = pygame.image.load(str(path))
        except (pygame.error, OSError, ValueError):
            return None
        # Any PNG (palette ones too) as 32-bit, which smoothscale needs; no display required.
        if self.white:
            solid = pygame.Surface(image.get_size(), 0, 32)
            solid.fill((255, 255, 255))
        else:
            solid = pygame.Surface(image.get_size(), pygame.SRCALPHA)
        solid.blit(image, (0, 0))
        scale = min(size[0] / image.get_width(), size[1] / image.get_height())
        if self.max_scale is not None:
            scale = min(scale, self.max_scale)
        shape = (max(1, int(image.get_width() * scale)), max(1, int(image.get_height() * scale)))
        picture = pygame.transform.smoothscale(solid, shape)
        self._held = (path, mtime, size, picture)
        return picture


def paint_wall(
    screen: ScreenBase, surface: pygame.Surface, box: pygame.Rect, picture: pygame.Surface | None
) -> None:
    """The hub's wall picture, or a placeholder card saying where it will appear."""
    if picture is not None:
        surface.blit(picture, picture.get_rect(center=box.center))
        return
    radius = max(4, round(min(box.size) * 0.08))
    pygame.draw.rect(surface, screen.theme.card_background, box, border_radius=radius)
    words = screen.text(
        screen._("The story wall picture appears here"),
        box.inflate(-16, -4),
        screen.px(screen.theme.body_font),
        screen.theme.muted_text,
        min_px=screen.small_px(),
    )
    surface.blit(words, words.get_rect(center=box.center))


def paint_card(
    screen: ScreenBase, surface: pygame.Surface, box: pygame.Rect, title: str
) -> pygame.Rect:
    """A card with its heading; the room left under the heading."""
    theme = screen.theme
    radius = max(4, round(min(box.size) * 0.08))
    pygame.draw.rect(surface, theme.card_background, box, border_radius=radius)
    inner = box.inflate(-2 * radius, -radius)
    small = screen.small_px()
    heading = pygame.Rect(inner.left, inner.top, inner.width, round(small * 1.5))
    words = screen.text(title, heading, small, theme.muted_text, min_px=small, bold=True)
    surface.blit(words, words.get_rect(center=heading.center))
    return pygame.Rect(inner.left, heading.bottom, inner.width, inner.bottom - heading.bottom)


def paint_note(
    screen: ScreenBase, surface: pygame.Surface, box: pygame.Rect, note: WallNote
) -> None:
    """An approved note, with the organisers' reply under it when there is one."""
    title = screen._("You said, we did") if note.reply else screen._("From the wall")
    inner = paint_card(screen, surface, box, title)
    if not note.reply:
        small = screen.small_px()
        body = screen.px(screen.theme.body_font)
        words = screen.text(QUOTE.format(note.text), inner, body, screen.theme.text, min_px=small)
        surface.blit(words, words.get_rect(center=inner.center))
        return
    did_words = f"{screen._('We did')}: {note.reply}"
    paint_stack(screen, surface, inner, [(QUOTE.format(note.text), False), (did_words, False)])


def paint_spotlight(
    screen: ScreenBase,
    surface: pygame.Surface,
    box: pygame.Rect,
    pin: Spotlight,
    doodles: PictureCache,
    picture_path: Path | None,
) -> None:
    """A pinned note (over its reply, if any) or a pinned doodle, under "Spotlight"."""
    inner = paint_card(screen, surface, box, screen._("Spotlight"))
    if pin.kind == "doodle":
        picture = doodles.get(picture_path, inner.size)
        if picture is not None:
            surface.blit(picture, picture.get_rect(center=inner.center))
        return
    parts = [(QUOTE.format(pin.text), False)]
    if pin.reply:
        parts.append((f"{screen._('We did')}: {pin.reply}", False))
    paint_stack(screen, surface, inner, parts)


def paint_stack(
    screen: ScreenBase, surface: pygame.Surface, box: pygame.Rect, parts: list[tuple[str, bool]]
) -> None:
    """The note over the reply, as large as both fit whole (never below small_px); if they
    do not fit even then, the longer part loses its last lines to an ellipsis."""
    theme = screen.theme
    size = screen.px(theme.body_font)
    while True:
        fonts = [screen.fonts.get(size, bold=bold) for _words, bold in parts]
        rows = [
            wrap(words, font, box.width) for (words, _bold), font in zip(parts, fonts, strict=True)
        ]
        line_h = round(fonts[0].get_linesize() * 0.95)
        gap = line_h // 3
        if size <= screen.small_px() or sum(map(len, rows)) * line_h + gap <= box.height:
            break
        size -= 1
    room = max(2, (box.height - gap) // line_h)
    while sum(map(len, rows)) > room:
        longest = max(rows, key=len)
        longest.pop()
        longest[-1] = longest[-1].rstrip(" ,.;:") + "\N{HORIZONTAL ELLIPSIS}"
    total = sum(map(len, rows)) * line_h + gap
    y = box.top + max(0, (box.height - total) // 2)
    colours = [theme.text, theme.reply_text]
    for lines, font, colour in zip(rows, fonts, colours, strict=False):
        for line in lines:
            rendered = font.render(line, True, colour)
            surface.blit(rendered, rendered.get_rect(midtop=(box.centerx, y)))
            y += line_h
        y += gap
