"""The attract screen: answerable at once, big targets, readable words, quiet when idle."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from storywall.protocol.config import PromptConfig, Spotlight, WallNote
from tests.kiosk.ui.helpers import FACES, SIZES, count_colour, make_prompt, rgb

EMOJI = ["\U0001f600", "\U0001f642", "\U0001f610", "\U0001f641", "\U0001f622", "\U0001f60d"]
# 10 mm on a 7" 800x480 panel (about 133 px per inch) is 52 px; the kiosk keeps 62.
MIN_TARGET_PX = 62


def attract(theme: Theme, size: tuple[int, int], answers: list[int] | None = None) -> AttractScreen:
    touched = answers if answers is not None else []
    return AttractScreen(
        theme,
        Fonts(),
        str,
        language="en",
        on_answer=touched.append,
        on_language=lambda: None,
        on_info=lambda: None,
        size=size,
    )


def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 8 for x, y in zip(a, b, strict=True))


def prompts() -> list[PromptConfig]:
    found = [make_prompt(EMOJI[:count]) for count in range(2, 7)]
    found.append(PromptConfig(id=2, text="Slide", kind="slider", emoji=EMOJI[:5]))
    for count in range(2, 5):
        labels = ["Benches", "A water fountain", "More trees", "A little stage"][:count]
        found.append(PromptConfig(id=3, text="Poll", kind="poll", emoji=[], options=labels))
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("prompt", prompts(), ids=lambda p: f"{p.kind}{p.answer_count}")
def test_every_target_is_big_enough_separate_and_on_screen(
    theme: Theme, size: tuple[int, int], prompt: PromptConfig
) -> None:
    screen = attract(theme, size)
    screen.set_prompt(prompt)
    screen.draw(pygame.Surface(size))
    geometry = screen.geometry
    assert geometry is not None
    targets = [*geometry.answers, geometry.language, geometry.info]
    assert len(geometry.answers) == prompt.answer_count
    for rect in targets:
        assert min(rect.size) >= MIN_TARGET_PX, rect
        assert pygame.Rect((0, 0), size).contains(rect)
    for a, b in itertools.combinations(targets, 2):
        assert not a.colliderect(b)
    for rect in geometry.answers:
        assert not rect.colliderect(geometry.prompt)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("count", range(2, 7))
def test_a_touch_answers_the_button_it_lands_on_and_never_a_neighbour(
    theme: Theme, size: tuple[int, int], count: int
) -> None:
    answered: list[int] = []
    screen = attract(theme, size, answered)
    screen.set_prompt(make_prompt(EMOJI[:count]))
    screen.draw(pygame.Surface(size))
    assert screen.geometry is not None
    for index, b in enumerate(screen.geometry.answers):
        for pos in [b.center, b.topleft, (b.right - 1, b.bottom - 1)]:
            answered.clear()
            event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
            assert screen.handle_event(event)
            assert answered == [index]
        for pos in [(b.left - 2, b.centery), (b.right + 1, b.centery), (b.centerx, b.bottom + 1)]:
            answered.clear()
            screen.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
            assert answered in ([], [index])


def test_the_prompt_is_at_least_28_px_on_the_small_panel(theme: Theme) -> None:
    screen = attract(theme, (800, 480))
    long = "If you could change one thing about this park for the children who play here, " * 2
    screen.set_prompt(make_prompt(text=long[:160]))
    screen.draw(pygame.Surface((800, 480)))
    sizes = [key[2] for key in screen._texts if key[0].startswith("If you could")]
    assert sizes and min(sizes) >= 28
    assert theme.prompt_font_min * 480 >= 28
    assert theme.body_font_min * 480 >= 28


def test_idle_it_redraws_only_when_a_note_rotates_or_the_cue_blinks(theme: Theme) -> None:
    screen = attract(theme, (800, 480))
    screen.set_prompt(make_prompt())
    screen.set_notes([WallNote(id="a", text="Swings!"), WallNote(id="b", text="Ducks")])
    screen.draw(pygame.Surface((800, 480)))
    redraws = 0
    for _ in range(int(theme.note_seconds * 20) + 2):  # 20 turns a second, one note's time
        screen.update(0.05)
        if screen.needs_redraw:
            redraws += 1
            screen.draw(pygame.Surface((800, 480)))
    assert screen.slot == 1 and screen.note is not None  # from the wall picture to a note
    assert redraws <= theme.note_seconds  # about one frame a second, not twenty
    screen.set_quiet(True)
    screen.draw(pygame.Surface((800, 480)))
    for _ in range(200):
        screen.update(0.05)
    assert not screen.needs_redraw  # quiet hours: still


def test_the_wall_picture_is_shown_scaled_or_a_placeholder(theme: Theme, tmp_path: Path) -> None:
    picture = pygame.Surface((400, 250))
    picture.fill((250, 0, 250))
    path = tmp_path / "wall.png"
    pygame.image.save(picture, str(path))
    screen = attract(theme, (800, 480))
    screen.set_prompt(make_prompt(FACES))
    surface = pygame.Surface((800, 480))
    screen.draw(surface)
    assert screen.geometry is not None
    wall = screen.geometry.side
    assert rgb(surface, wall.center) == theme.card_background  # the placeholder

    screen.set_wall_image(path)
    assert screen.needs_redraw
    screen.draw(surface)
    assert near(rgb(surface, wall.center), (250, 0, 250))
    assert not near(rgb(surface, (wall.right + 2, wall.centery)), (250, 0, 250))  # fits inside

    screen.set_wall_image(tmp_path / "gone.png")
    screen.draw(surface)
    assert rgb(surface, wall.center) == theme.card_background  # a missing file is not a crash


def test_poll_labels_come_in_the_chosen_language(theme: Theme) -> None:
    screen = attract(theme, (800, 480))
    poll = PromptConfig(
        id=4,
        text="Which?",
        kind="poll",
        emoji=[],
        options=["Benches", "Trees"],
        option_texts={"es": ["Bancos", "Árboles"]},
    )
    screen.set_prompt(poll)
    screen.set_language("es", str)
    screen.draw(pygame.Surface((800, 480)))
    labels = {key[0] for key in screen.answers.buttons._labels}
    assert {"Bancos", "Árboles"} <= labels


def _doodle_file(tmp_path: Path, colour: tuple[int, int, int]) -> Path:
    drawing = pygame.Surface((90, 60))
    drawing.fill(colour)
    path = tmp_path / "doodle.png"
    pygame.image.save(drawing, str(path))
    return path


def test_spotlights_take_turns_with_the_wall_picture_before_the_notes(
    theme: Theme, tmp_path: Path
) -> None:
    picture = _doodle_file(tmp_path, (10, 200, 240))
    held = {"a" * 64: picture}
    screen = attract(theme, (800, 480))
    screen.set_prompt(make_prompt())
    screen.set_notes([WallNote(id="n", text="Ducks", reply="Fed them")])
    pins = [
        Spotlight(id=1, kind="note", text="Swings please", reply="Coming in May"),
        Spotlight(id=2, kind="doodle", media="a" * 64, width=90, height=60),
        Spotlight(id=3, kind="doodle", media="b" * 64, width=90, height=60),  # not fetched yet
        Spotlight(id=4, kind="sculpture", text="?"),  # a kind this kiosk does not know
    ]
    screen.set_spotlights(pins, held.get)
    assert [pin.id for pin in screen.spotlights] == [1, 2]
    surface = pygame.Surface((800, 480))
    shown: list[object] = []
    for _ in range(4):
        screen.draw(surface)
        showing = screen.showing
        shown.append(None if showing is None else getattr(showing, "id", None))
        if isinstance(showing, Spotlight) and showing.kind == "doodle":
            assert screen.geometry is not None
            assert near(rgb(surface, screen.geometry.side.center), (10, 200, 240))
        for _ in range(int(theme.note_seconds * 20) + 1):
            screen.update(0.05)
    # The wall picture, the note spotlight, the doodle spotlight, then the note.
    assert shown == [None, 1, 2, "n"]
    # The same spotlights again change nothing; new ones restart the turn.
    for _ in range(int(theme.note_seconds * 20) + 1):
        screen.update(0.05)
    assert screen.slot == 1
    screen.set_spotlights(pins, held.get)
    assert screen.slot == 1
    screen.set_spotlights(pins[:1], held.get)
    assert [pin.id for pin in screen.spotlights] == [1] and screen.slot == 0


def test_a_spotlighted_note_shows_its_reply_under_it(theme: Theme) -> None:
    screen = attract(theme, (720, 1280))
    screen.set_prompt(make_prompt())
    screen.set_spotlights(
        [Spotlight(id=1, kind="note", text="More bins", reply="Three added by the gate")],
        lambda _sha: None,
    )
    for _ in range(int(theme.note_seconds * 20) + 1):
        screen.update(0.05)
    assert screen.spotlight is not None and screen.note is None
    surface = pygame.Surface((720, 1280))
    screen.draw(surface)
    assert screen.geometry is not None
    side = screen.geometry.side
    # The reply is painted in the reply colour inside the card.
    assert count_colour(surface, theme.reply_text, side) > 50


def test_a_spotlight_past_its_end_leaves_the_rotation_offline(theme: Theme) -> None:
    now_s = 1_800_000_000.0
    screen = AttractScreen(
        theme,
        Fonts(),
        str,
        language="en",
        on_answer=lambda _index: None,
        on_language=lambda: None,
        on_info=lambda: None,
        wall_clock=lambda: now_s,
    )
    pins = [
        Spotlight(id=1, kind="note", text="Still on", ends_ms=int(now_s * 1000) + 60_000),
        Spotlight(id=2, kind="note", text="Ended", ends_ms=int(now_s * 1000) - 1),
        Spotlight(id=3, kind="note", text="An older hub sends no end"),
    ]
    screen.set_spotlights(pins, lambda _sha: None)
    assert [pin.id for pin in screen.spotlights] == [1, 3]
    now_s += 61
    screen.set_spotlights(pins, lambda _sha: None)  # the manager's next refresh
    assert [pin.id for pin in screen.spotlights] == [3]
