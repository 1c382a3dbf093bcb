"""Replies to notes, spotlights and "you said, we did" cards: writing them, and the
figures the charts and the wall read (time to a reply; wall_extras). The dashboard's
lists are server/services/replies_dashboard.py.

Only an approved note can be answered, and only an approved note or doodle pinned.
Nothing here copies a note's words: the public reads (server/services/replies_public.py)
join every reply, spotlight and card link on its event still being APPROVED, so a note
hidden or rejected later takes them off every public surface. Each change is written
to `reply_audit` with its words and author in the same transaction (docs/replies.md).

Functions are keyword-only and commit; errors are server.errors (NotFound, InvalidInput).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from statistics import median_low
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from server import clock
from server.errors import InvalidInput, NotFound
from server.models import APPROVED, EVENT_TABLE, MODERATION_TABLE, Prompt, Site
from server.models_replies import (
    MAX_CARD_BODY_CHARS,
    MAX_CARD_LINKS,
    MAX_CARD_TITLE_CHARS,
    NOTE_REPLY_TABLE,
    NoteReply,
    ReplyAudit,
    Spotlight,
    YouSaid,
    YouSaidLink,
)
from server.services.public_words import public_words
from server.services.replies_public import (
    PublicReply,
    PublicSpotlight,
    YouSaidCard,
    recent_replies,
    spotlights_for,
    you_said_for,
)
from storywall.protocol.limits import MAX_CONFIG_SPOTLIGHTS, MAX_REPLY_CHARS

# A spotlight ends: at most this long after it starts (an organiser renews it if need be).
MAX_SPOTLIGHT_MS = 90 * 24 * 3600 * 1000
# Replies the wall gets per site (newest first), beside the spotlights and cards.
WALL_REPLIES = 50
WALL_CARDS = 10

_EVENT = EVENT_TABLE.c
_MOD = MODERATION_TABLE.c
_REPLY = NOTE_REPLY_TABLE.c


# -- what the public surfaces and the charts call ---------------------------------------------


@dataclass(frozen=True)
class WallExtras:
    """What the wall shows of one site beside its notes: live spotlights (newest pin
    first), replies by the note's event id, and its cards (the network's too)."""

    spotlights: list[PublicSpotlight]
    replies_by_note_id: dict[str, PublicReply]
    you_said: list[YouSaidCard]


@dataclass(frozen=True)
class ReplyStats:
    """Approved notes that arrived in a window, how many have a reply, and the median
    time from arrival to the first reply (None when none is answered)."""

    notes: int
    answered: int
    median_reply_ms: int | None


def wall_extras(session: Session, site_id: int, *, now_ms: int | None = None) -> WallExtras:
    """The site's spotlights live at `now_ms` (the hub's clock when None), its newest
    replies, and its cards: approved notes and doodles only."""
    if now_ms is None:
        now_ms = clock.now_ms()
    replies = recent_replies(session, site_id, WALL_REPLIES)
    return WallExtras(
        spotlights=spotlights_for(session, site_id, now_ms=now_ms, limit=MAX_CONFIG_SPOTLIGHTS),
        replies_by_note_id={reply.note_id: reply for reply in replies},
        you_said=you_said_for(session, site_id, limit=WALL_CARDS),
    )


def reply_stats(
    session: Session, *, site_ids: list[int] | None, start_ms: int, end_ms: int
) -> ReplyStats:
    """Approved notes received in [start_ms, end_ms) at `site_ids` (every site when
    None): how many, how many have a reply standing, and the median time to it."""
    statement = (
        select(_EVENT.received_ms, _REPLY.created_ms, _REPLY.removed_ms)
        .join(MODERATION_TABLE, _MOD.event_id == _EVENT.id)
        .outerjoin(NOTE_REPLY_TABLE, _REPLY.event_id == _EVENT.id)
        .where(
            _EVENT.type == "note",
            _MOD.state == APPROVED,
            _EVENT.received_ms >= start_ms,
            _EVENT.received_ms < end_ms,
        )
    )
    if site_ids is not None:
        statement = statement.where(_EVENT.site_id.in_(site_ids))
    rows = list(session.connection().execute(statement))
    waits = [
        max(0, replied - received)
        for received, replied, removed in rows
        if replied is not None and removed is None
    ]
    return ReplyStats(
        notes=len(rows),
        answered=len(waits),
        median_reply_ms=int(median_low(waits)) if waits else None,
    )


# -- writing -------------------------------------------------------------------------------------


def _audit(
    session: Session,
    subject: str,
    subject_id: object,
    action: str,
    text: str,
    author_id: int | None,
    now_ms: int,
) -> None:
    session.add(
        ReplyAudit(
            subject=subject,
            subject_id=str(subject_id),
            action=action,
            text=text,
            author_id=author_id,
            at_ms=now_ms,
        )
    )


def _approved_event(session: Session, event_id: str, types: Sequence[str], what: str) -> Any:
    """The event's id, site, type and payload when it is approved and of `types`."""
    row = (
        session.connection()
        .execute(
            select(_EVENT.id, _EVENT.site_id, _EVENT.type, _EVENT.payload, _MOD.state)
            .outerjoin(MODERATION_TABLE, _MOD.event_id == _EVENT.id)
            .where(_EVENT.id == event_id)
        )
        .first()
    )
    if row is None or row.type not in types:
        raise NotFound(f"no such {what}")
    if row.state != APPROVED:
        raise InvalidInput(f"only an approved {what} can be answered or pinned")
    return row


def post_reply(
    session: Session, *, note_id: str, text: str, author_id: int | None, now_ms: int
) -> NoteReply:
    """Reply to an approved note, or change its reply (one per note)."""
    words = public_words(text, "the reply", max_chars=MAX_REPLY_CHARS)
    note = _approved_event(session, note_id, ("note",), "note")
    reply = session.get(NoteReply, note_id)
    if reply is None:
        reply = NoteReply(
            event_id=note_id,
            site_id=note.site_id,
            text=words,
            author_id=author_id,
            created_ms=now_ms,
            updated_ms=now_ms,
        )
        action = "posted"
    else:
        action = "posted" if reply.removed_ms is not None else "edited"
        reply.text, reply.author_id, reply.updated_ms = words, author_id, now_ms
        reply.removed_ms = None
    session.add(reply)
    _audit(session, "reply", note_id, action, words, author_id, now_ms)
    session.commit()
    session.refresh(reply)
    return reply


def remove_reply(
    session: Session, *, note_id: str, author_id: int | None, now_ms: int
) -> NoteReply:
    """Take a reply down (its words stay in the audit)."""
    reply = session.get(NoteReply, note_id)
    if reply is None or reply.removed_ms is not None:
        raise NotFound("this note has no reply")
    reply.removed_ms = now_ms
    session.add(reply)
    _audit(session, "reply", note_id, "removed", reply.text, author_id, now_ms)
    session.commit()
    session.refresh(reply)
    return reply


def add_spotlight(
    session: Session,
    *,
    event_id: str,
    ends_ms: int,
    author_id: int | None,
    now_ms: int,
    starts_ms: int | None = None,
) -> Spotlight:
    """Pin an approved note or doodle from `starts_ms` (now) until `ends_ms`. A pin of
    the same event still standing is moved to the new end instead of doubled."""
    starts = now_ms if starts_ms is None else starts_ms
    if ends_ms <= max(starts, now_ms):
        raise InvalidInput("a spotlight must end after it starts, and in the future")
    if ends_ms - starts > MAX_SPOTLIGHT_MS:
        raise InvalidInput("a spotlight lasts at most 90 days")
    event = _approved_event(session, event_id, ("note", "doodle"), "note or doodle")
    pin = session.exec(
        select_rows(Spotlight).where(
            Spotlight.event_id == event_id,
            col(Spotlight.removed_ms).is_(None),
            col(Spotlight.ends_ms) > now_ms,
        )
    ).first()
    if pin is not None:
        pin.starts_ms, pin.ends_ms, pin.author_id = min(pin.starts_ms, starts), ends_ms, author_id
        action = "edited"
    else:
        pin = Spotlight(
            event_id=event_id,
            site_id=event.site_id,
            starts_ms=starts,
            ends_ms=ends_ms,
            author_id=author_id,
            created_ms=now_ms,
        )
        action = "posted"
    session.add(pin)
    session.flush()
    _audit(session, "spotlight", pin.id, action, _pin_words(event, ends_ms), author_id, now_ms)
    session.commit()
    session.refresh(pin)
    return pin


def _pin_words(event: Any, until_ms: int) -> str:
    """What the history says of a pin: the note's words (or "A doodle") and its end."""
    what = event.payload["text"] if event.type == "note" else "A doodle"
    until = datetime.fromtimestamp(until_ms / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{what} (until {until})"


def remove_spotlight(
    session: Session, *, spotlight_id: int, author_id: int | None, now_ms: int
) -> Spotlight:
    """Unpin a spotlight before its end."""
    pin = session.get(Spotlight, spotlight_id)
    if pin is None or pin.removed_ms is not None:
        raise NotFound("no such spotlight")
    pin.removed_ms = now_ms
    session.add(pin)
    event = (
        session.connection()
        .execute(select(_EVENT.type, _EVENT.payload).where(_EVENT.id == pin.event_id))
        .one()
    )
    _audit(session, "spotlight", pin.id, "removed", _pin_words(event, now_ms), author_id, now_ms)
    session.commit()
    session.refresh(pin)
    return pin


def post_you_said(
    session: Session,
    *,
    site_id: int | None,
    title: str,
    body: str,
    note_ids: Sequence[str] = (),
    prompt_ids: Sequence[int] = (),
    author_id: int | None,
    now_ms: int,
) -> YouSaid:
    """A "you said, we did" card for a site (or the network: `site_id` None), linked to
    the approved notes and the prompts that asked for the change. A site's card links
    only that site's notes and prompts."""
    heading = public_words(title, "the title", max_chars=MAX_CARD_TITLE_CHARS)
    words = public_words(body, "what changed", max_chars=MAX_CARD_BODY_CHARS, lines=True)
    notes, prompts = list(dict.fromkeys(note_ids)), list(dict.fromkeys(prompt_ids))
    if len(notes) + len(prompts) > MAX_CARD_LINKS:
        raise InvalidInput(f"a card links at most {MAX_CARD_LINKS} notes and prompts")
    if site_id is not None and session.get(Site, site_id) is None:
        raise NotFound("no such site")
    for note_id in notes:
        note = _approved_event(session, note_id, ("note",), "note")
        if site_id is not None and note.site_id != site_id:
            raise InvalidInput("a site's card links only that site's notes")
    for prompt_id in prompts:
        prompt = session.get(Prompt, prompt_id)
        if prompt is None:
            raise NotFound("no such prompt")
        if site_id is not None and prompt.site_id != site_id:
            raise InvalidInput("a site's card links only that site's prompts")
    card = YouSaid(
        site_id=site_id,
        title=heading,
        body=words,
        author_id=author_id,
        created_ms=now_ms,
        updated_ms=now_ms,
    )
    session.add(card)
    session.flush()
    assert card.id is not None
    for note_id in notes:
        session.add(YouSaidLink(card_id=card.id, event_id=note_id))
    for prompt_id in prompts:
        session.add(YouSaidLink(card_id=card.id, prompt_id=prompt_id))
    _audit(session, "you_said", card.id, "posted", f"{heading}\n{words}", author_id, now_ms)
    session.commit()
    session.refresh(card)
    return card


def remove_you_said(
    session: Session, *, card_id: int, author_id: int | None, now_ms: int
) -> YouSaid:
    """Take a card down (its words stay in the audit)."""
    card = session.get(YouSaid, card_id)
    if card is None or card.removed_ms is not None:
        raise NotFound("no such card")
    card.removed_ms = now_ms
    session.add(card)
    _audit(session, "you_said", card.id, "removed", card.title, author_id, now_ms)
    session.commit()
    session.refresh(card)
    return card
