"""The silent-kiosk job: every minute, raise a `kiosk_silent` alert for each kiosk not
heard from for longer than `kiosk_silent_minutes`, and clear those heard from again
(server/services/kiosk_silence.py). Safe to repeat: alerts are keyed per silence."""

from __future__ import annotations

from server.jobs.registry import Job, JobContext, register_job
from server.services.kiosk_silence import check_silence

EVERY_S = 60.0


def run(context: JobContext) -> None:
    """Flag and clear silences as of the hub's now."""
    check_silence(
        context.engine,
        now_ms=context.now_ms,
        silent_minutes=context.settings.kiosk_silent_minutes,
    )


KIOSK_SILENCE_JOB = register_job(Job(name="kiosk_silence", every_s=EVERY_S, run=run, lease_s=120.0))
