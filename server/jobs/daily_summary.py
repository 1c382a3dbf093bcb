"""The daily summary job: after each fridge's local midnight, the day that ended
(server/services/daily_summary.py). Due every few minutes, so a summary follows
midnight closely in every timezone; a run with nothing new to write costs one key
lookup (and one count per day without a summary yet) per fridge."""

from __future__ import annotations

from server.jobs.registry import Job, JobContext, register_job
from server.services.daily_summary import write_daily_summaries

EVERY_S = 300.0


def run(context: JobContext) -> None:
    """Write the summaries of the local days that ended."""
    write_daily_summaries(context.engine, context.now_ms)


JOB = register_job(Job(name="daily_summary", every_s=EVERY_S, run=run))
