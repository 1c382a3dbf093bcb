"""The note composer, driven with real pygame touch events and with NavActions only."""

from __future__ import annotations

import pygame
import pytest

from kiosk.ui.keyboard import MIN_KEY_PX
from kiosk.ui.screens.note import NoteScreen
from kiosk.ui.theme import Theme
from storywall.protocol.limits import MAX_NOTE_CHARS
from tests.kiosk.ui.compose_helpers import click, read_po, tap
from tests.kiosk.ui.helpers import SIZES, count_colour


class Recorder:
    def __init__(self) -> None:
        self.done: list[tuple[str, str]] = []
        self.cancelled = 0

    def on_done(self, text: str, template: str) -> None:
        self.done.append((text, template))

    def on_cancel(self) -> None:
        self.cancelled += 1


def make(
    theme: Theme, size: tuple[int, int], language: str = "en", prompt: str | None = None
) -> tuple[NoteScreen, Recorder]:
    rec = Recorder()
    spanish = read_po()
    screen = NoteScreen(
        theme,
        language=language,
        translate=(lambda m: spanish.get(m) or m) if language == "es" else (lambda m: m),
        on_done=rec.on_done,
        on_cancel=rec.on_cancel,
        prompt_text=prompt,
        size=size,
    )
    screen.draw(pygame.Surface(size))
    return screen, rec


def touch_key(screen: NoteScreen, size: tuple[int, int], label: str) -> None:
    """Tap the key showing `label`, switching keyboard page or shift if it is not shown."""
    for _ in range(4):
        index = screen.keyboard.index_of(label)
        if index is not None:
            rect = screen.keyboard.keys[index][1]
            assert screen.handle_event(tap(size, rect.center))
            return
        toggle = "?123" if screen.keyboard.page == "letters" else "ABC"
        if label.isalpha() and screen.keyboard.page == "letters":
            toggle = "\u21e7"
        toggle_index = screen.keyboard.index_of(toggle)
        assert toggle_index is not None
        screen.handle_event(tap(size, screen.keyboard.keys[toggle_index][1].center))
    raise AssertionError(f"no key for {label!r}")


def nav_to(screen: NoteScreen, label: str) -> int:
    """Press "next" until the focus ring is on `label`; how many presses it took."""
    for presses in range(screen.focus_count + 1):
        if screen.focused_label == label:
            return presses
        screen.nav("next")
    raise AssertionError(f"{label!r} cannot be reached with the buttons")


@pytest.mark.parametrize("size", SIZES)
def test_keys_are_at_least_ten_millimetres(theme: Theme, size: tuple[int, int]) -> None:
    for language in ("en", "es"):
        screen, _ = make(theme, size, language)
        width, height = screen.keyboard.key_size
        assert width >= MIN_KEY_PX and height >= MIN_KEY_PX
        for control in screen.controls:
            assert min(control.rect.size) >= MIN_KEY_PX


@pytest.mark.parametrize("size", SIZES)
def test_typing_a_note_by_touch_in_english(theme: Theme, size: tuple[int, int]) -> None:
    screen, rec = make(theme, size)
    for char in "Hi park!":
        touch_key(screen, size, "space" if char == " " else char)
    assert screen.text == "Hi park!"
    touch_key(screen, size, "\u232b")
    touch_key(screen, size, "ABC")
    touch_key(screen, size, "Done")
    assert rec.done == [("Hi park", "free")]


@pytest.mark.parametrize("size", SIZES)
def test_typing_spanish_by_touch_with_enye_and_accents(theme: Theme, size: tuple[int, int]) -> None:
    screen, rec = make(theme, size, "es")
    for char in "¡Qué año!":
        touch_key(screen, size, "espacio" if char == " " else char)
    assert screen.text == "¡Qué año!"
    touch_key(screen, size, "Listo")
    assert rec.done == [("¡Qué año!", "free")]


def test_space_key_by_touch(theme: Theme) -> None:
    size = SIZES[0]
    screen, _ = make(theme, size)
    touch_key(screen, size, "a")
    touch_key(screen, size, "space")
    touch_key(screen, size, "b")
    assert screen.text == "a b"


@pytest.mark.parametrize("language,word,done", [("en", "park", "Done"), ("es", "año", "Listo")])
def test_typing_with_buttons_only(theme: Theme, language: str, word: str, done: str) -> None:
    screen, rec = make(theme, SIZES[0], language)
    for char in word:
        nav_to(screen, char)
        screen.nav("select")
    assert screen.text == word
    nav_to(screen, done)
    screen.nav("select")
    assert rec.done == [(word, "free")]


def test_buttons_only_is_reasonably_quick(theme: Theme) -> None:
    screen, _ = make(theme, SIZES[0], "es")
    # Every key is within one trip round the ring; a repeated letter costs no moves.
    presses = nav_to(screen, "ñ")
    assert presses < screen.focus_count
    screen.nav("select")
    screen.nav("select")
    assert screen.text == "ññ"
    screen.nav("prev")
    assert screen.focused_label == "l"


def test_back_deletes_then_cancels_an_empty_note(theme: Theme) -> None:
    screen, rec = make(theme, SIZES[0])
    screen.type_text("ab")
    screen.nav("back")
    assert screen.text == "a"
    screen.nav("back")
    assert screen.text == "" and rec.cancelled == 0
    screen.nav("back")
    assert rec.cancelled == 1


def test_the_limit_stops_input_and_the_counter_warns(theme: Theme) -> None:
    size = SIZES[0]
    screen, _ = make(theme, size)
    screen.type_text("x" * (MAX_NOTE_CHARS - 30))
    surface = pygame.Surface(size)
    screen.draw(surface)
    assert count_colour(surface, theme.compose_warning, surface.get_rect()) == 0
    screen.type_text("y" * 25)
    screen.draw(surface)
    assert count_colour(surface, theme.compose_warning, surface.get_rect()) > 20
    assert screen.type_text("z" * 10) == 5
    touch_key(screen, size, "q")
    assert len(screen.text) == MAX_NOTE_CHARS
    assert screen.text.endswith("zzzzz")


def test_done_is_disabled_while_blank(theme: Theme) -> None:
    size = SIZES[0]
    screen, rec = make(theme, size)
    touch_key(screen, size, "Done")
    touch_key(screen, size, "space")
    touch_key(screen, size, "Done")
    assert rec.done == []
    assert not screen.keyboard.done_enabled


def test_a_template_prefills_and_is_sent(theme: Theme) -> None:
    size = SIZES[0]
    screen, rec = make(theme, size, prompt="How was the park today?")
    gratitude = next(c for c in screen.controls if c.name == "gratitude")
    assert screen.handle_event(click(gratitude.rect.center))
    assert screen.text == "Thank you for "
    for char in "shade":
        touch_key(screen, size, char)
    haiku = next(c for c in screen.controls if c.name == "haiku")
    screen.handle_event(tap(size, haiku.rect.center))
    assert screen.text == "Thank you for shade"  # typed words are never thrown away
    touch_key(screen, size, "Done")
    assert rec.done == [("Thank you for shade", "haiku")]


def test_spanish_templates_and_reply_only_with_a_prompt(theme: Theme) -> None:
    screen, _ = make(theme, SIZES[1], "es")
    assert "reply" not in [c.name for c in screen.controls]
    screen, _ = make(theme, SIZES[1], "es", prompt="¿Qué tal el parque?")
    nav_to(screen, "reply")
    screen.nav("select")
    assert (screen.text, screen.template) == ("Mi respuesta: ", "reply")
    screen.nav("select")  # again: back to a free note, the untouched starter goes
    assert (screen.text, screen.template) == ("", "free")


def test_cancel_by_touch(theme: Theme) -> None:
    size = SIZES[1]
    screen, rec = make(theme, size)
    screen.type_text("half a thought")
    cancel = screen.controls[0]
    assert cancel.name == "cancel"
    screen.handle_event(tap(size, cancel.rect.center))
    assert rec.cancelled == 1 and rec.done == []


def test_redraw_only_after_a_change(theme: Theme) -> None:
    screen, _ = make(theme, SIZES[0])
    assert not screen.needs_redraw
    screen.update(1.0)
    assert not screen.needs_redraw
    screen.nav("next")
    assert screen.needs_redraw


def test_focus_ring_is_drawn_where_the_focus_is(theme: Theme) -> None:
    size = SIZES[0]
    screen, _ = make(theme, size)
    surface = pygame.Surface(size)
    screen.draw(surface)
    first = screen.keyboard.keys[0][1]
    assert count_colour(surface, theme.compose_focus, first.inflate(16, 16)) > 40
    nav_to(screen, "cancel")
    screen.draw(surface)
    assert count_colour(surface, theme.compose_focus, first.inflate(16, 16)) == 0
    cancel = screen.controls[0].rect
    assert count_colour(surface, theme.compose_focus, cancel.inflate(16, 16)) > 40
