"""One press path: a touch and an arcade button are recorded in one place, and only a
recorded press lights its button and says thanks.

The kiosk is wired by KioskApp itself; the buttons are gpiozero MockFactory pins driven
low and high, the touches real pygame events on the real screen manager (SDL dummy driver).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from hardware.buttons import MockButtonPanel
from kiosk.app import KioskApp
from kiosk.clock import KioskClock
from kiosk.parts import KioskParts
from kiosk.settings import KioskSettings
from kiosk.ui.feed import PressLike
from kiosk.ui.manager import ScreenManager
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.results import ResultsScreen
from storywall.protocol import PlayRules, ReactionEvent
from tests.kiosk.conftest import KIOSK_ID
from tests.kiosk.test_config_store import CONFIG

SIZE = (800, 480)
LED_PINS = (12, 16, 20, 21)


class FakeClock:
    """The panel's debounce clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Acknowledged:
    """The answers the screen acknowledged, in order (wraps the manager's on_recorded)."""

    def __init__(self, manager: ScreenManager) -> None:
        self.manager = manager
        self.thanked: list[int] = []
        original = manager.on_recorded

        def spy(press: PressLike) -> None:
            self.thanked.append(press.index)
            original(press)

        manager.on_recorded = spy  # type: ignore[method-assign]


@pytest.fixture
def debounce_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(tmp_path: Path, kiosk_clock: KioskClock, debounce_clock: FakeClock) -> Iterator[KioskApp]:
    settings = KioskSettings(
        kiosk_id=KIOSK_ID,
        hub_url="http://127.0.0.1:9",  # never reached: the sync worker is not started
        token="t",
        data_dir=tmp_path / "data",
        hardware_backend="mock",
        screen_size=SIZE,
    )
    parts = KioskParts.build(
        kiosk_id=KIOSK_ID,
        hub_url=settings.hub_url,
        token=settings.token,
        data_dir=settings.data_dir,
        clock=kiosk_clock,
    )
    panel = MockButtonPanel(debounce_ms=250, clock=debounce_clock, flash_s=60)
    app = KioskApp(settings, parts, panel)
    yield app
    app.close()


@pytest.fixture
def screen(app: KioskApp) -> Acknowledged:
    # Built as KioskApp._run_screen builds it, minus the window.
    return Acknowledged(app.build_manager(SIZE))


def with_prompt(app: KioskApp) -> None:
    # Presses here come faster than any passer-by's: no play rule, so each is an answer
    # (mashing has its own tests: tests/kiosk/test_core_answers.py, test_play.py).
    calm = CONFIG.model_copy(update={"play": PlayRules(min_interval_ms=0, burst_presses=100)})
    app.parts.config_store.save(calm, '"v1"')


def touch(screen: Acknowledged, index: int) -> None:
    screen.manager.refresh()  # the loop's last turn saw the configuration
    attract = screen.manager.attract
    attract.draw(pygame.Surface(SIZE))
    assert attract.geometry is not None
    button = attract.geometry.answers[index]
    event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=button.center, button=1)
    assert screen.manager.handle_event(event)


def lit(app: KioskApp) -> list[bool]:
    assert isinstance(app.panel, MockButtonPanel)
    return [app.panel.lit(index) for index in range(app.panel.size)]


def reactions(app: KioskApp) -> list[tuple[str, str]]:
    batch = app.parts.outbox.take_batch()
    return [(e.payload.emoji, e.payload.source) for e in batch if isinstance(e, ReactionEvent)]


def frame(screen: Acknowledged) -> None:
    """What the display loop does each turn, minus the window."""
    screen.manager.poll()
    screen.manager.draw(pygame.Surface(SIZE))


def test_a_touch_and_a_button_each_get_one_thanks_and_one_flash(
    app: KioskApp, screen: Acknowledged, debounce_clock: FakeClock
) -> None:
    with_prompt(app)
    assert isinstance(app.panel, MockButtonPanel)

    touch(screen, 1)
    assert screen.thanked == []  # nothing is thanked before it is recorded
    assert lit(app) == [False] * 4
    app.panel.press(3)
    frame(screen)

    assert screen.thanked == [1, 3]
    assert lit(app) == [False, True, False, True]
    results = screen.manager.current
    assert isinstance(results, ResultsScreen) and results.chosen == 3
    for pin in (16, 21):
        app.panel.pin_factory.pin(pin).assert_states([False, True])
    assert reactions(app) == [("😐", "touch"), ("🌳", "button")]  # in arrival order


def test_a_debounced_press_lights_nothing_and_thanks_nothing(
    app: KioskApp, screen: Acknowledged, debounce_clock: FakeClock
) -> None:
    assert isinstance(app.panel, MockButtonPanel)

    app.panel.press(0)  # accepted by the panel, but there is no prompt: not recorded
    frame(screen)
    with_prompt(app)
    debounce_clock.now += 0.05
    app.panel.press(0)  # within the debounce: the panel drops it
    frame(screen)

    assert screen.thanked == []
    assert lit(app) == [False] * 4
    app.panel.pin_factory.pin(LED_PINS[0]).assert_states([False])
    assert reactions(app) == []

    debounce_clock.now += 1
    app.panel.press(0)
    frame(screen)
    assert screen.thanked == [0]
    app.panel.pin_factory.pin(LED_PINS[0]).assert_states([False, True])
    assert reactions(app) == [("😀", "button")]


def test_a_press_without_a_prompt_lights_nothing_and_thanks_nothing(
    app: KioskApp, screen: Acknowledged
) -> None:
    assert isinstance(app.panel, MockButtonPanel)

    app.panel.press(2)
    app.parts.core.submit_touch(1)  # a touch that raced the prompt going away
    frame(screen)

    assert screen.thanked == []
    assert lit(app) == [False] * 4
    assert isinstance(screen.manager.current, AttractScreen)
    assert reactions(app) == []


def test_an_emoji_beyond_the_panel_thanks_without_a_led(
    app: KioskApp, screen: Acknowledged
) -> None:
    six = CONFIG.model_copy(
        update={"prompt": CONFIG.prompt.model_copy(update={"emoji": [*"abcdef"]})}  # type: ignore[union-attr]
    )
    app.parts.config_store.save(six, '"v2"')

    touch(screen, 5)  # the touchscreen has six emoji, the panel four buttons
    frame(screen)

    assert screen.thanked == [5]
    assert lit(app) == [False] * 4


def test_headless_a_button_press_still_lights_its_led(app: KioskApp) -> None:
    with_prompt(app)
    assert isinstance(app.panel, MockButtonPanel)
    app.panel.press(2)
    assert lit(app) == [False] * 4  # queued, not yet recorded
    app.parts.core.tick()
    assert lit(app) == [False, False, True, False]


def test_keys_1_to_6_press_the_mock_buttons_through_the_same_path(app: KioskApp) -> None:
    with_prompt(app)
    for key in (pygame.K_3, pygame.K_9, pygame.K_a):  # 9 and a: no such button
        app.press_key(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="").key)
    assert lit(app) == [False] * 4  # pressed, queued, not yet recorded
    app.parts.core.tick()
    assert lit(app) == [False, False, True, False]
    assert reactions(app) == [("😢", "button")]
