"""The real hub under uvicorn, as its own process: `python -m bench.hub_server`.

Settings come from STORYWALL_* variables exactly as in production, and the app is
built by the same factory `storywall hub` gives uvicorn. uvicorn binds
127.0.0.1 at the port given as the only argument itself, as `storywall hub` does with
one worker (a socket handed in with `sockets=` stalled every keep-alive request by
~40 ms when it was made without IPPROTO_TCP: asyncio then leaves Nagle's algorithm
on; see cli/worker_sockets.py). bench.common.Hub starts it through server.launch
and waits for /healthz.

With BENCH_HUB_PROFILE=<file> the whole server runs under cProfile and the stats
are written to <file> when it is stopped (SIGINT/SIGTERM): the hub's hot path as
it runs behind a real socket. cProfile sees only the event loop's thread; the
sync endpoint runs in a worker thread, so profile `server.services.ingest` in-process too.
"""

from __future__ import annotations

import cProfile
import os
import sys

import uvicorn

HOST = "127.0.0.1"
PROFILE_ENV = "BENCH_HUB_PROFILE"


def main(argv: list[str]) -> int:
    config = uvicorn.Config(
        "cli.hub_worker:create_app",
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
