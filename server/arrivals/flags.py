"""Automatic flags: hints for the moderator, computed once as notes, doodles and
photos arrive, and stored in moderation_flag (docs/moderation.md, "Flags").

The moderated kinds call `flag_arrivals` from their `arrival_states` hook (the
registry, not the ingest pipeline), because a flag also decides the arrival state:
at a post-moderated site an item goes public at once only when nothing flagged it.

Cost per push, whatever its size: one query for the kiosk's last day of arrivals (bursts),
one for the site's recent notes (near-duplicates, only if the push has notes), one
for media seen before (only if it names media), one insert (only if something was
flagged). The text checks are in-process (server/arrivals/flag_text.py).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import func, insert, select
from sqlmodel import Session

from server.arrivals import flag_text
from server.models import EVENT_TABLE, MEDIA_REF_TABLE, Kiosk
from server.models_moderation import FLAG_KINDS, MODERATION_FLAG_TABLE
from storywall.protocol.limits import MAX_NAME_CHARS

# Many arrivals from one kiosk in a few minutes: someone typing the same thing over
# and over, or a test left running. A busy afternoon brings a note every few minutes.
BURST_COUNT = 5
BURST_WINDOW_MS = 3 * 60_000
# How far back (by arrival) a burst looks for the kiosk's other items.
BURST_LOOKBACK_MS = 24 * 3_600_000
# Types counted together: a note and a doodle are both someone at the screen.
BURST_TOGETHER = ("note", "doodle")
# Near-duplicates are looked for among the site's notes of the last day, newest first.
DUPLICATE_WINDOW_MS = 24 * 3_600_000
DUPLICATE_LOOKBACK = 200
# Texts this long (normalised) compare by shared three-letter pieces; shorter ones
# must match exactly.
FUZZY_MIN_CHARS = 12
FUZZY_MIN_SIMILARITY = 0.8

# The kinds of flag (models_moderation.FLAG_KINDS, which the table's check constraint lists).
PROFANITY, BURST, DUPLICATE, SHORT, LANGUAGE = FLAG_KINDS

_EVENT = EVENT_TABLE.c
_REF = MEDIA_REF_TABLE.c


class Arrival(NamedTuple):
    """What the flags look at in one arriving event."""

    id: str
    type: str
    text: str | None = None
    language: str | None = None
    # A doodle's PNG or a drop-off's photo, by hash.
    media: str | None = None


class Flag(NamedTuple):
    """One flag on one arrival."""

    event_id: str
    kind: str
    detail: str = ""


def flag_arrivals(
    session: Session,
    *,
    kiosk: Kiosk,
    site_languages: Sequence[str],
    arrivals: Sequence[Arrival],
    now_ms: int,
) -> dict[str, list[Flag]]:
    """Flag this push's arrivals of one or more kinds, store the flags, and return
    them by event id (ids with no flag are absent)."""
    if not arrivals:
        return {}
    found: list[Flag] = []
    found += _bursts(session, kiosk, arrivals, now_ms)
    found += _text_flags(site_languages, arrivals)
    found += _duplicate_notes(session, kiosk, arrivals, now_ms)
    found += _duplicate_media(session, arrivals)
    by_event: dict[str, list[Flag]] = {}
    for flag in found:
        by_event.setdefault(flag.event_id, []).append(flag)
    if found:
        session.connection().execute(
            insert(MODERATION_FLAG_TABLE),
            [
                {
                    "event_id": flag.event_id,
                    "kind": flag.kind,
                    "detail": flag.detail[:MAX_NAME_CHARS],
                    "created_ms": now_ms,
                }
                for flag in found
            ],
        )
    return by_event


def _bursts(session: Session, kiosk: Kiosk, arrivals: Sequence[Arrival], now_ms: int) -> list[Flag]:
    # By when the items were made (placed_ms), not when they arrived: a kiosk back from
    # an hour offline sends its afternoon in one push, and that is no burst. The push's
    # own events are stored already (ingest inserts before the holds), so one query
    # over this kiosk's arrivals of the last BURST_LOOKBACK_MS has them all.
    types = {arrival.type for arrival in arrivals}
    if types & set(BURST_TOGETHER):
        types |= set(BURST_TOGETHER)
    rows = session.connection().execute(
        select(_EVENT.id, func.coalesce(_EVENT.placed_ms, _EVENT.received_ms)).where(
            _EVENT.site_id == kiosk.site_id,
            _EVENT.type.in_(sorted(types)),
            _EVENT.received_ms >= now_ms - BURST_LOOKBACK_MS,
            _EVENT.kiosk_id == kiosk.id,
        )
    )
    made = dict(rows.all())
    times = sorted(made.values())
    minutes = BURST_WINDOW_MS // 60_000
    flags: list[Flag] = []
    for arrival in arrivals:
        at = made.get(arrival.id)
        if at is None:
            continue
        near = bisect_right(times, at + BURST_WINDOW_MS) - bisect_left(times, at - BURST_WINDOW_MS)
        if near >= BURST_COUNT:
            detail = f"{near} from kiosk {kiosk.id} within {minutes} minutes of it"
            flags.append(Flag(arrival.id, BURST, detail))
    return flags


def _text_flags(site_languages: Sequence[str], arrivals: Sequence[Arrival]) -> list[Flag]:
    flags: list[Flag] = []
    for arrival in arrivals:
        if arrival.text is None:
            continue
        text = arrival.text
        languages = {*site_languages, *([arrival.language] if arrival.language else [])}
        words = flag_text.profane_words(text, sorted(languages))
        if words:
            quoted = ", ".join(words[: flag_text.MAX_QUOTED])
            flags.append(Flag(arrival.id, PROFANITY, f"on the list: {quoted}"))
        if flag_text.too_short(text):
            flags.append(Flag(arrival.id, SHORT, "too short to mean anything"))
            continue
        guessed = flag_text.confident_language(text)
        if guessed is not None and guessed not in site_languages:
            used = ", ".join(site_languages)
            flags.append(Flag(arrival.id, LANGUAGE, f"looks like {guessed}; the site uses {used}"))
    return flags


def _shingles(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 3] for i in range(len(text) - 2))


def _similar(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    if a[0] == b[0]:
        return True
    if min(len(a[0]), len(b[0])) < FUZZY_MIN_CHARS:
        return False
    shared = len(a[1] & b[1])
    return shared / len(a[1] | b[1]) >= FUZZY_MIN_SIMILARITY


def _duplicate_notes(
    session: Session, kiosk: Kiosk, arrivals: Sequence[Arrival], now_ms: int
) -> list[Flag]:
    notes = [arrival for arrival in arrivals if arrival.text is not None]
    if not notes:
        return []
    ids = {arrival.id for arrival in notes}
    rows = session.connection().execute(
        select(_EVENT.id, _EVENT.payload)
        .where(
            _EVENT.site_id == kiosk.site_id,
            _EVENT.type == "note",
            _EVENT.received_ms >= now_ms - DUPLICATE_WINDOW_MS,
        )
        .order_by(_EVENT.received_ms.desc())
        .limit(DUPLICATE_LOOKBACK + len(ids))
    )
    seen: list[tuple[str, frozenset[str]]] = []
    for event_id, payload in rows:
        if event_id not in ids and isinstance(payload, dict):
            text = flag_text.normalised(str(payload.get("text", "")))
            if text:
                seen.append((text, _shingles(text)))
    flags: list[Flag] = []
    for arrival in notes:
        assert arrival.text is not None
        text = flag_text.normalised(arrival.text)
        if not text:
            continue
        mine = (text, _shingles(text))
        if any(_similar(mine, other) for other in seen):
            flags.append(Flag(arrival.id, DUPLICATE, "like a note from the last day at this site"))
        seen.append(mine)
    return flags


def _duplicate_media(session: Session, arrivals: Sequence[Arrival]) -> list[Flag]:
    media = [arrival for arrival in arrivals if arrival.media is not None]
    if not media:
        return []
    # This push's refs are written after its states, so every ref found is older.
    hashes = sorted({arrival.media for arrival in media if arrival.media})
    known = set(
        session.connection()
        .execute(select(_REF.sha256).where(_REF.sha256.in_(hashes)).distinct())
        .scalars()
    )
    flags: list[Flag] = []
    for arrival in media:
        if arrival.media in known:
            flags.append(Flag(arrival.id, DUPLICATE, "the same picture arrived before"))
        known.add(arrival.media or "")
    return flags
