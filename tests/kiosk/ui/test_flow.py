"""Every flow of the kiosk's screens, buttons only and touch only, in both orientations and
both languages: real pygame events, MockFactory pins, a stand-in feed for the core."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pygame
import pytest

from kiosk.ui.feed import FeedStatus
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.doodle import DoodleScreen
from kiosk.ui.screens.info import InfoScreen
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.note import NoteScreen
from kiosk.ui.screens.play import PlayScreen
from kiosk.ui.screens.results import ResultsScreen
from kiosk.ui.theme import Theme
from tests.kiosk.ui.flow import FACES, Kiosk, make_config
from tests.kiosk.ui.helpers import SIZES

BOTH = [(size, language) for size in SIZES for language in ("en", "es")]


@pytest.fixture
def kiosk(theme: Theme) -> Iterator[Kiosk]:
    k = Kiosk(theme)
    yield k
    k.close()


def build(theme: Theme, **options: object) -> Kiosk:
    return Kiosk(theme, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("size", "language"), BOTH)
def test_buttons_only_answer_then_follow_up_note_then_idle(
    theme: Theme, size: tuple[int, int], language: str
) -> None:
    k = build(theme, size=size, language=language)
    assert isinstance(k.screen, AttractScreen)

    k.press(1)  # on the attract screen a button answers at once

    assert k.feed.recorded[-1].index == 1 and k.feed.recorded[-1].source == "button"
    results = k.screen
    assert isinstance(results, ResultsScreen)
    assert results.chosen == 1
    assert results.tallies[FACES[1]] == 3  # the hub's 2 plus this press
    assert results.group.focused is not None and results.group.focused.key == "note"
    k.clock.now += 1  # past the play grace: buttons now navigate
    k.focus_and_select("doodle")
    assert isinstance(k.screen, DoodleScreen)
    k.press(k.panel.size - 2)  # back, on an empty canvas: leave it
    assert isinstance(k.screen, AttractScreen)
    assert len(k.feed.recorded) == 1  # navigating recorded nothing
    assert k.feed.doodles == []
    k.close()


@pytest.mark.parametrize(("size", "language"), BOTH)
def test_buttons_only_write_and_send_a_note(
    theme: Theme, size: tuple[int, int], language: str
) -> None:
    k = build(theme, size=size, language=language)
    k.press(2)
    k.clock.now += 1
    k.focus_and_select("note")
    note = k.screen
    assert isinstance(note, NoteScreen) and note.language == language
    first_key = note.focused_label
    k.press(k.panel.size - 1)  # select: type the focused key
    k.press(k.panel.size - 1)  # and again: a double letter is one more press
    assert note.text == first_key * 2
    for _ in range(note.focus_count):  # next, key by key, row by row, to Done
        if (
            note.focus < len(note.keyboard.keys)
            and note.keyboard.keys[note.focus][0].kind == "done"
        ):
            break
        k.press(1)
    k.press(k.panel.size - 1)
    assert isinstance(k.screen, AttractScreen)
    assert k.feed.notes == [(first_key * 2, language, "free", k.feed.config.prompt.id)]
    k.close()


@pytest.mark.parametrize(("size", "language"), BOTH)
def test_touch_only_answer_language_and_house_rules(
    theme: Theme, size: tuple[int, int], language: str
) -> None:
    k = build(theme, size=size, language=language)
    attract = k.screen
    assert isinstance(attract, AttractScreen) and attract.geometry is not None

    assert k.tap(attract.geometry.answers[2], finger=True)
    assert isinstance(k.screen, ResultsScreen)
    assert k.feed.recorded[-1].source == "touch" and k.feed.recorded[-1].index == 2

    assert k.tap(k.button_rect("info"))
    assert isinstance(k.screen, InfoScreen)
    assert k.tap(k.button_rect("back"))
    assert isinstance(k.screen, ResultsScreen)  # back where the visitor was

    assert k.tap(k.button_rect("language"))
    assert isinstance(k.screen, LanguageScreen)
    other = "es" if language == "en" else "en"
    assert k.tap(k.button_rect(other))
    assert k.manager.language == other
    assert isinstance(k.screen, ResultsScreen)  # the same results, in the other language
    assert k.screen.language == other

    assert k.tap(k.button_rect("done"))
    assert isinstance(k.screen, AttractScreen)
    k.close()


def test_language_switch_with_buttons_only(kiosk: Kiosk) -> None:
    kiosk.press(0)
    kiosk.clock.now += 1
    kiosk.focus_and_select("language")
    assert isinstance(kiosk.screen, LanguageScreen)
    # The focus starts on the next language: one more select switches.
    kiosk.press(kiosk.panel.size - 1)
    assert kiosk.manager.language == "es"
    assert kiosk.manager.attract.language == "es"
    title = kiosk.screen
    assert isinstance(title, ResultsScreen)
    assert title.neighbours == "Tú y 6 vecinos habéis respondido hoy"


def test_house_rules_and_back_with_buttons_only(kiosk: Kiosk) -> None:
    kiosk.press(0)
    kiosk.clock.now += 1
    kiosk.focus_and_select("info")
    info = kiosk.screen
    assert isinstance(info, InfoScreen)
    text = " ".join(info.lines())
    assert "A volunteer reads every note before it appears on the wall." in text
    assert "Friends of Elm Park" in text and "hello@elm.example" in text
    kiosk.press(kiosk.panel.size - 2)  # the "back" button of a four-button panel
    assert isinstance(kiosk.screen, ResultsScreen)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_post_moderated_site_says_notes_appear_at_once(theme: Theme, language: str) -> None:
    site = {"slug": "elm", "name": "Elm Park", "timezone": "Europe/London", "moderation": "post"}
    k = build(theme, config=make_config(site=site), language=language)
    try:
        k.press(0)
        k.clock.now += 1
        k.focus_and_select("info")
        info = k.screen
        assert isinstance(info, InfoScreen)
        text = " ".join(info.lines())
        post = {
            "en": "Your note appears at once; a volunteer checks it after.",
            "es": "Tu nota aparece al momento; una persona voluntaria la revisa después.",
        }
        assert post[language] in text
        assert "before it appears" not in text and "antes de que aparezca" not in text
        k.press(k.panel.size - 2)
        k.focus_and_select("note")
        note = k.screen
        assert isinstance(note, NoteScreen)
        assert note.moderation_line == "Your note appears at once; a volunteer checks it after."
        k.frame()  # the notice line is drawn, fitted, in either language
    finally:
        k.close()


def test_a_pre_moderated_site_and_an_older_hub_say_a_person_reads_first(kiosk: Kiosk) -> None:
    # The fixture's config names no mode, as an older hub's does: pre.
    kiosk.press(0)
    kiosk.clock.now += 1
    kiosk.focus_and_select("note")
    note = kiosk.screen
    assert isinstance(note, NoteScreen)
    assert note.moderation_line == "A volunteer reads every note before it appears on the wall."


def test_touching_the_attract_screens_buttons_opens_language_and_rules(kiosk: Kiosk) -> None:
    kiosk.tap(kiosk.button_rect("language"))
    assert isinstance(kiosk.screen, LanguageScreen)
    kiosk.tap(kiosk.button_rect("back"))
    kiosk.tap(kiosk.button_rect("info"))
    assert isinstance(kiosk.screen, InfoScreen)
    kiosk.tap(kiosk.button_rect("back"))
    assert isinstance(kiosk.screen, AttractScreen)
    assert kiosk.feed.recorded == []


def test_two_button_panel_navigates_with_next_and_select(theme: Theme) -> None:
    k = build(theme, buttons=2, config=make_config(prompt={"emoji": FACES[:2], "tallies": {}}))
    k.press(0)
    assert isinstance(k.screen, ResultsScreen)
    k.clock.now += 1
    k.press(0)  # next: Note -> Doodle
    assert k.screen.group.focused.key == "doodle"
    k.press(1)  # select
    assert isinstance(k.screen, DoodleScreen)
    k.close()


def test_a_prompt_without_follow_up_offers_done_only(theme: Theme) -> None:
    k = build(theme, config=make_config(prompt={"follow_up": False}))
    k.press(3)
    assert isinstance(k.screen, ResultsScreen)
    assert k.screen.group.keys() == ["done", "language", "info"]
    k.clock.now += 1
    k.press(k.panel.size - 1)  # the focused Done
    assert isinstance(k.screen, AttractScreen)
    k.close()


def test_idle_timeout_goes_back_and_drops_a_half_done_note(kiosk: Kiosk) -> None:
    kiosk.press(0)
    kiosk.clock.now += 1
    kiosk.focus_and_select("note")
    assert isinstance(kiosk.screen, NoteScreen)
    kiosk.press(kiosk.panel.size - 1)  # a letter typed, then the visitor walks away
    assert kiosk.screen.text
    kiosk.frame(dt=44.0)
    assert isinstance(kiosk.screen, NoteScreen)  # not yet: 45 s without input
    kiosk.frame(dt=2.0)
    assert isinstance(kiosk.screen, AttractScreen)
    assert len(kiosk.feed.recorded) == 1  # only the answer, nothing half-sent
    assert kiosk.feed.notes == []


def test_the_results_go_away_by_themselves(kiosk: Kiosk, theme: Theme) -> None:
    kiosk.press(0)
    for _ in range(int(theme.results_seconds) + 1):
        kiosk.frame(dt=1.0)
    assert isinstance(kiosk.screen, AttractScreen)


def test_a_visitors_language_lasts_until_the_kiosk_times_out(kiosk: Kiosk) -> None:
    kiosk.tap(kiosk.button_rect("language"))
    kiosk.tap(kiosk.button_rect("es"))
    assert kiosk.manager.language == "es"
    kiosk.press(0)
    assert isinstance(kiosk.screen, ResultsScreen) and kiosk.screen.language == "es"
    kiosk.frame(dt=46.0)
    assert isinstance(kiosk.screen, AttractScreen)
    assert kiosk.manager.language == "en"  # the next passer-by meets the kiosk's own language


def test_mashing_plays_instead_of_thanks_and_keeps_every_press(kiosk: Kiosk) -> None:
    kiosk.feed.play_next = True
    kiosk.press(0)
    play = kiosk.screen
    assert isinstance(play, PlayScreen)
    assert play.needs_redraw  # it animates
    for index in (1, 2, 3, 1):
        kiosk.press(index)  # still presses, not navigation
    assert kiosk.screen is play and play.presses == 5
    assert [p.index for p in kiosk.feed.recorded] == [0, 1, 2, 3, 1]
    assert all(p.play for p in kiosk.feed.recorded)
    assert kiosk.feed.own == {}  # play is not opinion
    kiosk.frame(dt=kiosk.manager.theme.play_seconds + 0.1)
    assert isinstance(kiosk.screen, AttractScreen)


def test_a_second_press_right_after_an_answer_goes_to_the_core(kiosk: Kiosk) -> None:
    kiosk.press(0)
    kiosk.press(2)  # within the play rules' interval: the same hand, not navigation
    assert [p.index for p in kiosk.feed.recorded] == [0, 2]
    assert isinstance(kiosk.screen, ResultsScreen) and kiosk.screen.chosen == 2


def test_the_screen_acknowledges_in_the_frame_that_records(kiosk: Kiosk) -> None:
    kiosk.manager.wakeup.clear()
    kiosk.panel.press(1)
    assert isinstance(kiosk.screen, AttractScreen)  # queued on gpiozero's thread only
    assert kiosk.manager.wakeup.is_set()  # which wakes the display loop's wait
    kiosk.manager.poll()  # the display loop's next turn records it...
    assert isinstance(kiosk.screen, ResultsScreen)
    assert kiosk.manager.needs_redraw  # ...and the very next draw shows it
    assert kiosk.panel.lit(1) is False  # the LED is the app's job (tests/kiosk/test_press_path)


@pytest.mark.parametrize(("local", "dim"), [(time(22, 30), True), (time(12, 0), False)])
def test_quiet_hours_dim_the_attract_screen_and_stop_it(
    theme: Theme, local: time, dim: bool
) -> None:
    bright = build(theme, local=time(12, 0))
    k = build(theme, local=local)
    assert k.manager.quiet is dim
    assert k.manager.attract.quiet is dim
    centre = (400, 30)
    lum = sum(k.surface.get_at(centre)[:3])
    assert (lum < sum(bright.surface.get_at(centre)[:3]) * 0.6) is dim
    k.manager.update(theme.note_seconds * 3)
    assert k.manager.needs_redraw is (not dim)  # quiet: nothing moves, nothing redraws
    k.close()
    bright.close()


def test_quiet_hours_start_while_running(kiosk: Kiosk) -> None:
    assert kiosk.manager.quiet is False
    kiosk.local = time(21, 0)
    kiosk.frame(dt=31.0)
    kiosk.frame()  # the next turn looks at the clock again
    assert kiosk.manager.quiet is True


@pytest.mark.parametrize(
    ("status", "shown"),
    [(FeedStatus(False, 3, True), "this kiosk is paused"), (FeedStatus(False, 3), "offline")],
)
def test_the_caretakers_corner_says_paused_discreetly(
    theme: Theme, status: FeedStatus, shown: str
) -> None:
    k = build(theme, status=status)
    attract = k.screen
    assert isinstance(attract, AttractScreen) and attract.geometry is not None
    assert attract.status == (status.online, status.pending, status.paused)
    words = [key[0] for key in attract._texts if shown in key[0]]
    assert words, "the status words were drawn"
    key = next(key for key in attract._texts if shown in key[0])
    assert key[2] <= 24  # small print, in the status strip along the edge
    assert key[4] == theme.status_text  # the quiet grey, not an alarm colour
    k.close()


def test_the_prompt_appears_in_the_chosen_language(theme: Theme) -> None:
    k = build(theme, language="es")
    assert any(key[0] == "¿Qué tal el parque hoy?" for key in k.screen._texts)
    k.close()


def test_a_kiosk_without_config_waits_and_ignores_presses(theme: Theme) -> None:
    k = Kiosk(theme)
    k.feed.config = None
    k.frame()
    k.press(0)
    assert isinstance(k.screen, AttractScreen)
    assert k.screen.prompt is None
    assert k.feed.recorded == []
    k.close()


def test_a_mouse_click_from_a_touch_is_not_counted_twice(kiosk: Kiosk) -> None:
    attract = kiosk.screen
    assert attract.geometry is not None
    x, y = attract.geometry.answers[0].center
    synthetic = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=True)
    assert not kiosk.manager.handle_event(synthetic)
    kiosk.frame()
    assert kiosk.feed.recorded == []


def test_idle_for_a_minute_draws_about_once_a_second(kiosk: Kiosk) -> None:
    draws = 0
    for _ in range(60 * 5):  # the runner's idle pace: a turn every 200 ms at most
        kiosk.manager.poll()
        kiosk.clock.now += 0.2
        kiosk.manager.update(0.2)
        if kiosk.manager.needs_redraw:
            draws += 1
            kiosk.manager.draw(kiosk.surface)
    assert 0 < draws <= 60  # the cue's blink and the note's rotation, nothing else
    assert not kiosk.manager.wants_frames


def test_many_answers_keep_the_caches_bounded(kiosk: Kiosk) -> None:
    for turn in range(300):
        kiosk.press(turn % 4)
        kiosk.clock.now += 1
        kiosk.press(kiosk.panel.size - 2)  # navigation on the results: records nothing
        kiosk.manager.go_idle()
        kiosk.frame()
    assert len(kiosk.feed.recorded) == 300
    assert len(kiosk.manager.fonts._fonts) <= 48
    assert len(kiosk.manager.attract._texts) <= 64
    assert len(kiosk.manager.attract.answers.buttons._labels) <= 129
