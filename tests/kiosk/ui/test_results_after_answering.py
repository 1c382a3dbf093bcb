"""Results are for people who have answered: the attract screen never shows today's
tallies while the prompt takes answers; a locked prompt shows them in place of its
answers and takes no press. Real pygame events, MockFactory pins, a stand-in feed."""

from __future__ import annotations

import pygame
import pytest

from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.results import ResultsScreen
from kiosk.ui.theme import Theme
from tests.kiosk.ui.flow import FACES, Kiosk, make_config
from tests.kiosk.ui.helpers import SIZES, count_colour

# A bar is hundreds of pixels long; an emoji's anti-aliased edge may share a few with it.
BAR_PIXELS = 500


def _answers_area(kiosk: Kiosk) -> pygame.Rect:
    screen = kiosk.screen
    assert isinstance(screen, AttractScreen) and screen.geometry is not None
    answers = screen.geometry.answers
    return answers[0].unionall(answers[1:])


@pytest.mark.parametrize("size", SIZES)
def test_the_tallies_show_only_after_an_answer(theme: Theme, size: tuple[int, int]) -> None:
    many = Kiosk(theme, size=size, config=make_config(prompt={"tallies": {FACES[0]: 40}}))
    kiosk = Kiosk(theme, size=size, config=make_config(prompt={"tallies": {}}))
    try:
        # Today's tallies reached both kiosks; nobody has answered yet: the same screen.
        assert pygame.image.tobytes(many.surface, "RGB") == pygame.image.tobytes(
            kiosk.surface, "RGB"
        )
        many.press(0)
        assert isinstance(many.screen, ResultsScreen)
        assert many.screen.tallies[FACES[0]] == 41
        whole = many.surface.get_rect()
        assert count_colour(many.surface, theme.bar_chosen, whole) > BAR_PIXELS
    finally:
        many.close()
        kiosk.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["emoji", "poll"])
def test_a_locked_prompt_shows_its_results_and_takes_no_answer(
    theme: Theme, size: tuple[int, int], kind: str
) -> None:
    prompt: dict[str, object] = {"locked": True}
    if kind == "poll":
        prompt.update(kind="poll", emoji=[], options=["Oak", "Steel"], tallies={"#0": 3})
    kiosk = Kiosk(theme, size=size, config=make_config(prompt=prompt))
    try:
        screen = kiosk.screen
        assert isinstance(screen, AttractScreen)
        assert screen.prompt is not None and screen.prompt.locked
        area = _answers_area(kiosk)
        assert count_colour(kiosk.surface, theme.bar_track, area) > BAR_PIXELS
        kiosk.press(0)  # an arcade button, through its mock pin
        assert kiosk.tap(area.inflate(-area.width // 2, -area.height // 2)) is False
        kiosk.frame()
        assert kiosk.feed.recorded == []
        assert kiosk.screen is screen
        # Answers open again at the next pull that says so.
        kiosk.feed.config = make_config()
        kiosk.frame()
        assert screen.prompt is not None and not screen.prompt.locked
        assert count_colour(kiosk.surface, theme.bar_track, _answers_area(kiosk)) < BAR_PIXELS
        kiosk.press(1)
        assert [press.index for press in kiosk.feed.recorded] == [1]
        assert isinstance(kiosk.screen, ResultsScreen)
    finally:
        kiosk.close()
