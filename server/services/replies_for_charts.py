"""Where the charts' community-health panel gets "notes answered" and "median time to
an answer": the replies feature's `reply_stats` (server/services/replies.py; its
definitions are in docs/replies.md, "Figures")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from server.services.replies import reply_stats


@dataclass(frozen=True)
class ReplyFigures:
    """Notes in the range, how many got a public answer, and the median wait for one."""

    notes: int
    answered: int
    median_reply_ms: int | None


def reply_figures(
    session: Session, *, site_ids: Sequence[int] | None, start_ms: int, end_ms: int
) -> ReplyFigures | None:
    """The replies figures for the sites and range (approved notes that arrived in it)."""
    stats = reply_stats(
        session,
        site_ids=None if site_ids is None else list(site_ids),
        start_ms=start_ms,
        end_ms=end_ms,
    )
    return ReplyFigures(stats.notes, stats.answered, stats.median_reply_ms)
