"""The button panel on gpiozero's MockFactory: real gpiozero code, mock pins."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from gpiozero.pins.mock import MockFactory

from hardware.buttons import (
    DEFAULT_BUTTON_PINS,
    DEFAULT_LED_PINS,
    HARDWARE_ENV,
    EmojiButtonPanel,
    GpioButtonPanel,
    MockButtonPanel,
    build_button_panel,
    default_backend,
)
from hardware.errors import (
    DeviceClosed,
    HardwareConfigError,
    UnknownButton,
)
from tests.hardware.conftest import FakeClock


@pytest.fixture
def panel(factory: MockFactory, clock: FakeClock) -> Iterator[GpioButtonPanel]:
    with GpioButtonPanel(
        DEFAULT_BUTTON_PINS, DEFAULT_LED_PINS, pin_factory=factory, debounce_ms=200, clock=clock
    ) as panel:
        yield panel


def press(factory: MockFactory, pin: int) -> None:
    factory.pin(pin).drive_low()
    factory.pin(pin).drive_high()


def test_a_press_calls_back_with_the_button_index(
    panel: GpioButtonPanel, factory: MockFactory
) -> None:
    pressed: list[int] = []
    panel.when_pressed = pressed.append
    press(factory, 13)
    press(factory, 5)
    assert pressed == [2, 0]


def test_a_press_lights_nothing_by_itself(panel: GpioButtonPanel, factory: MockFactory) -> None:
    # The kiosk lights a button once it has recorded the press (KioskApp.on_recorded).
    pressed: list[int] = []
    panel.when_pressed = pressed.append
    press(factory, 6)
    assert pressed == [1]
    assert [factory.pin(pin).state for pin in (12, 16, 20, 21)] == [False] * 4


def test_flash_lights_only_that_buttons_led(panel: GpioButtonPanel, factory: MockFactory) -> None:
    panel.flash(1)
    assert factory.pin(16).state is True
    assert [factory.pin(pin).state for pin in (12, 20, 21)] == [False, False, False]
    factory.pin(16).assert_states([False, True])


def test_the_led_goes_out_after_the_flash(factory: MockFactory, clock: FakeClock) -> None:
    with GpioButtonPanel([5], [12], pin_factory=factory, clock=clock) as panel:
        panel.flash(0, seconds=0.05)
        assert factory.pin(12).state is True
        deadline = time.monotonic() + 2
        while factory.pin(12).state and time.monotonic() < deadline:
            time.sleep(0.01)
        assert factory.pin(12).state is False
        factory.pin(12).assert_states([False, True, False])


def test_a_bounce_within_debounce_is_ignored(
    panel: GpioButtonPanel, factory: MockFactory, clock: FakeClock
) -> None:
    pressed: list[int] = []
    panel.when_pressed = pressed.append
    press(factory, 5)
    clock.now += 0.05
    press(factory, 5)  # contact bounce or a double press: one press
    press(factory, 6)  # another button is not held back
    clock.now += 0.2
    press(factory, 5)
    assert pressed == [0, 1, 0]


def test_a_failing_callback_does_not_break_the_buttons(
    panel: GpioButtonPanel, factory: MockFactory, clock: FakeClock
) -> None:
    calls: list[int] = []

    def explode(index: int) -> None:
        calls.append(index)
        raise RuntimeError("boom")

    panel.when_pressed = explode
    press(factory, 5)
    clock.now += 1
    press(factory, 5)
    assert calls == [0, 0]


def test_close_is_idempotent_and_releases_the_pins(factory: MockFactory) -> None:
    panel = GpioButtonPanel([5, 6], [12, None], pin_factory=factory)
    panel.close()
    panel.close()
    assert panel.closed
    assert "closed" in repr(panel)
    with pytest.raises(DeviceClosed):
        panel.flash(0)
    # The pins are free again.
    GpioButtonPanel([5, 6], [12, None], pin_factory=factory).close()


def test_presses_after_close_are_ignored(factory: MockFactory) -> None:
    pressed: list[int] = []
    panel = GpioButtonPanel([5], [12], pin_factory=factory)
    panel.when_pressed = pressed.append
    pin = panel.pin_factory.pin(5)
    panel.close()
    panel._on_press(0)  # a callback already on its way when close() ran
    assert pressed == []
    assert pin.state is True


def test_repr_names_backend_and_pins(panel: GpioButtonPanel) -> None:
    text = repr(panel)
    assert "backend='mock'" in text
    assert "buttons=[5, 6, 13, 19]" in text
    assert "leds=[12, 16, 20, 21]" in text


def test_a_button_without_led_still_presses(factory: MockFactory) -> None:
    pressed: list[int] = []
    with GpioButtonPanel([5, 6], [12, None], pin_factory=factory) as panel:
        panel.when_pressed = pressed.append
        press(factory, 6)
        panel.flash(1)
    assert pressed == [1]


def test_no_leds_at_all(factory: MockFactory) -> None:
    with GpioButtonPanel([5, 6], [], pin_factory=factory) as panel:
        assert panel.size == 2
        panel.flash(0)


@pytest.mark.parametrize(
    ("buttons", "leds"),
    [([], []), ([5, 6], [12]), ([5, 5], []), (["not-a-pin"], [])],
)
def test_bad_pins_are_a_hardware_config_error(
    factory: MockFactory, buttons: list[int | str], leds: list[int | str | None]
) -> None:
    with pytest.raises(HardwareConfigError):
        GpioButtonPanel(buttons, leds, pin_factory=factory)


def test_a_failed_set_up_releases_what_it_took(factory: MockFactory) -> None:
    with pytest.raises(HardwareConfigError):
        GpioButtonPanel([5, 6], [12, 5], pin_factory=factory)  # 5 is a button already
    GpioButtonPanel([5, 6], [12, 16], pin_factory=factory).close()


def test_unknown_index(panel: GpioButtonPanel) -> None:
    with pytest.raises(UnknownButton):
        panel.flash(4)
    with pytest.raises(IndexError), MockButtonPanel() as mock:
        mock.press(-1)


def test_mock_backend_presses_from_the_keyboard() -> None:
    pressed: list[int] = []
    with build_button_panel("mock", debounce_ms=0) as panel:
        assert isinstance(panel, MockButtonPanel)
        assert panel.backend == "mock"
        panel.when_pressed = pressed.append
        panel.press(3)
        panel.press(3)
        assert not panel.lit(3)
        panel.flash(3)
        assert panel.lit(3)
        assert panel.pin_factory.pin(21).state is True
    assert pressed == [3, 3]


def test_two_mock_panels_do_not_share_pins() -> None:
    with build_button_panel("mock") as one, build_button_panel("mock") as two:
        assert one.pin_factory is not two.pin_factory


def test_gpio_backend_uses_gpiozeros_default_factory() -> None:
    # conftest sets GPIOZERO_PIN_FACTORY=mock, as a laptop would; on a Pi this is lgpio.
    with build_button_panel("gpio", [26], [None]) as panel:
        assert panel.pin_factory is not None


def test_the_production_interface_has_no_mock_press() -> None:
    # Pressing by hand belongs to the mock panel only; a real panel is pressed by people.
    assert not hasattr(EmojiButtonPanel, "mock_press")
    assert not hasattr(EmojiButtonPanel, "press")
    assert not hasattr(GpioButtonPanel, "press")


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "gpio"),
        ({HARDWARE_ENV: ""}, "gpio"),
        ({HARDWARE_ENV: "mock"}, "mock"),
        ({HARDWARE_ENV: " GPIO "}, "gpio"),
    ],
)
def test_the_backend_defaults_from_the_environment(env: dict[str, str], backend: str) -> None:
    assert default_backend(env) == backend


def test_a_bad_backend_in_the_environment_is_named() -> None:
    with pytest.raises(HardwareConfigError, match="STORYWALL_HARDWARE='serial'"):
        default_backend({HARDWARE_ENV: "serial"})


def test_no_backend_means_the_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HARDWARE_ENV, "mock")
    with build_button_panel() as panel:
        assert isinstance(panel, MockButtonPanel)


def test_unknown_backend() -> None:
    with pytest.raises(HardwareConfigError):
        build_button_panel("serial")  # type: ignore[arg-type]
