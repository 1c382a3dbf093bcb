"""What the public sees of replies, spotlights and "you said, we did" cards.

The wall, its JSON, the site's feeds and the kiosks' configuration read here. Every
query joins the note or doodle it is about on its moderation state being APPROVED and
takes the words from the event itself, never from a copy: a note hidden or rejected
after it was answered or pinned leaves every public surface with its reply and pin. No
author is shown: public words speak for the site, not for an account.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlmodel import Session, SQLModel

from server import clock
from server.models import APPROVED, EVENT_TABLE, MEDIA_TABLE, MODERATION_TABLE
from server.models_replies import (
    NOTE_REPLY_TABLE,
    REPLY_AUDIT_TABLE,
    SPOTLIGHT_TABLE,
    YOU_SAID_LINK_TABLE,
    YOU_SAID_TABLE,
)
from server.services.approved import media_url
from server.services.wall_changes import MARKERS

_EVENT = EVENT_TABLE.c
_MOD = MODERATION_TABLE.c
_REPLY = NOTE_REPLY_TABLE.c
_PIN = SPOTLIGHT_TABLE.c
_CARD = YOU_SAID_TABLE.c
_LINK = YOU_SAID_LINK_TABLE.c
PROMPT_TABLE = SQLModel.metadata.tables["prompt"]


class PublicReply(BaseModel):
    """An organiser's reply under the approved note it answers."""

    note_id: str
    note_text: str
    language: str
    text: str
    # When it was first posted, and last changed.
    replied_ms: int
    updated_ms: int


class PublicSpotlight(BaseModel):
    """A pinned approved note (with its reply, if any) or doodle (with its PNG's address)."""

    id: int
    event_id: str
    kind: str
    text: str | None = None
    language: str = "en"
    reply: str | None = None
    media: str | None = None
    url: str | None = None
    width: int = 0
    height: int = 0
    starts_ms: int
    ends_ms: int


class LinkedNote(BaseModel):
    """An approved note a card says asked for the change."""

    id: str
    text: str
    language: str


class LinkedPrompt(BaseModel):
    """A prompt whose answers asked for the change."""

    id: int
    text: str


class YouSaidCard(BaseModel):
    """What changed because people asked: for a site, or the whole network (`site_id` None)."""

    id: int
    site_id: int | None
    title: str
    body: str
    created_ms: int
    updated_ms: int
    notes: list[LinkedNote] = []
    prompts: list[LinkedPrompt] = []


def _approved_join(statement: Any, event_id: Any) -> Any:
    return (
        statement.join(EVENT_TABLE, _EVENT.id == event_id)
        .join(MODERATION_TABLE, _MOD.event_id == _EVENT.id)
        .where(_MOD.state == APPROVED)
    )


def _reply(row: Any) -> PublicReply:
    return PublicReply(
        note_id=row.event_id,
        note_text=row.payload["text"],
        language=row.payload.get("language", "en"),
        text=row.text,
        replied_ms=row.created_ms,
        updated_ms=row.updated_ms,
    )


_REPLY_COLUMNS = (_REPLY.event_id, _REPLY.text, _REPLY.created_ms, _REPLY.updated_ms)


def recent_replies(session: Session, site_id: int, limit: int) -> list[PublicReply]:
    """The site's standing replies to approved notes, newest change first."""
    statement = _approved_join(select(*_REPLY_COLUMNS, _EVENT.payload), _REPLY.event_id)
    statement = (
        statement.where(_REPLY.site_id == site_id, _REPLY.removed_ms.is_(None))
        .order_by(_REPLY.updated_ms.desc(), _REPLY.event_id)
        .limit(limit)
    )
    return [_reply(row) for row in session.connection().execute(statement)]


def replies_for(session: Session, note_ids: list[str]) -> dict[str, str]:
    """The standing reply's words for each of these notes that is approved and answered."""
    if not note_ids:
        return {}
    statement = _approved_join(select(_REPLY.event_id, _REPLY.text), _REPLY.event_id).where(
        _REPLY.event_id.in_(note_ids), _REPLY.removed_ms.is_(None)
    )
    return {row.event_id: row.text for row in session.connection().execute(statement)}


def spotlights_for(
    session: Session, site_id: int, *, now_ms: int | None, limit: int
) -> list[PublicSpotlight]:
    """The site's pins of approved notes and doodles, newest pin first: those live at
    `now_ms`, or (None) every one not unpinned, ended ones too (the feed's history).
    A doodle whose bytes the hub lacks is left out."""
    statement = _approved_join(
        select(
            _PIN.id,
            _PIN.event_id,
            _PIN.starts_ms,
            _PIN.ends_ms,
            _EVENT.type,
            _EVENT.payload,
            _REPLY.text.label("reply"),
            MEDIA_TABLE.c.sha256.label("held"),
        ),
        _PIN.event_id,
    )
    statement = (
        statement.outerjoin(
            NOTE_REPLY_TABLE, (_REPLY.event_id == _PIN.event_id) & _REPLY.removed_ms.is_(None)
        )
        .outerjoin(MEDIA_TABLE, MEDIA_TABLE.c.sha256 == _EVENT.payload["media"].as_string())
        .where(_PIN.site_id == site_id, _PIN.removed_ms.is_(None))
        .order_by(_PIN.starts_ms.desc(), _PIN.id.desc())
        .limit(limit)
    )
    if now_ms is not None:
        statement = statement.where(_PIN.starts_ms <= now_ms, _PIN.ends_ms > now_ms)
    pins = []
    for row in session.connection().execute(statement):
        payload = row.payload
        common = {"id": row.id, "event_id": row.event_id, "starts_ms": row.starts_ms}
        if row.type == "note":
            pins.append(
                PublicSpotlight(
                    **common,
                    ends_ms=row.ends_ms,
                    kind="note",
                    text=payload["text"],
                    language=payload.get("language", "en"),
                    reply=row.reply,
                )
            )
        elif row.held is not None:
            pins.append(
                PublicSpotlight(
                    **common,
                    ends_ms=row.ends_ms,
                    kind="doodle",
                    media=payload["media"],
                    url=media_url(payload["media"]),
                    width=payload["width"],
                    height=payload["height"],
                )
            )
    return pins


def you_said_for(session: Session, site_id: int | None, *, limit: int) -> list[YouSaidCard]:
    """The cards a site shows (its own and the network's), newest first; `site_id` None:
    the network's only. Each with its approved notes and its prompts."""
    statement = select(YOU_SAID_TABLE).where(_CARD.removed_ms.is_(None))
    if site_id is None:
        statement = statement.where(_CARD.site_id.is_(None))
    else:
        statement = statement.where(or_(_CARD.site_id == site_id, _CARD.site_id.is_(None)))
    statement = statement.order_by(_CARD.created_ms.desc(), _CARD.id.desc()).limit(limit)
    connection = session.connection()
    cards = {
        row.id: YouSaidCard(
            id=row.id,
            site_id=row.site_id,
            title=row.title,
            body=row.body,
            created_ms=row.created_ms,
            updated_ms=row.updated_ms,
        )
        for row in connection.execute(statement)
    }
    if not cards:
        return []
    ids = sorted(cards)
    notes = _approved_join(select(_LINK.card_id, _EVENT.id, _EVENT.payload), _LINK.event_id).where(
        _LINK.card_id.in_(ids)
    )
    for row in connection.execute(notes.order_by(_LINK.id)):
        cards[row.card_id].notes.append(
            LinkedNote(
                id=row.id, text=row.payload["text"], language=row.payload.get("language", "en")
            )
        )
    prompt = PROMPT_TABLE.c
    prompts = (
        select(_LINK.card_id, prompt.id, prompt.text)
        .join(PROMPT_TABLE, prompt.id == _LINK.prompt_id)
        .where(_LINK.card_id.in_(ids))
        .order_by(_LINK.id)
    )
    for row in connection.execute(prompts):
        cards[row.card_id].prompts.append(LinkedPrompt(id=row.id, text=row.text))
    return list(cards.values())


def wall_change(session: Session, site_ids: list[int]) -> Any:
    """This feature's part of the wall's change marker (server/services/wall_changes.py):
    the newest change to a reply, spotlight or card (reply_audit's key), and which pins
    are live by the hub's clock (so a pin's end moves the marker too)."""
    audit = REPLY_AUDIT_TABLE.c
    newest = session.connection().execute(select(func.max(audit.id))).scalar()
    now_ms = clock.now_ms()
    live = session.connection().execute(
        select(_PIN.id)
        .where(
            _PIN.site_id.in_(site_ids),
            _PIN.removed_ms.is_(None),
            _PIN.starts_ms <= now_ms,
            _PIN.ends_ms > now_ms,
        )
        .order_by(_PIN.id)
    )
    return [newest, list(live.scalars())]


if wall_change not in MARKERS:
    MARKERS.append(wall_change)
