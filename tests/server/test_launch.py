"""server.launch: start a hub process, wait for /healthz, stop it, say why it died.

The processes here are small stand-ins written with the standard library (a
/healthz server that may ignore SIGTERM, a process that dies at once, one that
never answers), so each behaviour of the launcher is seen on its own; the real
hub runs under it in tests/test_cli.py, tests/test_hub_process.py and tests/chaos.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from server.launch import HubProcess, HubStartError, free_port, healthy, port_free

# A stand-in hub: answers 200 on /healthz; with "stubborn", ignores SIGTERM.
FAKE_HUB = """
import signal, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()
    def log_message(self, *args):
        pass

if "stubborn" in sys.argv:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("fake hub listening", flush=True)
HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
"""


def _fake_hub(tmp_path: Path, *extra: str, stop_timeout_s: float = 10.0) -> HubProcess:
    port = free_port()
    return HubProcess(
        [sys.executable, "-c", FAKE_HUB, str(port), *extra],
        url=f"http://127.0.0.1:{port}",
        log=tmp_path / "hub.log",
        stop_timeout_s=stop_timeout_s,
    )


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_start_waits_for_healthz_and_stop_is_idempotent(tmp_path: Path) -> None:
    hub = _fake_hub(tmp_path)
    hub.start()
    pid = hub.pid
    assert pid is not None
    assert healthy(hub.url)
    assert hub.running
    assert hub.stop() == -signal.SIGTERM
    assert _gone(pid)
    assert not healthy(hub.url)
    assert hub.stop() is None
    assert hub.kill() is None
    # Started again: same command, same port.
    with hub:
        assert healthy(hub.url)
    assert hub.starts == 2
    assert port_free(int(hub.url.rsplit(":", 1)[1]))


def test_stop_falls_back_to_sigkill(tmp_path: Path) -> None:
    hub = _fake_hub(tmp_path, "stubborn", stop_timeout_s=0.5)
    hub.start()
    assert hub.stop() == -signal.SIGKILL


def test_kill_is_sigkill_and_the_hub_comes_back(tmp_path: Path) -> None:
    hub = _fake_hub(tmp_path)
    hub.start()
    assert hub.kill() == -signal.SIGKILL
    assert hub.kill() is None
    hub.start()
    try:
        assert healthy(hub.url)
    finally:
        hub.stop()


def test_a_hub_that_dies_at_start_up_is_reported_with_its_log(tmp_path: Path) -> None:
    crash = "import sys; print('settings: STORYWALL_ENV must be development'); sys.exit(3)"
    log = tmp_path / "logs" / "hub.log"
    log.parent.mkdir()
    log.write_text("an earlier run's line\n")
    hub = HubProcess([sys.executable, "-c", crash], url=f"http://127.0.0.1:{free_port()}", log=log)
    with pytest.raises(HubStartError) as caught:
        hub.start()
    message = str(caught.value)
    assert "exited with code 3" in message
    assert "STORYWALL_ENV must be development" in message
    assert str(log) in message
    assert "an earlier run" not in message  # only what this start wrote
    assert not hub.running


def test_a_hub_that_never_answers_is_stopped_after_the_timeout(tmp_path: Path) -> None:
    silent = "import time; print('starting, slowly', flush=True); time.sleep(600)"
    hub = HubProcess(
        [sys.executable, "-c", silent],
        url=f"http://127.0.0.1:{free_port()}",
        log=tmp_path / "hub.log",
        start_timeout_s=0.5,
    )
    with pytest.raises(HubStartError, match="did not answer") as caught:
        hub.start()
    assert "starting, slowly" in str(caught.value)
    assert hub.process is None  # killed and reaped, nothing left behind


def test_start_twice_is_refused(tmp_path: Path) -> None:
    hub = _fake_hub(tmp_path)
    hub.start()
    try:
        with pytest.raises(HubStartError, match="already running"):
            hub.start()
    finally:
        hub.stop()


def test_a_port_in_use_is_refused_before_starting(tmp_path: Path) -> None:
    # Another server on the port would answer /healthz for a hub that failed to bind.
    other = _fake_hub(tmp_path)
    other.start()
    try:
        hub = HubProcess(
            [sys.executable, "-c", "raise SystemExit('never started')"],
            url=other.url,
            log=tmp_path / "second.log",
        )
        with pytest.raises(HubStartError, match="already in use"):
            hub.start()
        assert hub.starts == 0
        assert not hub.log.exists()
    finally:
        other.stop()
