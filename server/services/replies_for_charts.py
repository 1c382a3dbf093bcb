"""Where the charts' community-health panel gets "notes answered" and "median time to
an answer": the replies feature's `reply_stats` (server/services/replies.py).

The replies feature lands on its own; until it does, `reply_figures` returns None and
the panel says those two figures are not counted yet. Wiring it is one call here:
`reply_stats(session, site_ids=site_ids, start_ms=start_ms, end_ms=end_ms)`, whose
notes, answered and median_reply_ms are what ReplyFigures holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session


@dataclass(frozen=True)
class ReplyFigures:
    """Notes in the range, how many got a public answer, and the median wait for one."""

    notes: int
    answered: int
    median_reply_ms: int | None


def reply_figures(
    session: Session, *, site_ids: Sequence[int] | None, start_ms: int, end_ms: int
) -> ReplyFigures | None:
    """The replies figures for the sites and range; None while the hub has no replies."""
    return None
