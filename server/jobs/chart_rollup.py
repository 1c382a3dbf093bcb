"""The charts' rollup job: every minute, count the days pushes marked since (and build
the rollup of any site that has none yet, as after the migration that added it).

The work is server/services/rollup.py. A run is safe to repeat: it recounts from
the raw events and replaces rows, so a rerun writes the same counts.
"""

from __future__ import annotations

from sqlmodel import Session

from server.core.writers import write_lock
from server.jobs.registry import Job, JobContext, register_job
from server.services.rollup import refresh, sites_to_refresh

EVERY_S = 60.0


def run(context: JobContext) -> None:
    """Bring every site's rollup up to date, one transaction per site, so pushes to
    other sites wait at most for one site's recount."""
    with Session(context.engine) as session:
        waiting = sites_to_refresh(session)
    for site_id in waiting:
        with write_lock(context.engine), Session(context.engine) as session:
            refresh(session, now_ms=context.now_ms, site_ids=[site_id])
            session.commit()


CHART_ROLLUP_JOB = register_job(Job(name="chart_rollup", every_s=EVERY_S, run=run, lease_s=600.0))
