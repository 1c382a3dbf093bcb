"""The hardware layer's exceptions: one hierarchy, so callers can catch HardwareError."""

from __future__ import annotations


class HardwareError(Exception):
    """Something went wrong between the kiosk and its devices."""


class HardwareConfigError(HardwareError, ValueError):
    """Pins or options given to a device do not make sense together."""


class BackendUnavailable(HardwareError):
    """The requested backend cannot run on this machine (no GPIO, missing library)."""


class DeviceClosed(HardwareError):
    """A device was used after close()."""


class UnknownButton(HardwareError, IndexError):
    """A button index outside the panel."""
