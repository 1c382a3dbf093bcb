"""The screen manager: one current screen, every event routed to it, and what comes next.

Like pygame_gui's UIManager, it owns the screens so the loop does not grow a branch per
screen; the runner treats the manager itself as its one screen. It also decides what a
physical button means: on the attract screen (and while a child is mashing) a button answers
the prompt; everywhere else it is a NavAction (kiosk.ui.nav). After idle_timeout_s without
input it returns to the attract screen, discarding an unfinished note or doodle (they are only
recorded when their screen says "done"). Quiet hours dim the attract screen and stop its
animation; a refused token shows a discreet "this kiosk is paused" in the caretaker's corner.
At a fridge (the configuration has `fridge`), "Drop off food" on the attract screen or the
drop-off button opens the drop-off flow (kiosk.ui.dropoff_flow).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from datetime import time as clock_time
from datetime import tzinfo
from functools import partial

import pygame

from kiosk.i18n import Translator, language_name, load_translator
from kiosk.ui.compose import (
    ComposeFactory,
    ComposeRequest,
    open_doodle_screen,
    open_note_screen,
)
from kiosk.ui.dropoff_flow import DropoffFlow
from kiosk.ui.emoji import EmojiImages
from kiosk.ui.feed import FeedStatus, KioskFeed, PressLike
from kiosk.ui.nav import NavAction, nav_action
from kiosk.ui.quiet import is_quiet, site_time, site_zone
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.info import InfoScreen
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.play import PlayScreen
from kiosk.ui.screens.results import ResultsScreen
from kiosk.ui.sound import Sounds
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from storywall.protocol import PlayRules

STATUS_INTERVAL_S = 1.0
QUIET_INTERVAL_S = 30.0
INPUT_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.FINGERDOWN, pygame.KEYDOWN)


class ScreenManager:
    """Runs the flow attract -> results/play -> follow-up -> ... -> attract."""

    def __init__(
        self,
        theme: Theme,
        feed: KioskFeed,
        *,
        button_count: int,
        language: str | None = None,
        idle_timeout_s: float = 45.0,
        sounds: Sounds | None = None,
        emoji: EmojiImages | None = None,
        size: tuple[int, int] = (800, 480),
        open_note: ComposeFactory | None = None,
        open_doodle: ComposeFactory | None = None,
        timer: Callable[[], float] = time.monotonic,
        local_time: Callable[[tzinfo | None], clock_time] | None = None,
    ) -> None:
        self.theme = theme
        self.feed = feed
        self.button_count = button_count
        self.idle_timeout_s = idle_timeout_s
        self.sounds = sounds or Sounds(False)
        self.emoji = emoji or EmojiImages(theme.emoji_dir)
        self.size = size
        self.fonts = Fonts()
        self._open_note = open_note or partial(open_note_screen, feed)
        self._open_doodle = open_doodle or partial(open_doodle_screen, feed)
        self._timer = timer
        self._local_time = local_time or site_time
        self._buttons: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._dropoff_asked = threading.Event()
        self.dropoff: DropoffFlow | None = None
        # Set when a button is queued: the display loop (DisplayRunner.wakeup) stops waiting.
        self.wakeup = threading.Event()
        config = feed.config
        self.language = language or (config.languages[0] if config is not None else "en")
        self.home_language = self.language
        self.translator: Translator = load_translator(self.language)
        self.attract = AttractScreen(
            theme,
            self.fonts,
            self.translator.gettext,
            language=self.language,
            on_answer=lambda index: self.feed.submit_press(index, "touch"),
            on_language=lambda: self.open_language(self.go_idle),
            on_info=lambda: self.open_info(self.go_idle),
            on_dropoff=self.open_dropoff,
            emoji=self.emoji,
            size=size,
        )
        self.attract.language_label = self.language_label()
        self.current: Screen = self.attract
        self.quiet = False
        self._dirty = True
        self._last_input = timer()
        self._answered_at: float | None = None
        self._status_due = 0.0
        self._quiet_due = 0.0
        self._results_for: PressLike | None = None
        self.refresh(force=True)

    # -- any thread ------------------------------------------------------------------------------

    def submit_button(self, index: int) -> None:
        """An arcade button (gpiozero's thread): queue it and wake the display loop."""
        self._buttons.put(index)
        self.wakeup.set()

    def submit_dropoff(self) -> None:
        """The drop-off button (gpiozero's thread): open the drop-off flow at the next poll."""
        self._dropoff_asked.set()
        self.wakeup.set()

    # -- the loop's thread: what the runner calls ------------------------------------------------

    @property
    def needs_redraw(self) -> bool:
        return self._dirty or self.current.needs_redraw

    @property
    def wants_frames(self) -> bool:
        """True while something animates every frame (the play screen)."""
        return isinstance(self.current, PlayScreen) and self.current.needs_redraw

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type in INPUT_EVENTS:
            self._last_input = self._timer()
        return self.current.handle_event(event)

    def nav(self, action: NavAction) -> None:
        self._last_input = self._timer()
        self.current.nav(action)

    def poll(self) -> None:
        """Route queued buttons, record presses (on_recorded switches screens), refresh."""
        while True:
            try:
                index = self._buttons.get_nowait()
            except queue.Empty:
                break
            self.route_button(index)
        if self._dropoff_asked.is_set():
            self._dropoff_asked.clear()
            self._last_input = self._timer()
            if self.dropoff is None or self.dropoff.recorded:
                self.open_dropoff()
        self.feed.tick()
        self.refresh()

    def update(self, dt: float) -> None:
        self.current.update(dt)
        if self.current is not self.attract and (
            self._timer() - self._last_input >= self.idle_timeout_s
        ):
            self.time_out()

    def draw(self, surface: pygame.Surface) -> None:
        if surface.get_size() != self.size:
            self.size = surface.get_size()
        self.current.draw(surface)
        if self.quiet and self.current is self.attract:
            shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            shade.fill((0, 0, 0, round(255 * min(1.0, self.theme.quiet_dim))))
            surface.blit(shade, (0, 0))
        self._dirty = False

    # -- routing -----------------------------------------------------------------------------------

    def route_button(self, index: int) -> None:
        """A physical button: an answer on the attract screen (and while mashing), else nav."""
        self._last_input = self._timer()
        if self._answers_with_buttons():
            self.feed.submit_press(index, "button")
            return
        action = nav_action(index, self.button_count)
        if action is not None:
            self.current.nav(action)

    def _answers_with_buttons(self) -> bool:
        if self.current is self.attract or isinstance(self.current, PlayScreen):
            return True
        if isinstance(self.current, ResultsScreen) and self._answered_at is not None:
            # Presses right after an answer are the same hand still pressing: they go to the
            # core, which keeps them as play if they are mashing, not as navigation.
            config = self.feed.config
            grace = (config.play if config is not None else PlayRules()).min_interval_ms / 1000
            return self._timer() - self._answered_at < grace
        return False

    def on_recorded(self, press: PressLike) -> None:
        """A press is on disk: acknowledge it on screen at once (results, or play)."""
        self._last_input = self._answered_at = self._timer()
        self.sounds.play("click")
        config = self.feed.config
        prompt = config.prompt if config is not None else None
        if prompt is None:
            return
        if press.play:
            if isinstance(self.current, PlayScreen):
                self.current.again()
                return
            emoji = prompt.emoji[press.index] if press.index < len(prompt.emoji) else "\u2600\ufe0f"
            self._show(
                PlayScreen(
                    self.theme,
                    self.fonts,
                    self.translator.gettext,
                    self.emoji,
                    emoji=emoji,
                    on_done=self.go_idle,
                    size=self.size,
                )
            )
            return
        self.attract.acknowledge(press.index)
        self._results_for = press
        self._show(self._results())

    def _results(self) -> ResultsScreen:
        config = self.feed.config
        assert config is not None and config.prompt is not None and self._results_for is not None
        return ResultsScreen(
            self.theme,
            self.fonts,
            self.translator.gettext,
            self.translator.ngettext,
            self.attract.answers,
            prompt=config.prompt,
            language=self.language,
            language_label=self.language_label(),
            chosen=self._results_for.index,
            tallies=self.feed.tallies(),
            answered_today=self.feed.answered_today(),
            wall_url=config.wall_url,
            on_choice=self._on_results_choice,
            on_timeout=self.time_out,
            size=self.size,
        )

    def _on_results_choice(self, key: str) -> None:
        self._answered_at = None
        results = self.current
        config = self.feed.config
        prompt_id = config.prompt.id if config is not None and config.prompt is not None else None
        if key == "note":
            self._show(self._open_note(self._compose_request(prompt_id)))
        elif key == "doodle":
            self._show(self._open_doodle(self._compose_request(prompt_id)))
        elif key == "language":
            self.open_language(lambda: self._show(self._results()))
        elif key == "info":
            self.open_info(lambda: self._show(results))
        else:
            self.go_idle()

    def _compose_request(self, prompt_id: int | None) -> ComposeRequest:
        config = self.feed.config
        prompt = config.prompt if config is not None else None
        return ComposeRequest(
            prompt_id,
            self.language,
            self.translator.gettext,
            self.theme,
            self.fonts,
            self.size,
            self.go_idle,
            prompt_text=prompt.text_in(self.language) if prompt is not None else None,
        )

    # -- screens -----------------------------------------------------------------------------------

    def languages(self) -> list[str]:
        config = self.feed.config
        languages = list(config.languages) if config is not None else [self.language]
        return languages if self.language in languages else [self.language, *languages]

    def language_label(self) -> str:
        """The language button names the other language, so a visitor finds their own."""
        others = [code for code in self.languages() if code != self.language]
        if len(others) == 1:
            return language_name(others[0])
        return self.translator.gettext("Language")

    def open_language(self, back: Callable[[], None]) -> None:
        def choose(code: str) -> None:
            self.set_language(code)
            back()

        self._show(
            LanguageScreen(
                self.theme,
                self.fonts,
                self.translator.gettext,
                languages=self.languages(),
                current=self.language,
                on_choose=choose,
                on_back=back,
                size=self.size,
            )
        )

    def open_info(self, back: Callable[[], None]) -> None:
        config = self.feed.config
        self._show(
            InfoScreen(
                self.theme,
                self.fonts,
                self.translator.gettext,
                site=config.site if config is not None else None,
                on_back=back,
                size=self.size,
            )
        )

    def open_dropoff(self) -> None:
        """A fresh drop-off, from its first screen (only at a fridge)."""
        config = self.feed.config
        fridge = config.fridge if config is not None else None
        if fridge is None:
            return
        self.dropoff = DropoffFlow(
            self.feed,
            fridge,
            theme=self.theme,
            fonts=self.fonts,
            translate=self.translator.gettext,
            size=self.size,
            show=self._show,
            close=self.go_idle,
        )
        self._show(self.dropoff.start())

    def set_language(self, code: str) -> None:
        self.language = code
        self.translator = load_translator(code)
        self.attract.language_label = self.language_label()
        self.attract.set_language(code, self.translator.gettext)

    def time_out(self) -> None:
        """Nobody is here any more: idle, in the kiosk's own language for the next visitor."""
        if self.language != self.home_language:
            self.set_language(self.home_language)
        self.go_idle()

    def go_idle(self) -> None:
        """Back to the attract screen; whatever was half-done on another screen is dropped."""
        self._answered_at = None
        self.dropoff = None
        self._show(self.attract)

    def _show(self, screen: Screen) -> None:
        self.current = screen
        self._dirty = True

    # -- what changes without input ---------------------------------------------------------------

    def refresh(self, *, force: bool = False) -> None:
        """Prompt, notes and wall picture (cheap comparisons), status each second, quiet hours
        every half minute (and whenever the configuration changes)."""
        config = self.feed.config
        prompt_before = self.attract.prompt
        self.attract.set_prompt(config.prompt if config is not None else None)
        self.attract.set_turns(config, self.feed.spotlight_image)
        self.attract.set_fridge(config.fridge if config is not None else None)
        label = self.language_label()
        if label != self.attract.language_label:
            self.attract.language_label = label
            self.attract.relayout()
        now = self._timer()
        if force or now >= self._status_due:
            self._status_due = now + STATUS_INTERVAL_S
            status: FeedStatus = self.feed.status()
            self.attract.set_status(status.online, status.pending, status.paused)
            self.attract.set_wall_image(self.feed.wall_image_path())
        if force or now >= self._quiet_due or prompt_before is not self.attract.prompt:
            self._quiet_due = now + QUIET_INTERVAL_S
            hours = config.quiet_hours if config is not None else None
            zone = site_zone(config.site.timezone) if config is not None else None
            quiet = is_quiet(hours, self._local_time(zone))
            if quiet != self.quiet:
                self.quiet = quiet
                self._dirty = True
            self.attract.set_quiet(quiet)
