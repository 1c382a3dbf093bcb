"""The publish job: queue news updates and alert digests, then deliver what is due.

Every 10 s. Enqueueing happens here, never in a request (server/publish/news.py);
delivery holds no transaction open across a network call (server/publish/deliver.py).
Settled rows are deleted after 30 days. With no publisher or channel configured it
does nothing.
"""

from __future__ import annotations

import uuid

from server.jobs.registry import Job, JobContext, register_job
from server.jobs.runner import holder_name
from server.publish.deliver import BUDGET_S, deliver_due
from server.publish.digests import enqueue_digest
from server.publish.news import enqueue_news
from server.publish.publishers import configured
from server.publish.queue import prune

EVERY_S = 10.0


def run(context: JobContext) -> None:
    """One pass: enqueue, then deliver within the budget."""
    settings = context.settings
    publishers = configured(settings)
    if not publishers:
        return
    names = sorted(publishers)
    enqueue_news(
        context.engine, publishers=names, public_url=settings.public_url, now_ms=context.now_ms
    )
    enqueue_digest(
        context.engine,
        channels=names,
        public_url=settings.public_url,
        every_ms=settings.alert_digest_minutes * 60_000,
        now_ms=context.now_ms,
    )
    # A holder per run: a run's own leases are told apart from an earlier run's.
    holder = f"{holder_name()}:{uuid.uuid4().hex[:8]}"
    deliver_due(context.engine, publishers, holder=holder, now_ms=context.now_ms)
    prune(context.engine, now_ms=context.now_ms)


# The lease outlasts the delivery budget plus one send's worst case.
JOB = register_job(Job(name="publish", every_s=EVERY_S, run=run, lease_s=BUDGET_S + 120.0))
