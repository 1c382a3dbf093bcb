"""Moderation: what is held, and a person's decision on it (docs/moderation.md).

Every event of a moderated kind (notes, doodles) arrives held (server/services/
holds.py); only approved ones reach the wall, the wall's JSON and the kiosks.
Each decision is also appended to moderation_log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from server.errors import InvalidInput, NotFound
from server.models import APPROVED, HELD, REJECTED, Event, Kiosk, Moderation, ModerationLog, Site
from storywall.protocol.limits import MAX_NAME_CHARS


@dataclass(frozen=True)
class HeldItem:
    """One event waiting for a decision, as a moderator sees it."""

    event_id: str
    type: str
    site_slug: str
    kiosk_id: str
    received_ms: int
    payload: dict[str, Any]

    def describe(self) -> str:
        """One line: what it is, where from, and its text, media hash or photo hash."""
        photo = self.payload.get("photo")
        shown = self.payload.get("text") or self.payload.get("media") or ""
        if photo:
            shown = f"photo {photo} (see it: storywall admin moderation photo {self.event_id} FILE)"
        return f"{self.event_id} {self.type} {self.site_slug}/{self.kiosk_id}: {shown}"


def list_held(session: Session) -> list[HeldItem]:
    """Every held event, oldest first."""
    rows = session.connection().execute(
        sa_select(
            col(Event.id),
            col(Event.type),
            col(Site.slug),
            col(Event.kiosk_id),
            col(Event.received_ms),
            col(Event.payload),
        )
        .join(Moderation, col(Moderation.event_id) == col(Event.id))
        .join(Kiosk, col(Kiosk.id) == col(Event.kiosk_id))
        .join(Site, col(Site.id) == col(Kiosk.site_id))
        .where(col(Moderation.state) == HELD)
        .order_by(col(Event.received_ms), col(Event.kiosk_id), col(Event.seq))
    )
    return [HeldItem(*row) for row in rows]


def decide(
    session: Session,
    *,
    event_id: str,
    state: str,
    decided_by: str,
    now_ms: int,
    reason: str | None = None,
) -> Moderation:
    """Approve or reject one moderated event; NotFound for an id that is not one."""
    if state not in (APPROVED, REJECTED):
        raise InvalidInput(f"moderation: {state!r} is not approved or rejected")
    if state == REJECTED and not (reason or "").strip():
        raise InvalidInput("moderation: a rejection needs a reason")
    if reason is not None and len(reason.strip()) > MAX_NAME_CHARS:
        raise InvalidInput(f"moderation: a reason is at most {MAX_NAME_CHARS} characters")
    row = session.get(Moderation, event_id)
    if row is None:
        raise NotFound(f"moderation: no note or doodle with id {event_id!r}")
    row.state = state
    row.reason = reason.strip() if reason else None
    row.decided_ms = now_ms
    row.decided_by = decided_by
    session.add(row)
    session.add(
        ModerationLog(
            event_id=event_id,
            state=state,
            reason=row.reason,
            decided_ms=now_ms,
            decided_by=decided_by,
        )
    )
    session.commit()
    session.refresh(row)
    return row


def approve(session: Session, *, event_id: str, decided_by: str, now_ms: int) -> Moderation:
    """Make a held (or rejected) event public."""
    return decide(session, event_id=event_id, state=APPROVED, decided_by=decided_by, now_ms=now_ms)


def reject(
    session: Session, *, event_id: str, reason: str, decided_by: str, now_ms: int
) -> Moderation:
    """Keep an event off every public surface, with the reason why."""
    return decide(
        session,
        event_id=event_id,
        state=REJECTED,
        decided_by=decided_by,
        now_ms=now_ms,
        reason=reason,
    )
