"""The food-safety job: every minute, judge the fridges whose readings moved.

The work is server/services/food_safety_episodes.py; the rule is
server/services/food_safety.py. A run is safe to repeat: episodes, alerts and
updates are keyed, so a rerun over the same events writes nothing new.
"""

from __future__ import annotations

from server.jobs.registry import Job, JobContext, register_job
from server.services.food_safety_episodes import evaluate_fridges

EVERY_S = 60.0


def run(context: JobContext) -> None:
    """Evaluate the fridges that need it, as of the hub's now."""
    evaluate_fridges(context.engine, context.now_ms)


FOOD_SAFETY_JOB = register_job(Job(name="food_safety", every_s=EVERY_S, run=run, lease_s=300.0))
