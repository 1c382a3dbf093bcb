"""`storywall hub` as an operator runs it: its log, and its worker processes.

Each test runs the real command (`python -m cli hub`) on a free loopback port with
a data folder in tmp_path, through server.launch, and reads what an operator would
read: the log it wrote, the processes left, whether the port can be used again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
import pytest

from cli.hub_worker import die_with_parent
from server.launch import HubProcess, HubStartError, free_port

ROOT = Path(__file__).resolve().parents[1]
RESTART_WITHIN_S = 60.0
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process table in /proc"
)


def _hub(tmp_path: Path, port: int, *options: str, log: str = "hub.log") -> HubProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}
    return HubProcess(
        [sys.executable, "-m", "cli", "hub", "--port", str(port),
         "--data-dir", str(tmp_path / "data"), *options],
        url=f"http://127.0.0.1:{port}",
        log=tmp_path / log,
        env=env,
        cwd=ROOT,
        start_timeout_s=60.0,
    )  # fmt: skip


def test_the_access_log_keeps_no_credentials(tmp_path: Path) -> None:
    hub = _hub(tmp_path, free_port())
    hub.start()
    try:
        with httpx.Client(base_url=hub.url, timeout=10) as client:
            assert client.get("/healthz", params={"token": "sw_k_InTheQuery"}).status_code == 200
            client.get("/api/v1/kiosk/config", params={"token": "plain-secret-value", "site": "x"})
            client.get("/api/v1/kiosk/config", headers={"Authorization": "Bearer sw_k_InTheHeader"})
            client.get("/sw_k_InThePath")
            client.get("/wall.json", params={"password": "hunter2"})
    finally:
        hub.stop()  # graceful: every handler has flushed
    logged = hub.log.read_text(encoding="utf-8")
    # The requests were logged (the access log is on), with their paths ...
    assert '"GET /healthz HTTP/1.1" 200' in logged, logged
    assert '"GET /api/v1/kiosk/config HTTP/1.1" 401' in logged, logged
    assert '"GET /wall.json HTTP/1.1" 200' in logged, logged
    # ... and no credential, wherever it was put.
    for secret in ("sw_k_InTheQuery", "plain-secret-value", "sw_k_InTheHeader",
                   "sw_k_InThePath", "hunter2"):  # fmt: skip
        assert secret not in logged, logged


def _children(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (zombies count as gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the ')'.
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextlib.contextmanager
def _reaping(pids: list[int]) -> Iterator[None]:
    """On the way out, SIGKILL whichever of `pids` still runs (left by a failing test)."""
    try:
        yield
    finally:
        for pid in pids:
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


@linux_only
def test_workers_do_not_outlive_a_killed_parent(tmp_path: Path) -> None:
    port = free_port()
    first = _hub(tmp_path, port, "--workers", "2", log="first.log")
    first.start()
    assert first.pid is not None
    workers = _children(first.pid)
    assert len(workers) >= 2, workers  # two workers (and multiprocessing's resource tracker)
    with _reaping(workers):
        first.kill()  # SIGKILL: the parent gets no chance to stop its workers

        # A new hub on the same port starts once the old workers are gone.
        second = _hub(tmp_path, port, log="second.log")
        deadline = time.monotonic() + RESTART_WITHIN_S
        while True:
            try:
                second.start()
                break
            except HubStartError as error:
                if time.monotonic() > deadline:
                    raise AssertionError(f"no new hub on port {port}: {error}") from error
                time.sleep(0.5)
        try:
            assert httpx.get(f"{second.url}/healthz", timeout=10).status_code == 200
        finally:
            second.stop()
        # Every process the first hub started ends (multiprocessing's resource
        # tracker once the last worker has closed its pipe).
        deadline = time.monotonic() + RESTART_WITHIN_S
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in workers if _alive(pid)] == []


def _child_with_watchdog(ready: Connection) -> None:  # pragma: no cover
    die_with_parent(use_prctl=False)
    ready.send(os.getpid())
    time.sleep(600)


PARENT = """
import multiprocessing, sys, time
from tests.test_hub_process import _child_with_watchdog

if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    context.Process(target=_child_with_watchdog, args=(send,)).start()
    print(receive.recv(), flush=True)
    time.sleep(600)
"""


@linux_only
def test_the_watchdog_ends_a_worker_where_prctl_is_missing(tmp_path: Path) -> None:
    # The path taken on systems without prctl: a thread waiting on the parent.
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    with _reaping([child]):
        assert _alive(child)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + RESTART_WITHIN_S
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child)
    parent.stdout.close()


def test_die_with_parent_does_nothing_outside_multiprocessing() -> None:
    # `storywall hub` with one worker serves in its own process: nothing to arm.
    assert die_with_parent() is False
