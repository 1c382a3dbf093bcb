"""Run the due background jobs: once per call (`run_due_jobs`), or in a loop beside
the hub's requests (`job_loop`, started by create_app's lifespan when
`background_jobs` is on)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable, Collection

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from server.core.config import Settings
from server.jobs.leases import give_back, take_lease
from server.jobs.registry import JobContext, jobs

log = logging.getLogger(__name__)

# How often a hub process looks for due jobs.
TICK_S = 5.0


def holder_name() -> str:
    """Who holds a lease, for the log: host and process id."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def run_due_jobs(
    engine: Engine,
    settings: Settings,
    now_ms: int,
    holder: str,
    *,
    only: Collection[str] | None = None,
) -> list[str]:
    """Run every registered job (or those named in `only`) that is due and not held
    elsewhere; the names run.

    A job that raises is logged and given back unfinished, so it is due again at
    once; the others still run."""
    ran: list[str] = []
    for job in jobs().values():
        if only is not None and job.name not in only:
            continue
        every_ms, lease_ms = int(job.every_s * 1000), int(job.lease_s * 1000)
        if not take_lease(
            engine,
            name=job.name,
            holder=holder,
            now_ms=now_ms,
            every_ms=every_ms,
            lease_ms=lease_ms,
        ):
            continue
        finished = False
        try:
            job.run(JobContext(engine=engine, settings=settings, now_ms=now_ms))
            finished = True
            ran.append(job.name)
        except Exception:
            log.exception("background job %s failed; it will be tried again", job.name)
        finally:
            give_back(engine, name=job.name, holder=holder, now_ms=now_ms, finished=finished)
    return ran


async def job_loop(engine: Engine, settings: Settings, clock: Callable[[], int]) -> None:
    """Every TICK_S, run the due jobs in a worker thread, until cancelled."""
    holder = holder_name()
    while True:
        await asyncio.sleep(TICK_S)
        if not jobs():
            continue
        try:
            await run_in_threadpool(run_due_jobs, engine, settings, clock(), holder)
        except Exception:  # the database away for a moment: try at the next tick
            log.exception("background jobs could not run")
