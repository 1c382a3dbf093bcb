"""The safe-shutdown button: hold it 3 s and the kiosk shuts down cleanly; a short
press (a curious child) does nothing.

A gpiozero `Button` with `hold_time`: gpiozero's own hold thread calls `when_held`
once the button has been down that long, and `on_shutdown` is called once per
button, however long it is held or however often. Like the emoji buttons it runs on
an injected pin factory (lgpio on a Pi, gpiozero's MockFactory in tests and with the
"mock" backend), and gpiozero is imported only when a button is built.

Example (mock pins)::

    with build_shutdown_button("mock", 26, on_shutdown=halt) as button:
        button.pin.drive_low()     # held for 3 s: halt() is called once
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from hardware.buttons import Backend, PinSpec, default_backend
from hardware.errors import BackendUnavailable, HardwareConfigError
from hardware.gpio import gpio_setup
from storywall.closing import ClosesOnExit

logger = logging.getLogger(__name__)

DEFAULT_HOLD_SECONDS = 3.0


class ShutdownButton(ClosesOnExit):
    """One button that calls `on_shutdown()` once after being held `hold_seconds`."""

    def __init__(
        self,
        pin: PinSpec,
        *,
        hold_seconds: float = DEFAULT_HOLD_SECONDS,
        on_shutdown: Callable[[], object],
        pin_factory: Any = None,
        owns_factory: bool = False,
    ) -> None:
        if hold_seconds <= 0:
            raise HardwareConfigError("hold_seconds must be > 0")
        self.pin_spec = pin
        self.hold_seconds = hold_seconds
        self.on_shutdown = on_shutdown
        self._lock = threading.Lock()
        self._fired = False
        self._closed = False
        self._owns_factory = owns_factory
        self._factory = pin_factory
        with gpio_setup("the shutdown button", self._close_factory) as gpiozero:
            self._button = gpiozero.Button(
                pin, pull_up=True, hold_time=hold_seconds, pin_factory=pin_factory
            )
        if self._factory is None:
            self._factory = self._button.pin_factory
        self._button.when_held = self._held

    @property
    def pin(self) -> Any:
        """The gpiozero pin (tests drive a mock pin low to hold the button)."""
        return self._button.pin

    @property
    def fired(self) -> bool:
        """True once on_shutdown has been called."""
        return self._fired

    @property
    def closed(self) -> bool:
        """True once close() has been called."""
        return self._closed

    def _held(self) -> None:
        # gpiozero's hold thread; only a full hold gets here, never a short press.
        with self._lock:
            if self._fired or self._closed:
                return
            self._fired = True
        logger.warning("shutdown button held %.1f s: shutting down", self.hold_seconds)
        try:
            self.on_shutdown()
        except Exception:
            logger.exception("the shutdown action failed")

    def _close_factory(self) -> None:
        if self._owns_factory and self._factory is not None:
            self._factory.close()

    def close(self) -> None:
        """Release the pin. Safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._button.close()
        self._close_factory()

    def __repr__(self) -> str:
        if self._closed:
            return "<ShutdownButton closed>"
        return (
            f"<ShutdownButton pin={self.pin_spec!r} hold_seconds={self.hold_seconds}"
            f" fired={self._fired}>"
        )


def build_shutdown_button(
    backend: Backend | None,
    pin: PinSpec,
    *,
    on_shutdown: Callable[[], object],
    hold_seconds: float = DEFAULT_HOLD_SECONDS,
) -> ShutdownButton:
    """The shutdown button for `backend` (None: default_backend()): "gpio" on gpiozero's
    default pin factory, "mock" on its own MockFactory."""
    if backend is None:
        backend = default_backend()
    if backend == "gpio":
        return ShutdownButton(pin, hold_seconds=hold_seconds, on_shutdown=on_shutdown)
    if backend == "mock":
        try:
            from gpiozero.pins.mock import MockFactory
        except ImportError as error:  # pragma: no cover - gpiozero is in the kiosk extra
            raise BackendUnavailable(f"gpiozero is not installed: {error}") from error
        return ShutdownButton(
            pin,
            hold_seconds=hold_seconds,
            on_shutdown=on_shutdown,
            pin_factory=MockFactory(),
            owns_factory=True,
        )
    raise HardwareConfigError(f"unknown backend {backend!r}: use 'gpio' or 'mock'")
