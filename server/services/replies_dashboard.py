"""What the dashboard lists: the approved notes waiting for a reply (oldest first), the
newest approved notes and doodles to pin or link to a card, and the history of changes.

Reads only; the writes are server/services/replies.py (docs/replies.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlmodel import Session

from server.models import APPROVED, EVENT_TABLE, MODERATION_TABLE
from server.models_accounts import ACCOUNT_TABLE
from server.models_replies import NOTE_REPLY_TABLE, REPLY_AUDIT_TABLE

_EVENT = EVENT_TABLE.c
_MOD = MODERATION_TABLE.c
_REPLY = NOTE_REPLY_TABLE.c


@dataclass(frozen=True)
class WaitingNote:
    """An approved note nobody has answered yet."""

    id: str
    site_id: int
    text: str
    language: str
    received_ms: int


def _waiting(site_ids: list[int] | None) -> Any:
    statement = (
        select(_EVENT.id, _EVENT.site_id, _EVENT.payload, _EVENT.received_ms)
        .join(MODERATION_TABLE, _MOD.event_id == _EVENT.id)
        .outerjoin(
            NOTE_REPLY_TABLE, and_(_REPLY.event_id == _EVENT.id, _REPLY.removed_ms.is_(None))
        )
        .where(_EVENT.type == "note", _MOD.state == APPROVED, _REPLY.event_id.is_(None))
    )
    if site_ids is not None:
        statement = statement.where(_EVENT.site_id.in_(site_ids))
    return statement


def waiting_for_reply(
    session: Session, *, site_ids: list[int] | None = None, limit: int = 50
) -> list[WaitingNote]:
    """Approved notes without a reply standing, oldest first."""
    statement = _waiting(site_ids).order_by(_EVENT.received_ms, _EVENT.id).limit(limit)
    return [
        WaitingNote(
            id=row.id,
            site_id=row.site_id,
            text=row.payload["text"],
            language=row.payload.get("language", "en"),
            received_ms=row.received_ms,
        )
        for row in session.connection().execute(statement)
    ]


def count_waiting(session: Session, *, site_ids: list[int] | None = None) -> int:
    """How many approved notes wait for a reply."""
    waiting = _waiting(site_ids).subquery()
    return int(session.connection().execute(select(func.count()).select_from(waiting)).scalar_one())


@dataclass(frozen=True)
class ApprovedItem:
    """An approved note or doodle, for the dashboard's pickers (spotlight, card links)."""

    id: str
    site_id: int
    type: str
    text: str | None
    media: str | None
    received_ms: int


def recent_approved(
    session: Session,
    *,
    site_ids: list[int] | None = None,
    types: Sequence[str] = ("note", "doodle"),
    limit: int = 30,
) -> list[ApprovedItem]:
    """The newest approved notes and doodles (of `site_ids`, or every site), newest first."""
    statement = (
        select(_EVENT.id, _EVENT.site_id, _EVENT.type, _EVENT.payload, _EVENT.received_ms)
        .join(MODERATION_TABLE, _MOD.event_id == _EVENT.id)
        .where(_EVENT.type.in_(list(types)), _MOD.state == APPROVED)
        .order_by(_EVENT.received_ms.desc(), _EVENT.id)
        .limit(limit)
    )
    if site_ids is not None:
        statement = statement.where(_EVENT.site_id.in_(site_ids))
    return [
        ApprovedItem(
            id=row.id,
            site_id=row.site_id,
            type=row.type,
            text=row.payload.get("text"),
            media=row.payload.get("media"),
            received_ms=row.received_ms,
        )
        for row in session.connection().execute(statement)
    ]


@dataclass(frozen=True)
class AuditLine:
    """One change to a reply, spotlight or card, as the dashboard's history shows it."""

    at_ms: int
    subject: str
    action: str
    text: str
    # The account's name; None when written from the command line or a script.
    author: str | None


def recent_audit(session: Session, *, limit: int = 20) -> list[AuditLine]:
    """The newest changes to replies, spotlights and cards, newest first."""
    account = ACCOUNT_TABLE.c
    audit = REPLY_AUDIT_TABLE.c
    statement = (
        select(audit.at_ms, audit.subject, audit.action, audit.text, account.name)
        .outerjoin(ACCOUNT_TABLE, account.id == audit.author_id)
        .order_by(audit.at_ms.desc(), audit.id.desc())
        .limit(limit)
    )
    return [AuditLine(*row) for row in session.connection().execute(statement)]
