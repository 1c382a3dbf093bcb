"""Start a hub in its own process, wait until it answers /healthz, stop it again.

One helper for everything that runs a hub beside itself: `storywall demo`, the
benchmarks and the tests that SIGKILL a hub and start it again. It knows nothing of
how the hub is started (the command is the caller's: `python -m cli hub ...`, a bench
server, a test entry point), only how to tell that it is up, what to say when it dies
during start-up (the tail of its log), and how to stop it so nothing is left behind.

Standard library only, so it can be imported wherever the hub itself can.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

from server.errors import HubError

HOST = "127.0.0.1"
DEFAULT_START_TIMEOUT_S = 30.0
DEFAULT_STOP_TIMEOUT_S = 10.0
_PROBE_TIMEOUT_S = 1.0
_POLL_S = 0.05
LOG_TAIL_LINES = 20


class HubStartError(HubError):
    """The hub process died during start-up or did not answer /healthz in time."""


def free_port(host: str = HOST) -> int:
    """A TCP port nothing listens on right now (the hub binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def port_free(port: int, host: str = HOST) -> bool:
    """True when a server could bind `host:port` now, as uvicorn binds it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME-WAIT by an earlier hub is free to reuse.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def healthy(url: str, timeout: float = _PROBE_TIMEOUT_S) -> bool:
    """True when `url`/healthz answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=timeout) as answer:  # noqa: S310 - our own http URL
            return int(answer.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def log_tail(path: Path, *, since: int = 0, lines: int = LOG_TAIL_LINES) -> str:
    """The last `lines` lines of `path` written after byte offset `since` ("" if none)."""
    try:
        with path.open("rb") as log:
            log.seek(since)
            text = log.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class HubProcess:
    """One hub process at a time, from `command`, answering at `url`.

    `start()` runs the command with its output appended to `log`, and returns once
    `url`/healthz answers 200; it raises HubStartError (with the log's tail) when
    the process exits first or `start_timeout_s` passes. `stop()` sends `stop_signal`
    (SIGTERM: uvicorn shuts down gracefully), then SIGKILL after `stop_timeout_s`;
    `kill()` sends SIGKILL at once (a power cut, as far as the hub knows). Both are
    idempotent, and `start()` may be called again afterwards: same command, same
    port, same log.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        url: str,
        log: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        start_timeout_s: float = DEFAULT_START_TIMEOUT_S,
        stop_timeout_s: float = DEFAULT_STOP_TIMEOUT_S,
        stop_signal: signal.Signals = signal.SIGTERM,
    ) -> None:
        self.command = list(command)
        self.url = url.rstrip("/")
        self.log = log
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.start_timeout_s = start_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self.stop_signal = stop_signal
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._log_start = 0

    @property
    def pid(self) -> int | None:
        """The running process's id, or None."""
        return None if self.process is None else self.process.pid

    @property
    def running(self) -> bool:
        """True while the process started last has not exited."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process and wait until it is healthy (or raise HubStartError)."""
        if self.running:
            raise HubStartError(f"the hub at {self.url} is already running")
        self._reap()
        address = urllib.parse.urlsplit(self.url)
        host, port = address.hostname or HOST, address.port
        # Whatever already answers there would pass for the new hub's /healthz.
        if port is not None and not port_free(port, host):
            raise HubStartError(f"{host}:{port} is already in use")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self._log_start = log.tell()
            self.process = subprocess.Popen(  # noqa: S603 - the caller's own command
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        try:
            self._wait_healthy()
        except BaseException:
            self.kill()
            raise

    def _wait_healthy(self) -> None:
        process = self.process
        assert process is not None
        deadline = time.monotonic() + self.start_timeout_s
        while True:
            code = process.poll()
            if code is not None:
                raise HubStartError(self._describe(f"the hub exited with code {code} at start-up"))
            if healthy(self.url) and process.poll() is None:
                return
            if time.monotonic() > deadline:
                raise HubStartError(
                    self._describe(
                        f"the hub did not answer {self.url}/healthz "
                        f"within {self.start_timeout_s:g} s"
                    )
                )
            time.sleep(_POLL_S)

    def _describe(self, what: str) -> str:
        tail = log_tail(self.log, since=self._log_start)
        if not tail:
            return f"{what} (nothing in {self.log})"
        indented = "\n".join(f"  {line}" for line in tail.splitlines())
        return f"{what}; the end of {self.log}:\n{indented}"

    def tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last lines the process started last has written to its log."""
        return log_tail(self.log, since=self._log_start, lines=lines)

    def stop(self) -> int | None:
        """Stop gracefully (stop_signal, then SIGKILL); return the exit code, if any."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            try:
                process.send_signal(self.stop_signal)
                process.wait(timeout=self.stop_timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
            except ProcessLookupError:  # it ended between poll() and the signal
                pass
        return self._reap()

    def kill(self) -> int | None:
        """SIGKILL at once (no shutdown, no checkpoint); return the exit code, if any."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended after poll()
                os.kill(process.pid, signal.SIGKILL)
        return self._reap()

    def _reap(self) -> int | None:
        process, self.process = self.process, None
        if process is None:
            return None
        return process.wait()

    def __enter__(self) -> HubProcess:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid={self.pid}" if self.running else "stopped"
        return f"<HubProcess {self.url} {state} starts={self.starts}>"
