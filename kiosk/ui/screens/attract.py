"""The attract screen: today's question, answerable at once, while the kiosk is idle.

The idle screen *is* the prompt screen (docs/decisions.md): a passer-by who presses an arcade
button or touches an answer has answered, with no "press to start" step in between. Around the
question: the wall picture from the hub, then the organisers' spotlights (a pinned note with
its reply, or a pinned doodle) and approved notes with their replies ("you said, we did"), in
turn, a cue to press, a language button and a house-rules button. It redraws only
when something changes: a note rotates, the cue blinks (not in quiet hours), the status moves.

At a fridge (the hub's configuration has `fridge`) it also offers "Drop off food", and a
food-safety warning from the hub takes the cue's place in a banner nobody can miss.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pygame

from kiosk.i18n import Translate, language_name
from kiosk.ui.emoji import EmojiImages
from kiosk.ui.screens.answers import AnswerPainter
from kiosk.ui.screens.attract_layout import AttractLayout, attract_layout
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.screens.fridge_common import paint_warning
from kiosk.ui.text import Fonts, wrap
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button
from storywall.protocol.config import PromptConfig, Spotlight, WallNote
from storywall.protocol.fridge_config import FridgeConfig

CUE_BLINK_S = 1.2


class AttractScreen(ScreenBase):
    """Idle and answering at once. `on_answer(index)` for a touched answer; the manager sends
    physical buttons to the core directly while this screen shows."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        language: str,
        on_answer: Callable[[int], None],
        on_language: Callable[[], None],
        on_info: Callable[[], None],
        on_dropoff: Callable[[], None] | None = None,
        emoji: EmojiImages | None = None,
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self.language = language
        self.language_label = language_name(language)  # the manager names the other language
        self._on_answer = on_answer
        self._on_language = on_language
        self._on_info = on_info
        self._on_dropoff = on_dropoff
        self.fridge: FridgeConfig | None = None
        self.answers = AnswerPainter(theme, fonts, emoji or EmojiImages(theme.emoji_dir))
        self.prompt: PromptConfig | None = None
        self.notes: tuple[WallNote, ...] = ()
        # Spotlights the screen can show: a note's words, or a doodle whose PNG is here.
        self.spotlights: tuple[Spotlight, ...] = ()
        self._spotlight_image: Callable[[str], Path | None] = lambda _sha256: None
        self._doodle: tuple[Path, tuple[int, int], pygame.Surface] | None = None
        self.slot = 0  # 0: the wall picture; i: items[i - 1] (spotlights, then notes)
        self._slot_left = theme.note_seconds
        self.quiet = False
        self._cue_on = True
        self._cue_left = CUE_BLINK_S
        self.status: tuple[bool, int, bool] | None = None
        self.wall_path: Path | None = None
        self._wall: tuple[Path, float, tuple[int, int], pygame.Surface] | None = None
        self._pressed: dict[int, float] = {}
        self.geometry: AttractLayout | None = None

    # -- what the manager tells the screen ---------------------------------------------------

    def set_prompt(self, prompt: PromptConfig | None) -> None:
        if prompt != self.prompt:
            self.prompt = prompt
            self._pressed.clear()
            self.relayout()

    def set_fridge(self, fridge: FridgeConfig | None) -> None:
        """The fridge this kiosk stands at (None: a park kiosk): its button and warning."""
        if fridge != self.fridge:
            self.fridge = fridge
            self.relayout()

    def set_language(self, language: str, translate: Translate) -> None:
        self.language, self._ = language, translate
        self._texts.clear()
        self.relayout()

    def set_notes(self, notes: Sequence[WallNote]) -> None:
        notes = tuple(notes)
        if notes != self.notes:
            self.notes = notes
            self._restart_rotation()

    def set_spotlights(
        self, spotlights: Sequence[Spotlight], image: Callable[[str], Path | None]
    ) -> None:
        """The hub's spotlights; `image(sha256)` finds a doodle's PNG on disk. A kind the
        kiosk does not know, or a doodle not fetched yet, is left out of the rotation."""
        shown = tuple(
            pin
            for pin in spotlights
            if (pin.kind == "note" and pin.text)
            or (pin.kind == "doodle" and pin.media and image(pin.media) is not None)
        )
        self._spotlight_image = image
        if shown != self.spotlights:
            self.spotlights = shown
            self._restart_rotation()

    def _restart_rotation(self) -> None:
        self.slot = 0
        self._slot_left = self.theme.note_seconds
        self.invalidate()

    def set_status(self, online: bool, pending: int, paused: bool = False) -> None:
        status = (online, max(0, pending), paused)
        if status != self.status:
            self.status = status
            self.invalidate()

    def set_wall_image(self, path: Path | None) -> None:
        if path != self.wall_path:
            self.wall_path = path
            self._wall = None
            self.invalidate()

    def set_quiet(self, quiet: bool) -> None:
        if quiet != self.quiet:
            self.quiet = quiet
            self._cue_on = True
            self.invalidate()

    def acknowledge(self, index: int) -> None:
        """Show answer `index` pressed (it is on disk)."""
        self._pressed[index] = self.theme.pressed_seconds
        self.invalidate()

    def is_pressed(self, index: int) -> bool:
        return self._pressed.get(index, 0.0) > 0

    @property
    def items(self) -> tuple[Spotlight | WallNote, ...]:
        """What takes turns with the wall picture: the spotlights, then the notes."""
        return self.spotlights + self.notes

    @property
    def showing(self) -> Spotlight | WallNote | None:
        """The spotlight or note showing now; None while the wall picture shows."""
        items = self.items
        if self.slot == 0 or not items:
            return None
        return items[(self.slot - 1) % len(items)]

    @property
    def note(self) -> WallNote | None:
        """The note showing now; None while the wall picture or a spotlight shows."""
        showing = self.showing
        return showing if isinstance(showing, WallNote) else None

    @property
    def spotlight(self) -> Spotlight | None:
        """The spotlight showing now, if one is."""
        showing = self.showing
        return showing if isinstance(showing, Spotlight) else None

    # -- loop --------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        dt = max(0.0, dt)
        for index in list(self._pressed):
            self._pressed[index] -= dt
            if self._pressed[index] <= 0:
                del self._pressed[index]
                self.invalidate()
        if self.quiet:
            return  # quiet hours: nothing moves
        self._cue_left -= dt
        if self._cue_left <= 0:
            self._cue_left = CUE_BLINK_S
            self._cue_on = not self._cue_on
            self.invalidate()
        items = len(self.spotlights) + len(self.notes)
        if items:  # the wall picture, then each spotlight and note, in turn
            self._slot_left -= dt
            if self._slot_left <= 0:
                self._slot_left = self.theme.note_seconds
                self.slot = (self.slot + 1) % (1 + items)
                self.invalidate()

    def layout(self) -> None:
        prompt = self.prompt
        kind = prompt.kind if prompt is not None else "emoji"
        count = prompt.answer_count if prompt is not None else 0
        dropoff = self.fridge is not None and self._on_dropoff is not None
        warning = self.fridge is not None and bool(self.fridge.warning)
        self.geometry = attract_layout(
            self.size, kind, count, self.theme, dropoff=dropoff, warning=warning
        )
        self.group.buttons = [
            Button("language", self.language_label, self.geometry.language),
            Button("info", self._("House rules"), self.geometry.info),
        ]
        if self.geometry.dropoff is not None:
            self.group.buttons.insert(
                1, Button("dropoff", self._("Drop off food"), self.geometry.dropoff, True)
            )

    def on_button(self, key: str) -> None:
        if key == "dropoff" and self._on_dropoff is not None:
            self._on_dropoff()
        elif key == "language":
            self._on_language()
        else:
            self._on_info()

    def touch(self, pos: tuple[int, int]) -> bool:
        geometry = self.geometry
        if geometry is None or self.prompt is None:
            return False
        slack = max(0, geometry.gap // 2 - 1)
        for index, rect in enumerate(geometry.answers):
            if rect.inflate(2 * slack, 2 * slack).collidepoint(pos):
                self._on_answer(index)
                return True
        return False

    # -- painting ------------------------------------------------------------------------------

    def paint(self, surface: pygame.Surface) -> None:
        theme, geometry = self.theme, self.geometry
        assert geometry is not None
        surface.fill(theme.background)
        for button in self.group.buttons:
            self.painter.draw(
                surface,
                button,
                focused=False,
                font_px=self.px(theme.body_font),
                pressed=button.primary,
            )
        self._paint_status(surface, geometry.status)
        prompt = self.prompt
        if prompt is None:
            words = self._(theme.waiting_text)
            box = (
                geometry.prompt.union(geometry.answers[0]) if geometry.answers else geometry.prompt
            )
            rendered = self.text(words, box, self.px(theme.waiting_font), theme.text)
            surface.blit(rendered, rendered.get_rect(center=geometry.prompt.center))
        else:
            rendered = self.text(
                prompt.text_in(self.language),
                geometry.prompt,
                self.px(theme.prompt_font),
                theme.text,
                min_px=self.px(theme.prompt_font_min),
                bold=True,
            )
            surface.blit(rendered, rendered.get_rect(center=geometry.prompt.center))
            self.answers.paint(
                surface,
                prompt,
                self.language,
                geometry.answers,
                self.is_pressed,
                font_px=self.px(theme.body_font),
            )
        showing = self.showing
        if isinstance(showing, Spotlight):
            self._paint_spotlight(surface, geometry.side, showing)
        elif isinstance(showing, WallNote):
            self._paint_note(surface, geometry.side, showing)
        else:
            self._paint_wall(surface, geometry.side)
        self._paint_cue(surface, geometry.cue)

    def _paint_status(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        """The caretaker's corner: a dot, offline/pending, and a discreet "paused"."""
        if self.status is None:
            return
        online, pending, paused = self.status
        theme = self.theme
        words = []
        if paused:
            words.append(self._("this kiosk is paused"))
        elif not online:
            words.append(self._(theme.offline_word))
        if pending:
            words.append(f"{pending} {self._(theme.pending_word)}")
        font = self.fonts.get(self.px(theme.status_font))
        radius = max(3, round(font.get_height() * 0.3))
        x, y = box.right - radius, box.centery
        if online and not paused:
            pygame.draw.circle(surface, theme.status_online, (x, y), radius)
        else:
            pygame.draw.circle(
                surface, theme.status_offline, (x, y), radius, width=max(1, radius // 2)
            )
        if words:
            label = self.text(
                " \N{MIDDLE DOT} ".join(words),
                (box.width - 3 * radius, box.height),
                self.px(theme.status_font),
                theme.status_text,
                min_px=8,
            )
            surface.blit(label, label.get_rect(midright=(x - 2 * radius, y)))

    def _paint_wall(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        picture = self._wall_picture(box.size)
        if picture is not None:
            surface.blit(picture, picture.get_rect(center=box.center))
            return
        radius = max(4, round(min(box.size) * 0.08))
        pygame.draw.rect(surface, self.theme.card_background, box, border_radius=radius)
        words = self.text(
            self._("The story wall picture appears here"),
            box.inflate(-16, -4),
            self.px(self.theme.body_font),
            self.theme.muted_text,
            min_px=self.small_px(),
        )
        surface.blit(words, words.get_rect(center=box.center))

    def _wall_picture(self, size: tuple[int, int]) -> pygame.Surface | None:
        path = self.wall_path
        if path is None:
            return None
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        cached = self._wall
        if cached is not None and cached[:3] == (path, mtime, size):
            return cached[3]
        try:
            image = pygame.image.load(str(path))
        except (pygame.error, OSError, ValueError):
            return None
        # Any PNG (palette ones too) as 32-bit, which smoothscale needs; no display required.
        solid = pygame.Surface(image.get_size(), pygame.SRCALPHA)
        solid.blit(image, (0, 0))
        scale = min(size[0] / image.get_width(), size[1] / image.get_height())
        shape = (max(1, int(image.get_width() * scale)), max(1, int(image.get_height() * scale)))
        picture = pygame.transform.smoothscale(solid, shape)
        self._wall = (path, mtime, size, picture)  # one picture: memory stays flat
        return picture

    def _paint_note(self, surface: pygame.Surface, box: pygame.Rect, note: WallNote) -> None:
        theme = self.theme
        radius = max(4, round(min(box.size) * 0.08))
        pygame.draw.rect(surface, theme.card_background, box, border_radius=radius)
        inner = box.inflate(-2 * radius, -radius)
        small = self.small_px()
        heading = pygame.Rect(inner.left, inner.top, inner.width, round(small * 1.5))
        title = self._("You said, we did") if note.reply else self._("From the wall")
        words = self.text(title, heading, small, theme.muted_text, min_px=small, bold=True)
        surface.blit(words, words.get_rect(center=heading.center))
        inner = pygame.Rect(inner.left, heading.bottom, inner.width, inner.bottom - heading.bottom)
        body = self.px(theme.body_font)
        if not note.reply:
            words = self.text(
                f"\N{LEFT DOUBLE QUOTATION MARK}{note.text}\N{RIGHT DOUBLE QUOTATION MARK}",
                inner,
                body,
                theme.text,
                min_px=small,
            )
            surface.blit(words, words.get_rect(center=inner.center))
            return
        said_words = f"\N{LEFT DOUBLE QUOTATION MARK}{note.text}\N{RIGHT DOUBLE QUOTATION MARK}"
        did_words = f"{self._('We did')}: {note.reply}"
        self._paint_stack(surface, inner, [(said_words, False), (did_words, False)])

    def _card(self, surface: pygame.Surface, box: pygame.Rect, title: str) -> pygame.Rect:
        """A card with its heading; the room left under the heading."""
        theme = self.theme
        radius = max(4, round(min(box.size) * 0.08))
        pygame.draw.rect(surface, theme.card_background, box, border_radius=radius)
        inner = box.inflate(-2 * radius, -radius)
        small = self.small_px()
        heading = pygame.Rect(inner.left, inner.top, inner.width, round(small * 1.5))
        words = self.text(title, heading, small, theme.muted_text, min_px=small, bold=True)
        surface.blit(words, words.get_rect(center=heading.center))
        return pygame.Rect(inner.left, heading.bottom, inner.width, inner.bottom - heading.bottom)

    def _paint_spotlight(self, surface: pygame.Surface, box: pygame.Rect, pin: Spotlight) -> None:
        """A pinned note (over its reply, if any) or a pinned doodle, under "Spotlight"."""
        inner = self._card(surface, box, self._("Spotlight"))
        if pin.kind == "doodle" and pin.media:
            picture = self._doodle_picture(pin.media, inner.size)
            if picture is not None:
                surface.blit(picture, picture.get_rect(center=inner.center))
            return
        said = f"\N{LEFT DOUBLE QUOTATION MARK}{pin.text}\N{RIGHT DOUBLE QUOTATION MARK}"
        parts = [(said, False)]
        if pin.reply:
            parts.append((f"{self._('We did')}: {pin.reply}", False))
        self._paint_stack(surface, inner, parts)

    def _doodle_picture(self, sha256: str, size: tuple[int, int]) -> pygame.Surface | None:
        path = self._spotlight_image(sha256)
        if path is None:
            return None
        cached = self._doodle
        if cached is not None and cached[:2] == (path, size):
            return cached[2]
        try:
            image = pygame.image.load(str(path))
        except (pygame.error, OSError, ValueError):
            return None
        # On white, as it was drawn; scaled to fit, never past twice its size (pixels).
        solid = pygame.Surface(image.get_size(), 0, 32)
        solid.fill((255, 255, 255))
        solid.blit(image, (0, 0))
        scale = min(size[0] / image.get_width(), size[1] / image.get_height(), 2.0)
        shape = (max(1, int(image.get_width() * scale)), max(1, int(image.get_height() * scale)))
        picture = pygame.transform.smoothscale(solid, shape)
        self._doodle = (path, size, picture)  # one picture: memory stays flat
        return picture

    def _paint_stack(
        self, surface: pygame.Surface, box: pygame.Rect, parts: list[tuple[str, bool]]
    ) -> None:
        """The note over the reply, as large as both fit whole (never below small_px); if they
        do not fit even then, the longer part loses its last lines to an ellipsis."""
        theme = self.theme
        size = self.px(theme.body_font)
        while True:
            fonts = [self.fonts.get(size, bold=bold) for _words, bold in parts]
            rows = [
                wrap(words, font, box.width)
                for (words, _bold), font in zip(parts, fonts, strict=True)
            ]
            line_h = round(fonts[0].get_linesize() * 0.95)
            gap = line_h // 3
            if size <= self.small_px() or sum(map(len, rows)) * line_h + gap <= box.height:
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

    def _paint_cue(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        theme = self.theme
        warning = self.fridge.warning if self.fridge is not None else None
        if warning:
            paint_warning(self, surface, box, warning)
            return
        if self.prompt is None:
            return
        fill = theme.button_pressed if self._cue_on else theme.card_background
        pygame.draw.rect(surface, fill, box, border_radius=box.height // 2)
        cue = self._("Press a button or touch an answer")
        words = self.text(
            cue,
            box.inflate(-box.height, -6),
            self.px(theme.body_font),
            theme.text,
            min_px=self.small_px(),
            bold=True,
        )
        surface.blit(words, words.get_rect(center=box.center))
