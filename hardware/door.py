"""The fridge door's reed switch: opened and closed events, and how long the door has stood open.

Wiring: a normally-open reed switch between the door pin (GPIO 17, kept for it in
firmware_config/) and ground, its magnet on the door, the pin on the SoC's internal pull-up.
With the door shut the magnet holds the contact closed and pulls the pin low: to gpiozero
the `Button` is pressed. Door open = contact open = pin high = released. This way round a
cut or unplugged wire reads as an open door, which the hub flags once it has stood open too
long, instead of a fridge that reads shut for ever.

Contact bounce is handled twice, as with the emoji buttons: gpiozero's `bounce_time` (on a
Pi, lgpio reports a level only once it has held that long; mock pins ignore it), then
`debounce_ms` here, on an injectable monotonic clock: a change of state within the window of
the last one is taken as bounce. Each edge re-reads the pin instead of toggling, so a bounce
that ends where it started changes nothing; one that ends on the other side (a door slammed
so hard it sprang open and shut again) is taken up when a timer re-reads the pin at the end
of the window.

`when_opened()` is called when the door opens, `when_closed(open_for_s)` when it shuts,
with how long it stood open, possibly from a gpiozero or timer thread: keep them short.
A door already open when this starts counts as open from then (`openings` counts only what
it saw open).

Example (mock pins)::

    with build_fridge_door("mock") as door:
        door.when_closed = lambda seconds: print(f"shut after {seconds:.0f} s")
        door.open_door()
        door.shut_door()
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from hardware.buttons import DEFAULT_BOUNCE_TIME_S, Backend, PinSpec, default_backend
from hardware.errors import BackendUnavailable, DeviceClosed, HardwareConfigError
from hardware.gpio import gpio_setup
from storywall.closing import ClosesOnExit

logger = logging.getLogger(__name__)

DEFAULT_DOOR_PIN = 17
# A reed switch settles within milliseconds, a slammed door rattles for longer, and nobody
# takes food out in a fifth of a second.
DEFAULT_DOOR_DEBOUNCE_MS = 200


class FridgeDoor(ClosesOnExit):
    """A door switch on a gpiozero `Button` (pull-up; pressed = magnet near = door shut)."""

    def __init__(
        self,
        pin: PinSpec = DEFAULT_DOOR_PIN,
        *,
        pin_factory: Any = None,
        debounce_ms: int = DEFAULT_DOOR_DEBOUNCE_MS,
        bounce_time_s: float | None = DEFAULT_BOUNCE_TIME_S,
        clock: Callable[[], float] = time.monotonic,
        owns_factory: bool = False,
    ) -> None:
        if debounce_ms < 0:
            raise HardwareConfigError("debounce_ms must be >= 0")
        self.when_opened: Callable[[], object] | None = None
        self.when_closed: Callable[[float], object] | None = None
        self.pin_spec = pin
        self.debounce_ms = debounce_ms
        self._debounce_s = debounce_ms / 1000
        self._clock = clock
        # Re-entrant: the callbacks run under it (so they arrive in order) and may ask
        # the door how it is.
        self._lock = threading.RLock()
        self._closed = False
        self._timer: threading.Timer | None = None
        self._owns_factory = owns_factory
        self._factory = pin_factory
        self._button = self._build(pin, bounce_time_s)
        if self._factory is None:
            self._factory = self._button.pin_factory
        self._before_watching()
        now = clock()
        self._open = not self._button.is_pressed
        self._opened_at: float | None = now if self._open else None
        self._changed_at: float | None = None
        self._openings = 0
        self._last_open_s: float | None = None
        self._button.when_pressed = self._on_edge
        self._button.when_released = self._on_edge

    def _build(self, pin: PinSpec, bounce_time_s: float | None) -> Any:
        with gpio_setup("the door switch", self._close_factory) as gpiozero:
            return gpiozero.Button(
                pin, pull_up=True, bounce_time=bounce_time_s, pin_factory=self._factory
            )

    def _before_watching(self) -> None:
        """Runs once the pin is set up and before its state is read (the mock shuts its door)."""

    @property
    def is_open(self) -> bool:
        """True while the door stands open (as last accepted past the debounce)."""
        return self._open

    @property
    def open_for_s(self) -> float:
        """How long the door has stood open so far, by the door's clock; 0.0 when shut."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self._clock() - self._opened_at)

    @property
    def openings(self) -> int:
        """How many times the door has opened since this started watching it."""
        return self._openings

    @property
    def last_open_s(self) -> float | None:
        """How long the door stood open the last time it was shut; None until then."""
        return self._last_open_s

    @property
    def pin(self) -> Any:
        """The gpiozero pin (tests drive a mock pin high to open the door)."""
        return self._button.pin

    @property
    def pin_factory(self) -> Any:
        """The gpiozero pin factory the switch runs on."""
        return self._factory

    @property
    def backend(self) -> Backend:
        """ "mock" when the pin is a gpiozero mock pin, else "gpio"."""
        from gpiozero.pins.mock import MockFactory

        return "mock" if isinstance(self._factory, MockFactory) else "gpio"

    @property
    def closed(self) -> bool:
        """True once close() has been called (the device, not the door: see is_open)."""
        return self._closed

    def _on_edge(self) -> None:
        # gpiozero's callback thread, or the caller's with mock pins.
        self._sync(settling=False)

    def _settle(self) -> None:
        # The timer's thread, once a change held back as bounce has had its window.
        self._sync(settling=True)

    def _sync(self, *, settling: bool) -> None:
        with self._lock:
            if self._closed:
                return
            if settling:
                self._timer = None
            now = self._clock()
            is_open = not self._button.is_pressed
            if is_open == self._open:
                return
            changed_at = self._changed_at
            if not settling and changed_at is not None and now - changed_at < self._debounce_s:
                logger.debug("door edge %.3f s after the last change: bounce", now - changed_at)
                if self._timer is None:
                    self._timer = threading.Timer(self._debounce_s, self._settle)
                    self._timer.daemon = True
                    self._timer.start()
                return
            self._accept(is_open, now)

    def _accept(self, is_open: bool, now: float) -> None:
        self._open = is_open
        self._changed_at = now
        try:
            if is_open:
                self._opened_at = now
                self._openings += 1
                if self.when_opened is not None:
                    self.when_opened()
                return
            opened_at = now if self._opened_at is None else self._opened_at
            self._opened_at = None
            self._last_open_s = max(0.0, now - opened_at)
            if self.when_closed is not None:
                self.when_closed(self._last_open_s)
        except Exception:
            # An exception here would end gpiozero's callback thread and every later
            # door event with it; log it and keep watching the door.
            logger.exception("the door's %s callback failed", "open" if is_open else "close")

    def _close_factory(self) -> None:
        if self._owns_factory and self._factory is not None:
            self._factory.close()

    def close(self) -> None:
        """Release the pin and stop the settle timer. Safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        self._button.close()
        self._close_factory()

    def _check_open(self) -> None:
        if self._closed:
            raise DeviceClosed(f"{self!r} is closed")

    def __repr__(self) -> str:
        if self._closed:
            return "<FridgeDoor closed>"
        state = "open" if self._open else "shut"
        return (
            f"<{type(self).__name__} pin={self.pin_spec!r} backend={self.backend!r} {state}"
            f" openings={self._openings} debounce_ms={self.debounce_ms}>"
        )


class MockFridgeDoor(FridgeDoor):
    """A FridgeDoor on its own gpiozero MockFactory, shut at the start, opened by hand."""

    def __init__(self, pin: PinSpec = DEFAULT_DOOR_PIN, **options: Any) -> None:
        try:
            from gpiozero.pins.mock import MockFactory
        except ImportError as error:  # pragma: no cover - gpiozero is in the kiosk extra
            raise BackendUnavailable(f"gpiozero is not installed: {error}") from error
        super().__init__(pin, pin_factory=MockFactory(), owns_factory=True, **options)

    def _before_watching(self) -> None:
        # The pull-up leaves a mock pin high (open); a fridge on a laptop starts shut.
        self._button.pin.drive_low()

    def open_door(self) -> None:
        """Open the door: the magnet moves away and the pull-up takes the pin high."""
        self._check_open()
        self._button.pin.drive_high()

    def shut_door(self) -> None:
        """Shut the door: the magnet closes the contact and pulls the pin low."""
        self._check_open()
        self._button.pin.drive_low()


def build_fridge_door(
    backend: Backend | None = None,
    pin: PinSpec = DEFAULT_DOOR_PIN,
    *,
    debounce_ms: int = DEFAULT_DOOR_DEBOUNCE_MS,
    clock: Callable[[], float] = time.monotonic,
) -> FridgeDoor:
    """The door switch for `backend` (None: default_backend()): "gpio" on gpiozero's
    default pin factory (lgpio on a Pi), "mock" a MockFridgeDoor on its own mock pins."""
    if backend is None:
        backend = default_backend()
    if backend == "gpio":
        return FridgeDoor(pin, debounce_ms=debounce_ms, clock=clock)
    if backend == "mock":
        return MockFridgeDoor(pin, debounce_ms=debounce_ms, clock=clock)
    raise HardwareConfigError(f"unknown door backend {backend!r}: use 'gpio' or 'mock'")


__all__ = [
    "DEFAULT_DOOR_DEBOUNCE_MS",
    "DEFAULT_DOOR_PIN",
    "FridgeDoor",
    "MockFridgeDoor",
    "build_fridge_door",
]
