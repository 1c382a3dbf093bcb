"""The hub's background jobs: one table of periodic work, run once per due time.

A job is registered once (at import, like an event kind) with how often it is due.
Every hub process runs the same loop (server/jobs/runner.py); before running a job
a process takes its lease in the database with one conditional UPDATE, so with
several workers, or several hubs on one PostgreSQL, a due run happens once, and a
process that dies mid-run frees the job when its lease runs out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine

from server.core.config import Settings


@dataclass(frozen=True)
class JobContext:
    """What a run gets: the database, the hub's settings and the hub's "now"."""

    engine: Engine
    settings: Settings
    now_ms: int


@dataclass(frozen=True)
class Job:
    """Work due every `every_s` seconds. `run` must be safe to repeat: a run cut
    short by a crash is run again, whole, by the next process to take the lease."""

    name: str
    every_s: float
    run: Callable[[JobContext], None]
    # How long a run may take before another process may assume it died.
    lease_s: float = 300.0


_JOBS: dict[str, Job] = {}


def register_job(job: Job) -> Job:
    """Add a job to the table; a name is registered once."""
    held = _JOBS.get(job.name)
    if held is not None and held is not job:
        raise ValueError(f"job {job.name!r} is already registered")
    _JOBS[job.name] = job
    return job


def unregister_job(name: str) -> None:
    """Remove a job (for tests that add one of their own)."""
    _JOBS.pop(name, None)


def jobs() -> Mapping[str, Job]:
    """Every registered job by name."""
    return dict(_JOBS)
