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

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pygame

from kiosk.i18n import Translate, language_name
from kiosk.ui.emoji import EmojiImages
from kiosk.ui.screens.answers import AnswerPainter
from kiosk.ui.screens.attract_layout import AttractLayout, attract_layout
from kiosk.ui.screens.attract_side import PictureCache, paint_note, paint_spotlight, paint_wall
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.screens.fridge_common import paint_warning
from kiosk.ui.screens.tally_bars import paint_locked
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button
from storywall.protocol.config import KioskConfig, PromptConfig, Spotlight, WallNote
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
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        # Epoch seconds, for a spotlight's end: a kiosk offline past it stops showing it.
        self._wall_clock = wall_clock
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
        self._doodles = PictureCache(white=True, max_scale=2.0)  # on white, crisp pixels
        self.slot = 0  # 0: the wall picture; i: items[i - 1] (spotlights, then notes)
        self._slot_left = theme.note_seconds
        self.quiet = False
        self._cue_on = True
        self._cue_left = CUE_BLINK_S
        self.status: tuple[bool, int, bool] | None = None
        self.wall_path: Path | None = None
        self._wall = PictureCache()
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
        kiosk does not know, a doodle not fetched yet, or a pin whose end has passed (by
        this kiosk's clock) is left out of the rotation."""
        now_ms = self._wall_clock() * 1000
        shown = tuple(
            pin
            for pin in spotlights
            if not 0 < pin.ends_ms <= now_ms
            and (
                (pin.kind == "note" and pin.text)
                or (pin.kind == "doodle" and pin.media and image(pin.media) is not None)
            )
        )
        self._spotlight_image = image
        if shown != self.spotlights:
            self.spotlights = shown
            self._restart_rotation()

    def set_turns(self, config: KioskConfig | None, image: Callable[[str], Path | None]) -> None:
        """The configuration's notes and spotlights (none without a configuration)."""
        self.set_notes(config.notes if config is not None else ())
        self.set_spotlights(config.spotlights if config is not None else (), image)

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
            self._wall.clear()
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
        if geometry is None or self.prompt is None or self.prompt.locked:
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
            if prompt.locked:  # no answer left to bias: today's results take their place
                paint_locked(self, surface, geometry.answers, self.answers, prompt, self.language)
            else:
                self.answers.paint(
                    surface,
                    prompt,
                    self.language,
                    geometry.answers,
                    self.is_pressed,
                    font_px=self.px(theme.body_font),
                )
        showing, side = self.showing, geometry.side
        if isinstance(showing, Spotlight):
            path = self._spotlight_image(showing.media) if showing.media else None
            paint_spotlight(self, surface, side, showing, self._doodles, path)
        elif isinstance(showing, WallNote):
            paint_note(self, surface, side, showing)
        else:
            paint_wall(self, surface, side, self._wall.get(self.wall_path, side.size))
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

    def _paint_cue(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        theme = self.theme
        warning = self.fridge.warning if self.fridge is not None else None
        if warning:
            paint_warning(self, surface, box, warning)
            return
        if self.prompt is None:
            return
        blink = self._cue_on and not self.prompt.locked
        fill = theme.button_pressed if blink else theme.card_background
        pygame.draw.rect(surface, fill, box, border_radius=box.height // 2)
        cue = self._("Press a button or touch an answer")
        if self.prompt.locked:
            cue = self._("Answers closed: the results so far")
        words = self.text(
            cue,
            box.inflate(-box.height, -6),
            self.px(theme.body_font),
            theme.text,
            min_px=self.small_px(),
            bold=True,
        )
        surface.blit(words, words.get_rect(center=box.center))
