"""Deliver the due rows of the outbound queue, one at a time, each under a lease.

For each row: claim it (a short transaction), send it with no transaction open,
then settle it (another short transaction). The hub's "now" moves on with the real
time spent sending, so leases and back-off are measured from when a send ended.
A run stops taking rows after its budget, so it ends well within its job's lease.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine

from server.publish import DeliveryFailed
from server.publish.publishers import Publisher, idempotency_key
from server.publish.queue import claim_next, mark_delivered, mark_failed_attempt

log = logging.getLogger(__name__)

BUDGET_S = 60.0


@dataclass
class DeliveryReport:
    """What one run did, by row id."""

    delivered: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def deliver_due(
    engine: Engine,
    publishers: dict[str, Publisher],
    *,
    holder: str,
    now_ms: int,
    budget_s: float = BUDGET_S,
    rng: random.Random | None = None,
) -> DeliveryReport:
    """Send every due row of the configured `publishers` (within `budget_s`)."""
    report = DeliveryReport()
    started = time.monotonic()

    def now() -> int:
        return now_ms + int((time.monotonic() - started) * 1000)

    names = sorted(publishers)
    while time.monotonic() - started < budget_s:
        claimed = claim_next(engine, publishers=names, holder=holder, now_ms=now())
        if claimed is None:
            break
        key = idempotency_key(claimed.publisher, claimed.key)
        try:
            publishers[claimed.publisher].send(claimed.payload, key, now())
        except Exception as caught:
            # A fault of ours (a document the publisher cannot read) backs off and is
            # given up like a receiver's, rather than leaving the row leased.
            if isinstance(caught, DeliveryFailed):
                error = caught
            else:
                log.exception("outbound %s row %d: internal error", claimed.publisher, claimed.id)
                error = DeliveryFailed(f"internal error: {type(caught).__name__}")
            gave_up = mark_failed_attempt(
                engine,
                claimed,
                holder=holder,
                now_ms=now(),
                error=error.reason,
                permanent=error.permanent,
                retry_after_s=error.retry_after_s,
                rng=rng,
            )
            (report.failed if gave_up else report.retrying).append(claimed.id)
            log.log(
                logging.WARNING if gave_up else logging.INFO,
                "outbound %s row %d attempt %d: %s%s",
                claimed.publisher,
                claimed.id,
                claimed.attempts,
                error.reason,
                "; given up" if gave_up else "; will retry",
            )
            continue
        mark_delivered(engine, claimed, holder=holder, now_ms=now())
        report.delivered.append(claimed.id)
    return report
