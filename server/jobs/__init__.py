"""Background jobs (registry.py); importing the package registers the built-in ones."""

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
