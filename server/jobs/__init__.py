"""Background jobs (registry.py); importing the package registers the built-in ones.

A job module lives beside this file (server/jobs/<name>.py), imports
`server.jobs.registry` (never this package) and registers its job at import; it is
listed in the import at the bottom."""

from server.jobs.registry import Job, JobContext, jobs, register_job, unregister_job
from server.jobs.runner import job_loop, run_due_jobs

__all__ = [
    "Job",
    "JobContext",
    "job_loop",
    "jobs",
    "register_job",
    "run_due_jobs",
    "unregister_job",
]

# The built-in jobs, one module each (after the names above, which they do not import).
from server.jobs import (  # noqa: F401
    chart_rollup,
    daily_summary,
    food_safety,
    kiosk_silence,
    publish,
    rota,
)
