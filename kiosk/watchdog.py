"""systemd's service notifications and watchdog, spoken with the standard library.

Under `Type=notify` systemd hands the service NOTIFY_SOCKET (a datagram socket: a path, or
an abstract name written with a leading '@'), and with `WatchdogSec=` also WATCHDOG_USEC
(and WATCHDOG_PID, the process it expects to hear from). The messages are the ones of
sd_notify(3): `READY=1`, `WATCHDOG=1`, `STOPPING=1`, `STATUS=...`.

The kiosk's main loop (the headless loop and the screen loop alike) calls `beat()` once per
turn. The first healthy turn says READY=1: the screen is drawn, the sync thread runs. Later
turns say WATCHDOG=1 at most every half of WATCHDOG_USEC, as sd_watchdog_enabled(3) advises,
and only while every health check passes (the sync thread is alive). A loop that hangs
stops calling beat(), a dead sync thread stops it from sending, and either way systemd
kills the kiosk and restarts it. Outside systemd (no NOTIFY_SOCKET) every call does nothing.

Sending never raises: a watchdog that could crash the kiosk would defeat its purpose.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

logger = logging.getLogger(__name__)

HealthCheck = Callable[[], bool]


def notify_address(env: Mapping[str, str]) -> str | bytes | None:
    """The socket address in NOTIFY_SOCKET, or None when there is none we can use.

    '@name' is Linux's abstract namespace (a leading NUL byte); anything that is neither
    that nor an absolute path (systemd 254's vsock: addresses) is ignored, as sd_notify
    would on a system that does not know it."""
    value = env.get("NOTIFY_SOCKET", "")
    if value.startswith("@") and len(value) > 1:
        return b"\0" + value[1:].encode()
    if value.startswith("/"):
        return value
    return None


def watchdog_interval_s(env: Mapping[str, str], pid: int | None = None) -> float | None:
    """Half of WATCHDOG_USEC in seconds, or None when the watchdog is off or meant for
    another process (WATCHDOG_PID names someone else)."""
    owner = env.get("WATCHDOG_PID")
    if owner and owner != str(os.getpid() if pid is None else pid):
        return None
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec / 2 / 1_000_000 if usec > 0 else None


class Watchdog:
    """One service's notifications to systemd; a no-op when systemd is not listening."""

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        checks: Mapping[str, HealthCheck] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        env = os.environ if env is None else env
        self.address = notify_address(env)
        self.interval_s = watchdog_interval_s(env)
        self._checks = dict(checks or {})
        self._clock = clock
        self._socket: socket.socket | None = None
        self._ready = False
        self._last_beat: float | None = None
        self._failing: str | None = None
        self._send_failed = False
        self.sent = 0

    @property
    def enabled(self) -> bool:
        """True when systemd listens (NOTIFY_SOCKET is set)."""
        return self.address is not None

    def beat(self) -> bool:
        """One turn of the main loop: READY=1 the first time, then WATCHDOG=1 when due.

        Returns True when a message went out. Nothing goes out while a health check fails;
        the failing check is logged once, so the journal says why systemd restarted us."""
        if self.address is None:
            return False
        failing = next((name for name, check in self._checks.items() if not check()), None)
        if failing != self._failing:
            if failing is not None:
                logger.error("%s is not healthy: no longer telling systemd the kiosk is", failing)
            self._failing = failing
        if failing is not None:
            return False
        now = self._clock()
        if not self._ready:
            self._ready = True
            self._last_beat = now
            return self.notify("READY=1", "STATUS=running", "WATCHDOG=1")
        if self.interval_s is None:
            return False
        if self._last_beat is not None and now - self._last_beat < self.interval_s:
            return False
        self._last_beat = now
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        """The kiosk is shutting down on purpose: systemd expects no more beats."""
        return self.notify("STOPPING=1", "STATUS=stopping")

    def notify(self, *lines: str) -> bool:
        """Send `lines` as one datagram; False (logged once) when it cannot be sent."""
        if self.address is None:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(
                    socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC
                )
            self._socket.sendto("\n".join(lines).encode(), self.address)
        except OSError as error:
            if not self._send_failed:
                logger.warning("cannot notify systemd at %r: %s", self.address, error)
                self._send_failed = True
            return False
        self.sent += 1
        return True

    def close(self) -> None:
        """Release the socket; safe to call twice."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __repr__(self) -> str:
        state = "off" if self.address is None else f"every {self.interval_s}s"
        return f"<Watchdog {state} sent={self.sent}>"
