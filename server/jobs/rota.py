"""The rota job: every minute, slots for the coming days, checks matched to their
slots, and missed slots flagged to the organisers (server/services/rota_checks.py)."""

from __future__ import annotations

from server.jobs.registry import Job, JobContext, register_job
from server.services.rota_checks import run_rota


def _run(context: JobContext) -> None:
    run_rota(context.engine, context.now_ms)


ROTA_JOB = register_job(Job(name="rota", every_s=60.0, run=_run, lease_s=120.0))
