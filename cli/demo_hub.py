"""The demo's organiser hub: an organiser account and a morning of notes to look after,
so a new organiser meets /dashboard with something on every page (README, "make demo").

The account is made once; its password is random, kept in the demo's data folder
(`organiser-password`, mode 0600) and shown again on every run. The notes are pushed
as the demo kiosk would push them, through the real ingest pipeline, so they arrive
held (the site is pre-moderated) and flagged as any note is; then an organiser's
decisions, a reply, a spotlight and a "you said, we did" card go through the same
services the dashboard calls. Made once: a second run finds the first note and adds
nothing.
"""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from server.models_accounts import Account

SITE = "riverside"
KIOSK = "riverside-gate"
EMAIL = "organiser@riverside.example"
NAME = "Sam (demo organiser)"
SIGN_IN_FILE = "organiser-password"
BOOT_ID = "demo-sample-notes"
MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
# The notes' ids are fixed, so a second run knows the sample is there already.
_IDS = uuid.UUID("5b0f3c1e-2a7d-4c59-9d55-6f0e8f1d7a10")

# What the sample shows, oldest first: (minutes ago, text, language, what happens to it).
# "held" stays in the queue; "approved" is public and waits for a reply; "reply",
# "spotlight" and "card" are approved and then answered, pinned, or linked from a card.
NOTES: list[tuple[int, str, str, str]] = [
    (26 * 60, "The ducks love the new reeds by the island", "en", "held"),
    (9 * 60, "The gate by the playground squeaks every morning", "en", "reply"),
    (8 * 60, "The bins by the cafe overflow every weekend, more bins please", "en", "card"),
    (7 * 60, "The new bench by the pond is lovely, thank you!", "en", "spotlight"),
    (5 * 60, "Loved the Sunday market, please do it again", "en", "approved"),
    (3 * 60, "Could we have a water fountain by the tennis courts?", "en", "held"),
    (2 * 60, "Faltan papeleras junto al lago", "es", "held"),
    (40, "ok", "en", "held"),  # flagged: too short to mean anything
]
REPLY = "Oiled it this week: thank you for telling us."
CARD_TITLE = "Two more bins by the cafe"
CARD_BODY = (
    "You told us the bins by the cafe overflow at weekends.\n"
    "Two more went in on Monday, and they are emptied every evening."
)
SPOTLIGHT_DAYS = 30
# The card went up after the bins did, a little before the demo starts.
CARD_AGO_MIN = 90


@dataclass(frozen=True)
class Organiser:
    """The demo's organiser: how to sign in. `password` is None when it was changed
    since the demo chose it (the demo never learns the new one)."""

    email: str
    password: str | None


def note_id(number: int) -> str:
    """The fixed event id of the sample's note `number`."""
    return str(uuid.uuid5(_IDS, f"note-{number}"))


def seed_organiser(session: Session, data_dir: Path, now_ms: int) -> Organiser:
    """Make the demo's organiser once; reuse its password, kept under `data_dir`."""
    from server.services.accounts import account_by_email, create_account
    from server.services.passwords import verify_password

    password_file = data_dir / SIGN_IN_FILE
    account = account_by_email(session, email=EMAIL)
    if account is None:
        password = _new_password(password_file)
        create_account(
            session, email=EMAIL, name=NAME, role="organiser", password=password, now_ms=now_ms
        )
        return Organiser(EMAIL, password)
    if not password_file.is_file():  # the file was removed: give the account a new one
        password = _new_password(password_file)
        _reset_password(session, account, password, now_ms)
        return Organiser(EMAIL, password)
    password = password_file.read_text(encoding="utf-8").strip()
    password_file.chmod(0o600)
    if not verify_password(account.password_hash, password):
        return Organiser(EMAIL, None)
    return Organiser(EMAIL, password)


def _new_password(path: Path) -> str:
    """A random password, written to `path` readable by its owner alone."""
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(password + "\n")
    path.chmod(0o600)
    return password


def _reset_password(session: Session, account: Account, password: str, now_ms: int) -> None:
    from server.services import account_sessions
    from server.services.passwords import hash_password

    account.password_hash = hash_password(password)
    account.password_changed_ms = now_ms
    session.add(account)
    assert account.id is not None
    account_sessions.end_all(session, account_id=account.id, commit=False)
    session.commit()


def seed_notes(session: Session, now_ms: int) -> bool:
    """Push the sample notes from the demo kiosk and look after them as an organiser
    would; False when they are there already."""
    from server import crud
    from server.models import Event
    from server.services import moderation, replies
    from server.services.accounts import account_by_email

    if session.get(Event, note_id(0)) is not None:
        return False
    site = crud.get_site(session=session, slug=SITE)
    assert site.id is not None
    prompt = crud.current_prompt(session=session, site_id=site.id, now_ms=now_ms)
    prompt_id = prompt.id if prompt is not None else None
    organiser = account_by_email(session, email=EMAIL)
    author = organiser.id if organiser is not None else None
    decided_by = organiser.email if organiser is not None else "demo"
    for number, (ago_min, text, language, _fate) in enumerate(NOTES):
        _push_note(session, number, text, language, prompt_id, now_ms, ago_min)
    card_notes: list[str] = []
    for number, (ago_min, _text, _language, fate) in enumerate(NOTES):
        if fate == "held":
            continue
        event_id = note_id(number)
        arrived = now_ms - ago_min * MINUTE_MS
        moderation.approve(
            session, event_id=event_id, decided_by=decided_by, now_ms=arrived + 20 * MINUTE_MS
        )
        if fate == "reply":
            answered = arrived + 3 * HOUR_MS
            replies.post_reply(
                session, note_id=event_id, text=REPLY, author_id=author, now_ms=answered
            )
        elif fate == "spotlight":
            replies.add_spotlight(
                session,
                event_id=event_id,
                ends_ms=now_ms + SPOTLIGHT_DAYS * DAY_MS,
                author_id=author,
                now_ms=now_ms,
            )
        elif fate == "card":
            card_notes.append(event_id)
    replies.post_you_said(
        session,
        site_id=site.id,
        title=CARD_TITLE,
        body=CARD_BODY,
        note_ids=card_notes,
        prompt_ids=[prompt_id] if prompt_id is not None else [],
        author_id=author,
        now_ms=now_ms - CARD_AGO_MIN * MINUTE_MS,
    )
    return True


def _push_note(
    session: Session,
    number: int,
    text: str,
    language: str,
    prompt_id: int | None,
    now_ms: int,
    ago_min: int,
) -> None:
    """One note as the demo kiosk pushes it, arriving `ago_min` minutes before now."""
    from server import crud
    from server.services.ingest import ingest_batch
    from storywall.protocol import ParsedPush
    from storywall.protocol.note import NoteEvent

    kiosk = crud.get_kiosk(session=session, kiosk_id=KIOSK)
    at_ms = now_ms - ago_min * MINUTE_MS
    # The kiosk's monotonic clock: up for three days now, so it grows note by note.
    mono_ms = 3 * DAY_MS - ago_min * MINUTE_MS
    payload: dict[str, object] = {"text": text, "language": language}
    if prompt_id is not None:
        payload["prompt_id"] = prompt_id
    event = NoteEvent.model_validate(
        {
            "v": 1,
            "id": uuid.UUID(note_id(number)),
            "kiosk_id": KIOSK,
            "boot_id": BOOT_ID,
            "seq": number + 1,
            "mono_ms": mono_ms,
            "wall_time": datetime.fromtimestamp(at_ms / 1000, UTC),
            "clock_synced": True,
            "type": "note",
            "payload": payload,
        }
    )
    push = ParsedPush(boot_id=BOOT_ID, sent_mono_ms=mono_ms + 1000, events=[event])
    ingest_batch(session, kiosk=kiosk, push=push, received_ms=at_ms)
