"""`storywall hub --workers N` as an operator runs it, on any database, for the benchmarks.

The command is the real one (`python -m cli hub`): it migrates the database, then
uvicorn serves cli.hub_worker:create_app, itself (one worker) or from N spawned
worker processes sharing the listening socket. The database (a SQLite file or a
PostgreSQL database) is seeded first through bench.common.seed_hub, as for every
other hub figure. `cpu_seconds()` adds up the CPU time of the hub's processes
(parent and workers) from /proc, for the per-core figures.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from bench import cpu_time
from bench.common import HUB_START_TIMEOUT_S, PROJECT_ROOT, Seeded, seed_hub
from server.launch import HubProcess, free_port
from storywall.closing import ClosesOnExit


class ServedHub(ClosesOnExit):
    """The hub on `database_url` with `workers` processes, at `self.url`, until close()."""

    def __init__(self, database_url: str, *, workers: int, data_dir: Path) -> None:
        self.database_url = database_url
        self.workers = workers
        self.seeded: Seeded = seed_hub(database_url)
        # Only what the flags say: a STORYWALL_* of the caller's shell must not leak in.
        env = {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}
        env["STORYWALL_ENV"] = "development"
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        data_dir.mkdir(parents=True, exist_ok=True)
        self._process = HubProcess(
            [sys.executable, "-m", "cli", "hub", "--port", str(port),
             "--workers", str(workers), "--database-url", database_url,
             "--data-dir", str(data_dir)],
            url=self.url,
            log=data_dir / "hub.log",
            env=env,
            cwd=PROJECT_ROOT,
            start_timeout_s=HUB_START_TIMEOUT_S,
            stop_timeout_s=30.0,
        )  # fmt: skip
        self._process.start()

    def wait_for_workers(self, timeout_s: float = HUB_START_TIMEOUT_S) -> None:
        """Return once every worker process exists (the first one up answers /healthz)."""
        deadline = time.monotonic() + timeout_s
        # With one worker uvicorn serves in the `storywall hub` process itself.
        wanted = 1 if self.workers == 1 else 1 + self.workers
        while len(self.processes()) < wanted:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.workers} workers did not start within {timeout_s:g} s")
            time.sleep(0.1)

    def processes(self) -> list[int]:
        """The pids of the hub: the `storywall hub` process and its workers."""
        pid = self._process.pid
        return [] if pid is None else cpu_time.descendants(pid)

    def cpu_seconds(self) -> float:
        """CPU seconds the hub's processes have used so far."""
        return cpu_time.cpu_seconds(self.processes())

    def close(self) -> None:
        self._process.stop()
