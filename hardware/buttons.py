"""Emoji arcade buttons with an LED each: the interface, the gpiozero panel, a factory.

The kiosk sees only `EmojiButtonPanel`. `GpioButtonPanel` drives real gpiozero
`Button`/`LED` devices on whatever pin factory it is given: lgpio on a Pi, or
gpiozero's own `MockFactory` on a laptop and in the tests, so the same code runs
in both places. `MockButtonPanel` is that panel on a private MockFactory, with
`press()` to push a button by driving its mock pin (the demo's keys 1-6, tests).
gpiozero is imported inside the functions that need it, never at import time.

A press calls `when_pressed(index)` and lights nothing: the kiosk lights a button's
LED (`flash`) once it has recorded the press, so a press it did not count stays dark.

The backend is chosen like gpiozero's pin factory: explicitly, or else from the
`STORYWALL_HARDWARE` environment variable (`gpio` or `mock`), or else "gpio".

Example (mock pins, as in the demo and the tests)::

    with build_button_panel("mock") as panel:
        panel.when_pressed = print
        panel.press(2)             # prints 2
        panel.flash(2)             # lights LED 2 for 0.6 s
"""

from __future__ import annotations

import logging
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Literal

from hardware.errors import (
    BackendUnavailable,
    DeviceClosed,
    HardwareConfigError,
    HardwareError,
    UnknownButton,
)
from hardware.gpio import gpio_setup
from storywall.closing import ClosesOnExit

logger = logging.getLogger(__name__)

Backend = Literal["gpio", "mock"]
BACKENDS: tuple[Backend, ...] = ("gpio", "mock")
# Chooses the backend when none is given, as GPIOZERO_PIN_FACTORY chooses gpiozero's pins.
HARDWARE_ENV = "STORYWALL_HARDWARE"
PinSpec = int | str
PressCallback = Callable[[int], None]

# BCM numbers of a four-button panel on a Pi 40-pin header (see firmware_config/).
DEFAULT_BUTTON_PINS: tuple[int, ...] = (5, 6, 13, 19)
DEFAULT_LED_PINS: tuple[int, ...] = (12, 16, 20, 21)
DEFAULT_DEBOUNCE_MS = 250
# Contact bounce handled by gpiozero itself (lgpio filters it in the driver). Kept
# short because lgpio reports an edge only once the level has been stable this long.
DEFAULT_BOUNCE_TIME_S = 0.02
DEFAULT_FLASH_S = 0.6


class EmojiButtonPanel(ClosesOnExit, ABC):
    """A row of emoji buttons, each with an optional LED for feedback.

    `when_pressed` is called with the button's index (0-based), possibly from a
    hardware thread: keep it short and thread-safe (e.g. put the index on a queue).
    """

    when_pressed: PressCallback | None

    def __init__(self) -> None:
        self.when_pressed = None

    @property
    @abstractmethod
    def size(self) -> int:
        """How many buttons the panel has."""

    @property
    @abstractmethod
    def closed(self) -> bool:
        """True once close() has been called."""

    @abstractmethod
    def flash(self, index: int, seconds: float | None = None) -> None:
        """Light button `index`'s LED for `seconds` (None: the panel's own flash time);
        a no-op for a button without LED."""

    @abstractmethod
    def close(self) -> None:
        """Release every pin. Safe to call more than once."""


class GpioButtonPanel(EmojiButtonPanel):
    """Buttons and LEDs built on gpiozero devices.

    `buttons[i]` is wired (active low, internal pull-up) to the button whose LED is
    on `leds[i]`; `None` in `leds` means that button has no LED. A press of button
    `i` calls `when_pressed(i)`, unless the same button was accepted less than
    `debounce_ms` ago by `clock` (seconds, monotonic). It lights no LED by itself.
    """

    def __init__(
        self,
        buttons: Sequence[PinSpec],
        leds: Sequence[PinSpec | None],
        *,
        pin_factory: Any = None,
        debounce_ms: int = DEFAULT_DEBOUNCE_MS,
        bounce_time_s: float | None = DEFAULT_BOUNCE_TIME_S,
        flash_s: float = DEFAULT_FLASH_S,
        clock: Callable[[], float] = time.monotonic,
        owns_factory: bool = False,
    ) -> None:
        super().__init__()
        if not buttons:
            raise HardwareConfigError("a button panel needs at least one button")
        if len(leds) not in (0, len(buttons)):
            raise HardwareConfigError(
                f"{len(buttons)} buttons but {len(leds)} LEDs: give one LED (or None) per button"
            )
        if debounce_ms < 0:
            raise HardwareConfigError("debounce_ms must be >= 0")
        self._button_pins = tuple(buttons)
        self._led_pins: tuple[PinSpec | None, ...] = tuple(leds) if leds else (None,) * len(buttons)
        self._debounce_s = debounce_ms / 1000
        self._debounce_ms = debounce_ms
        self._flash_s = flash_s
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = False
        self._last_accepted: list[float | None] = [None] * len(buttons)
        self._buttons: list[Any] = []
        self._leds: list[Any] = []
        self._owns_factory = owns_factory
        self._factory = pin_factory
        self._build(bounce_time_s)

    def _build(self, bounce_time_s: float | None) -> None:
        with gpio_setup("the button panel", self.close) as gpiozero:
            for index, pin in enumerate(self._button_pins):
                button = gpiozero.Button(
                    pin, pull_up=True, bounce_time=bounce_time_s, pin_factory=self._factory
                )
                button.when_pressed = partial(self._on_press, index)
                self._buttons.append(button)
            for led_pin in self._led_pins:
                led = None
                if led_pin is not None:
                    led = gpiozero.LED(led_pin, initial_value=False, pin_factory=self._factory)
                self._leds.append(led)
        if self._factory is None and self._buttons:
            self._factory = self._buttons[0].pin_factory

    @property
    def size(self) -> int:
        return len(self._button_pins)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def backend(self) -> Backend:
        """ "mock" when the pins are gpiozero mock pins, else "gpio"."""
        from gpiozero.pins.mock import MockFactory

        return "mock" if isinstance(self._factory, MockFactory) else "gpio"

    @property
    def pin_factory(self) -> Any:
        """The gpiozero pin factory the devices run on (tests drive its mock pins)."""
        return self._factory

    def _check_usable(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise UnknownButton(f"no button {index}: the panel has {self.size}")
        if self._closed:
            raise DeviceClosed(f"{self!r} is closed")

    def _on_press(self, index: int) -> None:
        # Runs on a gpiozero callback thread (or the caller's, with mock pins).
        now = self._clock()
        with self._lock:
            if self._closed:
                return
            last = self._last_accepted[index]
            if last is not None and now - last < self._debounce_s:
                logger.debug("button %d ignored: %.3f s after the last press", index, now - last)
                return
            self._last_accepted[index] = now
        callback = self.when_pressed
        if callback is None:
            return
        try:
            callback(index)
        except Exception:
            # An exception here would end gpiozero's callback thread and every later
            # press with it; log it and keep the buttons alive.
            logger.exception("when_pressed(%d) failed", index)

    def _light(self, index: int, seconds: float) -> None:
        with self._lock:
            if self._closed:
                return
            led = self._leds[index]
            if led is None:
                return
            # on() first so the LED is lit when this returns; blink(n=1) then turns it
            # off after `seconds` on gpiozero's own thread (a new flash restarts it).
            led.on()
            led.blink(on_time=seconds, off_time=0, n=1, background=True)

    def flash(self, index: int, seconds: float | None = None) -> None:
        self._check_usable(index)
        self._light(index, self._flash_s if seconds is None else seconds)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for device in [*self._buttons, *self._leds]:
            if device is not None:
                device.close()
        if self._owns_factory and self._factory is not None:
            self._factory.close()

    def __repr__(self) -> str:
        if self._closed:
            return f"<{type(self).__name__} closed>"
        return (
            f"<{type(self).__name__} backend={self.backend!r} buttons={list(self._button_pins)}"
            f" leds={list(self._led_pins)} debounce_ms={self._debounce_ms}>"
        )


class MockButtonPanel(GpioButtonPanel):
    """A GpioButtonPanel on its own gpiozero MockFactory, with buttons to press by hand."""

    def __init__(
        self,
        buttons: Sequence[PinSpec] = DEFAULT_BUTTON_PINS,
        leds: Sequence[PinSpec | None] = DEFAULT_LED_PINS,
        **options: Any,
    ) -> None:
        try:
            from gpiozero.pins.mock import MockFactory
        except ImportError as error:  # pragma: no cover - gpiozero is in the kiosk extra
            raise BackendUnavailable(f"gpiozero is not installed: {error}") from error
        super().__init__(buttons, leds, pin_factory=MockFactory(), owns_factory=True, **options)

    def press(self, index: int) -> None:
        """Press and release button `index` by driving its mock pin low, then high."""
        self._check_usable(index)
        pin = self._buttons[index].pin
        pin.drive_low()
        pin.drive_high()

    def lit(self, index: int) -> bool:
        """True while button `index`'s LED is on (False for a button without one)."""
        self._check_usable(index)
        led = self._leds[index]
        return led is not None and bool(led.pin.state)


def default_backend(env: Mapping[str, str] | None = None) -> Backend:
    """The backend named by STORYWALL_HARDWARE in `env` (default os.environ), else "gpio"."""
    env = os.environ if env is None else env
    value = env.get(HARDWARE_ENV, "").strip().lower()
    if not value:
        return "gpio"
    for backend in BACKENDS:
        if value == backend:
            return backend
    raise HardwareConfigError(f"{HARDWARE_ENV}={value!r} is not a backend: use 'gpio' or 'mock'")


def build_button_panel(
    backend: Backend | None = None,
    buttons: Sequence[PinSpec] = DEFAULT_BUTTON_PINS,
    leds: Sequence[PinSpec | None] = DEFAULT_LED_PINS,
    *,
    debounce_ms: int = DEFAULT_DEBOUNCE_MS,
    clock: Callable[[], float] = time.monotonic,
) -> GpioButtonPanel:
    """The panel for `backend` (None: default_backend()): "gpio" uses gpiozero's default
    pin factory (lgpio on a Pi), "mock" a MockButtonPanel on its own mock pins."""
    if backend is None:
        backend = default_backend()
    if backend == "gpio":
        return GpioButtonPanel(buttons, leds, debounce_ms=debounce_ms, clock=clock)
    if backend == "mock":
        return MockButtonPanel(buttons, leds, debounce_ms=debounce_ms, clock=clock)
    raise HardwareConfigError(f"unknown button backend {backend!r}: use 'gpio' or 'mock'")


__all__ = [
    "BACKENDS",
    "DEFAULT_BUTTON_PINS",
    "DEFAULT_DEBOUNCE_MS",
    "DEFAULT_LED_PINS",
    "HARDWARE_ENV",
    "Backend",
    "EmojiButtonPanel",
    "GpioButtonPanel",
    "HardwareError",
    "MockButtonPanel",
    "PressCallback",
    "build_button_panel",
    "default_backend",
]
