"""Setting up gpiozero devices, with gpiozero's failures in this package's words.

Every device here (the button panel, the shutdown button, the fridge door) builds its
gpiozero parts the same way: gpiozero imported lazily (a laptop without it still runs
the mock backends), no pin factory -> BackendUnavailable, a bad pin -> HardwareConfigError,
and whatever was set up so far released first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from hardware.errors import BackendUnavailable, HardwareConfigError


@contextmanager
def gpio_setup(what: str, release: Callable[[], None]) -> Iterator[Any]:
    """The gpiozero module, for setting up `what` (e.g. "the door switch") in the block;
    a failure there calls `release` and is raised as this package's error."""
    try:
        import gpiozero
        from gpiozero.exc import BadPinFactory, GPIOZeroError
    except ImportError as error:  # pragma: no cover - gpiozero is in the kiosk extra
        raise BackendUnavailable(f"gpiozero is not installed: {error}") from error
    try:
        yield gpiozero
    except BadPinFactory as error:
        release()
        raise BackendUnavailable(
            f"no GPIO pin factory on this machine ({error}); use the 'mock' backend"
        ) from error
    except (GPIOZeroError, ValueError) as error:
        release()
        raise HardwareConfigError(f"cannot set up {what}: {error}") from error
