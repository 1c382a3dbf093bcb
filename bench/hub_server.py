"""The real hub under uvicorn, as its own process: `python -m bench.hub_server`.

Settings come from STORYWALL_* variables exactly as in production, and the app is
built by the same factory `storywall hub` gives uvicorn. uvicorn binds
127.0.0.1 at the port given as the only argument itself, as `storywall hub` does with
one worker (a socket handed in with `sockets=` stalled every keep-alive request by
~40 ms when it was made without IPPROTO_TCP: asyncio then leaves Nagle's algorithm
on; see cli/worker_sockets.py). bench.common.Hub starts it through server.launch
and waits for /healthz.

With BENCH_SERVER_TIMING=1 every response carries `Server-Timing: app;dur=<ms>,
cpu;dur=<ms>`: the time from the request reaching the app to its body being ready, and
the process's CPU time meanwhile, measured inside the hub's process ("server time",
without the client's or the loopback's share; the CPU time is the request's own when
requests come one at a time, and does not grow when other programs load the machine).

With BENCH_HUB_PROFILE=<file> the whole server runs under cProfile and the stats
are written to <file> when it is stopped (SIGINT/SIGTERM): the hub's hot path as
it runs behind a real socket. cProfile sees only the event loop's thread; the
sync endpoint runs in a worker thread, so profile `server.services.ingest` in-process too.
"""

from __future__ import annotations

import cProfile
import os
import sys
import time
from typing import Any

import uvicorn

HOST = "127.0.0.1"
PROFILE_ENV = "BENCH_HUB_PROFILE"
TIMING_ENV = "BENCH_SERVER_TIMING"


class ServerTiming:
    """Adds `Server-Timing: app;dur=<ms>, cpu;dur=<ms>` to each HTTP response: from the
    request's arrival at the app to the body's first byte being handed to the server (so
    it includes all the app's work), and the process's CPU time meanwhile."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, cpu = time.perf_counter(), time.process_time()
        start_message: dict[str, Any] | None = None

        async def timed_send(message: Any) -> None:
            nonlocal start_message
            if message["type"] == "http.response.start":
                start_message = message  # held until the body is ready
                return
            if start_message is not None:
                spent = (time.perf_counter() - started) * 1000
                # The process's CPU in the meantime: the request's own, one at a time.
                used = (time.process_time() - cpu) * 1000
                timing = f"app;dur={spent:.3f}, cpu;dur={used:.3f}"
                headers = [*start_message.get("headers", []), (b"server-timing", timing.encode())]
                await send({**start_message, "headers": headers})
                start_message = None
            await send(message)

        await self.app(scope, receive, timed_send)


def timed_app() -> Any:
    """The factory `storywall hub` uses, with ServerTiming around it."""
    from cli.hub_worker import create_app

    return ServerTiming(create_app())


def main(argv: list[str]) -> int:
    factory = "bench.hub_server:timed_app" if os.environ.get(TIMING_ENV) else None
    config = uvicorn.Config(
        factory or "cli.hub_worker:create_app",
        factory=True,
        host=HOST,
        port=int(argv[0]),
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    profile_path = os.environ.get(PROFILE_ENV)
    profiler = cProfile.Profile() if profile_path else None
    if profiler is not None:
        profiler.enable()
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn re-raises the SIGINT it was stopped with
        pass
    finally:
        if profiler is not None and profile_path:
            profiler.disable()
            profiler.dump_stats(profile_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
