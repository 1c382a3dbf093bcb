"""Moderation: what waits for a person, their decisions, and the audit log of them
(docs/moderation.md).

Every event of a moderated kind (notes, doodles, drop-offs with a photo) arrives
held, or approved at a post-moderated site when nothing flagged it
(server/arrivals/decide.py); only approved ones reach a public surface. A person
approves, rejects (with a reason) or hides (takes down an approved one, with a
reason); each decision is appended to moderation_log with who made it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from server.errors import InvalidInput, NotFound
from server.models import (
    APPROVED,
    HELD,
    HIDDEN,
    REJECTED,
    Event,
    Kiosk,
    Moderation,
    ModerationLog,
    Site,
)
from server.models_moderation import ModerationFlag
from storywall.protocol.limits import MAX_NAME_CHARS

# What a person may decide, and which decisions must say why.
DECISIONS = (APPROVED, HIDDEN, REJECTED)
NEEDS_REASON = (HIDDEN, REJECTED)
# The kinds of item in the queue, by event type.
ITEM_TYPES = ("note", "doodle", "dropoff")
# A held item older than this is late (the dashboard's tile).
LATE_MS = 24 * 3_600_000
MAX_LISTED = 500


@dataclass(frozen=True)
class FlagShown:
    """One automatic flag on an item, as the moderator reads it."""

    kind: str
    detail: str


@dataclass(frozen=True)
class HeldItem:
    """One moderated event, as a moderator sees it."""

    event_id: str
    type: str
    site_slug: str
    kiosk_id: str
    received_ms: int
    payload: dict[str, Any]
    state: str = HELD
    site_name: str = ""
    reason: str | None = None
    decided_by: str | None = None
    flags: list[FlagShown] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        """A note's text."""
        value = self.payload.get("text")
        return str(value) if value is not None else None

    @property
    def media(self) -> str | None:
        """A doodle's PNG or a drop-off's photo, by hash."""
        value = self.payload.get("photo") or self.payload.get("media")
        return str(value) if value else None

    @property
    def kind_label(self) -> str:
        """What it is, in a word: note, doodle or photo."""
        return "photo" if self.type == "dropoff" else self.type

    def describe(self) -> str:
        """One line: what it is, where from, its text, media hash or photo hash, its flags."""
        photo = self.payload.get("photo")
        shown = self.payload.get("text") or self.payload.get("media") or ""
        if photo:
            shown = f"photo {photo} (see it: storywall admin moderation photo {self.event_id} FILE)"
        line = f"{self.event_id} {self.type} {self.site_slug}/{self.kiosk_id}: {shown}"
        if self.flags:
            line += " [" + "; ".join(f"{flag.kind}: {flag.detail}" for flag in self.flags) + "]"
        return line


def list_items(
    session: Session,
    *,
    state: str = HELD,
    site_slug: str | None = None,
    type_name: str | None = None,
    event_id: str | None = None,
    limit: int = MAX_LISTED,
    offset: int = 0,
) -> list[HeldItem]:
    """Moderated events in one state with their flags: held ones oldest first (the
    queue), others newest first (what was decided last, e.g. to hide)."""
    newest_first = state != HELD
    order = (col(Event.received_ms), col(Event.kiosk_id), col(Event.seq))
    statement = (
        sa_select(
            col(Event.id),
            col(Event.type),
            col(Site.slug),
            col(Event.kiosk_id),
            col(Event.received_ms),
            col(Event.payload),
            col(Moderation.state),
            col(Site.name),
            col(Moderation.reason),
            col(Moderation.decided_by),
        )
        .join(Moderation, col(Moderation.event_id) == col(Event.id))
        .join(Kiosk, col(Kiosk.id) == col(Event.kiosk_id))
        .join(Site, col(Site.id) == col(Kiosk.site_id))
        .where(col(Moderation.state) == state)
        .order_by(*(column.desc() for column in order) if newest_first else order)
        .limit(limit)
        .offset(offset)
    )
    if site_slug:
        statement = statement.where(col(Site.slug) == site_slug)
    if type_name:
        statement = statement.where(col(Event.type) == type_name)
    if event_id:
        statement = statement.where(col(Event.id) == event_id)
    rows = list(session.connection().execute(statement))
    flags = flags_of(session, [row[0] for row in rows])
    return [
        HeldItem(
            event_id=row[0],
            type=row[1],
            site_slug=row[2],
            kiosk_id=row[3],
            received_ms=row[4],
            payload=row[5],
            state=row[6],
            site_name=row[7],
            reason=row[8],
            decided_by=row[9],
            flags=flags.get(row[0], []),
        )
        for row in rows
    ]


def list_held(session: Session) -> list[HeldItem]:
    """Every held event, oldest first."""
    return list_items(session, state=HELD, limit=1_000_000)


def get_item(session: Session, event_id: str) -> HeldItem:
    """One moderated event in whatever state; NotFound for an id that is not one."""
    row = session.get(Moderation, event_id)
    if row is None:
        raise NotFound(f"moderation: no note, doodle or photo with id {event_id!r}")
    for item in list_items(session, state=row.state, event_id=event_id, limit=1):
        return item
    raise NotFound(f"moderation: no note, doodle or photo with id {event_id!r}")


def flags_of(session: Session, event_ids: Sequence[str]) -> dict[str, list[FlagShown]]:
    """The flags of these events, by event id, in the order they were written."""
    if not event_ids:
        return {}
    rows = session.connection().execute(
        sa_select(
            col(ModerationFlag.event_id), col(ModerationFlag.kind), col(ModerationFlag.detail)
        )
        .where(col(ModerationFlag.event_id).in_(list(event_ids)))
        .order_by(col(ModerationFlag.id))
    )
    found: dict[str, list[FlagShown]] = {}
    for event_id, kind, detail in rows:
        found.setdefault(event_id, []).append(FlagShown(kind, detail))
    return found


def count_late(session: Session, *, now_ms: int, late_ms: int = LATE_MS) -> tuple[int, int | None]:
    """(how many items have waited longer than `late_ms`, when the oldest arrived)."""
    count, oldest = (
        session.connection()
        .execute(
            sa_select(func.count(), func.min(col(Event.received_ms)))
            .select_from(Moderation)
            .join(Event, col(Event.id) == col(Moderation.event_id))
            .where(col(Moderation.state) == HELD, col(Event.received_ms) < now_ms - late_ms)
        )
        .one()
    )
    return int(count), oldest


def decide(
    session: Session,
    *,
    event_id: str,
    state: str,
    decided_by: str,
    now_ms: int,
    reason: str | None = None,
) -> Moderation:
    """Approve, hide or reject one moderated event; NotFound for an id that is not
    one, InvalidInput for a decision that does not fit (no reason, hiding what is
    not public)."""
    if state not in DECISIONS:
        raise InvalidInput(f"moderation: {state!r} is not approved, hidden or rejected")
    reason = (reason or "").strip() or None
    if state in NEEDS_REASON and reason is None:
        verb = "hiding" if state == HIDDEN else "a rejection"
        raise InvalidInput(f"moderation: {verb} needs a reason")
    if reason is not None and len(reason) > MAX_NAME_CHARS:
        raise InvalidInput(f"moderation: a reason is at most {MAX_NAME_CHARS} characters")
    decided_by = decided_by.strip()[:MAX_NAME_CHARS]
    if not decided_by:
        raise InvalidInput("moderation: say who decides")
    row = session.get(Moderation, event_id)
    if row is None:
        raise NotFound(f"moderation: no note, doodle or photo with id {event_id!r}")
    if state == HIDDEN and row.state != APPROVED:
        raise InvalidInput(
            f"moderation: only an approved item can be hidden; this one is {row.state} "
            "(reject it instead)"
        )
    row.state = state
    row.reason = reason
    row.decided_ms = now_ms
    row.decided_by = decided_by
    session.add(row)
    session.add(
        ModerationLog(
            event_id=event_id, state=state, reason=reason, decided_ms=now_ms, decided_by=decided_by
        )
    )
    session.commit()
    session.refresh(row)
    return row


def approve(session: Session, *, event_id: str, decided_by: str, now_ms: int) -> Moderation:
    """Make a held (or rejected, or hidden) event public."""
    return decide(session, event_id=event_id, state=APPROVED, decided_by=decided_by, now_ms=now_ms)


def reject(
    session: Session, *, event_id: str, reason: str, decided_by: str, now_ms: int
) -> Moderation:
    """Keep an event off every public surface, with the reason why."""
    return decide(
        session, event_id=event_id, state=REJECTED, decided_by=decided_by, now_ms=now_ms,
        reason=reason,
    )  # fmt: skip


def hide(
    session: Session, *, event_id: str, reason: str, decided_by: str, now_ms: int
) -> Moderation:
    """Take an approved event down from every public surface, with the reason why."""
    return decide(
        session, event_id=event_id, state=HIDDEN, decided_by=decided_by, now_ms=now_ms,
        reason=reason,
    )  # fmt: skip


@dataclass(frozen=True)
class LogLine:
    """One line of the audit log: a hold on arrival or a decision."""

    id: int
    event_id: str
    type: str
    site_slug: str
    state: str
    reason: str | None
    decided_ms: int
    decided_by: str | None


LOG_COLUMNS = ("id", "event_id", "type", "site", "state", "reason", "decided_ms", "decided_by")


def _log_statement(site_slug: str | None) -> Any:
    statement = (
        sa_select(
            col(ModerationLog.id),
            col(ModerationLog.event_id),
            col(Event.type),
            col(Site.slug),
            col(ModerationLog.state),
            col(ModerationLog.reason),
            col(ModerationLog.decided_ms),
            col(ModerationLog.decided_by),
        )
        .join(Event, col(Event.id) == col(ModerationLog.event_id))
        .join(Site, col(Site.id) == col(Event.site_id))
        .order_by(col(ModerationLog.id).desc())
    )
    if site_slug:
        statement = statement.where(col(Site.slug) == site_slug)
    return statement


def audit_log(
    session: Session,
    *,
    site_slug: str | None = None,
    limit: int = 100,
    before_id: int | None = None,
) -> list[LogLine]:
    """The newest lines of the audit log (before `before_id`, for the next page)."""
    statement = _log_statement(site_slug).limit(limit)
    if before_id is not None:
        statement = statement.where(col(ModerationLog.id) < before_id)
    return [LogLine(*row) for row in session.connection().execute(statement)]


def iter_audit_log(session: Session, *, site_slug: str | None = None) -> Iterator[LogLine]:
    """Every line of the audit log, newest first, read in pages (for the CSV export)."""
    before: int | None = None
    while True:
        page = audit_log(session, site_slug=site_slug, limit=1000, before_id=before)
        yield from page
        if len(page) < 1000:
            return
        before = page[-1].id
