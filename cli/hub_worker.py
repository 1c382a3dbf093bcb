"""The app factory `storywall hub` gives uvicorn: the hub, in a worker that dies with its parent.

With `--workers N`, uvicorn's parent process binds the port and hands the socket
to N spawned workers. When the parent is SIGKILLed (kill -9, the OOM killer, a
stop that timed out), nothing tells the workers: they keep serving the inherited
socket, and the next `storywall hub` fails with "address already in use". So each
worker, before it builds the app, arranges to get SIGTERM (uvicorn's graceful
stop) when its parent dies: Linux's prctl(PR_SET_PDEATHSIG) where there is one,
a thread waiting on the parent's multiprocessing sentinel elsewhere.

With one worker uvicorn serves in the `storywall hub` process itself, which has
no multiprocessing parent, and nothing is armed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from fastapi import FastAPI

log = logging.getLogger(__name__)

# From <linux/prctl.h>.
PR_SET_PDEATHSIG = 1


def create_app() -> FastAPI:
    """uvicorn's factory for `storywall hub`: arm die_with_parent, build the hub, settle
    the collector for serving (server/core/heap.py)."""
    die_with_parent()
    from server.app import create_app as create_hub_app
    from server.core.heap import settle_for_serving

    app = create_hub_app()
    settle_for_serving()
    return app


def die_with_parent(sig: signal.Signals = signal.SIGTERM, *, use_prctl: bool = True) -> bool:
    """In a multiprocessing child, get `sig` when the parent process dies.

    Returns False (and does nothing) in a process that multiprocessing did not
    start. `use_prctl=False` forces the watchdog thread (the path taken where
    prctl does not exist), so both paths can be tried on Linux.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return False
    if not (use_prctl and _set_pdeathsig(sig)):
        _watch_parent(parent, sig)
    # The parent may have died before the request above: nothing would come then.
    if not parent.is_alive():
        os.kill(os.getpid(), sig)
    return True


def _set_pdeathsig(sig: signal.Signals) -> bool:
    # Linux sends the signal when the parent *thread* that started this process
    # ends; uvicorn starts (and restarts) its workers from the main thread, which
    # lives as long as the parent process does.
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return False
    if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        log.warning("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(ctypes.get_errno()))
        return False
    return True


def _watch_parent(parent: BaseProcess, sig: signal.Signals) -> None:
    def watch() -> None:
        # The sentinel becomes ready when the parent process ends, however it ends.
        multiprocessing.connection.wait([parent.sentinel])
        log.warning("parent process %s ended; stopping this worker", parent.pid)
        os.kill(os.getpid(), sig)

    threading.Thread(target=watch, name="storywall-parent-watch", daemon=True).start()
