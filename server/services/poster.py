"""The weekly poster's content: what a site's wall said in one ISO week, approved only.

So the wall is remembered after it is painted over: the week's prompts with their tallies
(as the wall shows them: only once revealed), the organisers' spotlights and replies, and
a selection of the week's approved notes and doodles. One query path feeds the poster's
PNG, its PDF and its JSON twin (server/web/poster.py); drawn by poster_render.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from server import crud, prompt_calendar
from server.errors import InvalidInput, NotFound
from server.models import APPROVED, EVENT_TABLE, MEDIA_TABLE, MODERATION_TABLE, Prompt, Site
from server.services.approved import media_url
from server.services.replies_public import replies_for
from server.services.tallies import answer_keys
from server.services.wall import site_extras, tallies_shown

WEEK_PATTERN = r"^[0-9]{4}-W[0-9]{2}$"
_WEEK = re.compile(WEEK_PATTERN)
# Bumped when the drawing changes, so cached posters are drawn again.
RENDERER = "poster-1"
# A week has at most seven daily prompts; a poster shows at most this many.
MAX_POSTER_PROMPTS = 7
MAX_POSTER_NOTES = 12
MAX_POSTER_DOODLES = 6

_EVENT = EVENT_TABLE.c
_MOD = MODERATION_TABLE.c
PROMPT_TABLE = SQLModel.metadata.tables["prompt"]


class PosterAnswer(BaseModel):
    """One answer of a prompt and how often it was chosen that week (opinion only)."""

    label: str
    emoji: bool
    # None while the prompt's results are not revealed (never a misleading 0).
    count: int | None


class PosterPrompt(BaseModel):
    """A prompt the site asked during the week."""

    text: str
    kind: str
    # False while its results are not revealed: the answers are listed, not counted.
    revealed: bool
    answers: list[PosterAnswer]


class PosterNote(BaseModel):
    """An approved note of the week."""

    id: str
    text: str
    language: str
    # The organiser's reply under it (replies_for of server/services/replies_public.py).
    reply: str | None = None


class PosterDoodle(BaseModel):
    """An approved doodle of the week whose PNG the hub holds."""

    id: str
    sha256: str
    url: str
    width: int
    height: int


class Poster(BaseModel):
    """A site's week on one A3 page (and the body of its JSON twin)."""

    site_slug: str
    site_name: str
    week: str
    first_day: date
    last_day: date
    prompts: list[PosterPrompt]
    notes: list[PosterNote]
    doodles: list[PosterDoodle]
    # The organisers' answers (wall_extras, as on the wall): spotlights and "you said, we
    # did" cards; a note's reply stands on the note (PosterNote.reply).
    spotlights: list[Any] = []
    you_said: list[Any] = []

    @property
    def etag(self) -> str:
        """A strong ETag of what the poster shows and of the drawing code's version."""
        data = json.dumps([RENDERER, self.model_dump(mode="json")], sort_keys=True)
        return '"' + hashlib.sha256(data.encode()).hexdigest()[:40] + '"'


def parse_week(week: str) -> tuple[int, int]:
    """ "2026-W48" as (2026, 48); InvalidInput for anything else or a week that does not
    exist (W53 of a 52-week year)."""
    if not _WEEK.match(week):
        raise InvalidInput(f"week: {week!r} is not an ISO week such as 2026-W48")
    year, number = int(week[:4]), int(week[6:])
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InvalidInput(f"week: {year} has no week {number}") from None
    return year, number


def iso_week(day: date) -> str:
    """The ISO week a day falls in, as "2026-W48"."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def _week_bounds(site: Site, year: int, number: int) -> tuple[date, int, int]:
    zone = ZoneInfo(site.timezone)
    monday = date.fromisocalendar(year, number, 1)
    start = datetime.combine(monday, time.min, tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone)
    return monday, int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def _week_prompts(session: Session, site: Site, start_ms: int, end_ms: int) -> list[Prompt]:
    """The prompts current at some time in [start_ms, end_ms), oldest first."""
    return prompt_calendar.shown_between(session, site, start_ms, end_ms)[-MAX_POSTER_PROMPTS:]


def _week_counts(
    session: Session, prompt: Prompt, site_id: int, start_ms: int, end_ms: int
) -> dict[str, int]:
    """Opinion on `prompt` at the site placed in the week, by choice key (play left out)."""
    rows = session.connection().execute(
        select(_EVENT.choice, func.count())
        .where(
            _EVENT.site_id == site_id,
            _EVENT.prompt_id == prompt.id,
            _EVENT.placed_ms >= start_ms,
            _EVENT.placed_ms < end_ms,
            _EVENT.play.is_(False),
        )
        .group_by(_EVENT.choice)
    )
    counts = dict.fromkeys(answer_keys(prompt), 0)
    for choice, count in rows:
        if choice in counts:
            counts[choice] = int(count)
    return counts


def _poster_prompt(
    session: Session, prompt: Prompt, site_id: int, start_ms: int, end_ms: int
) -> PosterPrompt:
    labels = prompt.options if prompt.kind == "poll" else prompt.emoji
    revealed = tallies_shown(prompt)
    counts = _week_counts(session, prompt, site_id, start_ms, end_ms) if revealed else {}
    answers = [
        PosterAnswer(
            label=label, emoji=prompt.kind != "poll", count=counts.get(key, 0) if revealed else None
        )
        for key, label in zip(answer_keys(prompt), labels, strict=True)
    ]
    return PosterPrompt(text=prompt.text, kind=prompt.kind, revealed=revealed, answers=answers)


def _approved_in(
    session: Session, site_id: int, type_name: str, start_ms: int, end_ms: int, limit: int
) -> list[Any]:
    # A range of ix_event_site_type_received, approved rows only, newest first.
    statement = (
        select(_EVENT.id, _EVENT.payload)
        .join(MODERATION_TABLE, _MOD.event_id == _EVENT.id)
        .where(
            _EVENT.site_id == site_id,
            _EVENT.type == type_name,
            _EVENT.received_ms >= start_ms,
            _EVENT.received_ms < end_ms,
            _MOD.state == APPROVED,
        )
        .order_by(_EVENT.received_ms.desc(), _EVENT.kiosk_id, _EVENT.seq.desc())
        .limit(limit)
    )
    return list(session.connection().execute(statement))


def _week_doodles(session: Session, site_id: int, start_ms: int, end_ms: int) -> list[PosterDoodle]:
    rows = _approved_in(session, site_id, "doodle", start_ms, end_ms, MAX_POSTER_DOODLES)
    hashes = sorted({payload["media"] for _id, payload in rows})
    stored = MEDIA_TABLE.c.sha256
    held = (
        set(session.connection().execute(select(stored).where(stored.in_(hashes))).scalars())
        if hashes
        else set()
    )
    return [
        PosterDoodle(
            id=event_id,
            sha256=payload["media"],
            url=media_url(payload["media"]),
            width=payload["width"],
            height=payload["height"],
        )
        for event_id, payload in rows
        if payload["media"] in held
    ]


def _history_start(session: Session, site: Site) -> int:
    """When the site's history starts: its creation, or its first prompt when that is
    older (a site set up again with its prompts carried over)."""
    first = (
        session.connection()
        .execute(
            select(func.min(PROMPT_TABLE.c.created_ms)).where(PROMPT_TABLE.c.site_id == site.id)
        )
        .scalar()
    )
    return site.created_ms if first is None else min(site.created_ms, int(first))


def describe_poster(session: Session, *, site_slug: str, week: str, now_ms: int) -> Poster:
    """The poster of `site_slug` for `week` ("2026-W48").

    NotFound for an unknown site or a week the site has not had (before its history
    starts, or after today): a poster is never drawn for a week nobody could have
    written in."""
    site = crud.get_site(session=session, slug=site_slug)
    assert site.id is not None
    year, number = parse_week(week)
    monday, start_ms, end_ms = _week_bounds(site, year, number)
    if start_ms > now_ms or end_ms <= _history_start(session, site):
        raise NotFound(f"poster: {site.slug} has no week {week} yet")
    prompts = [
        _poster_prompt(session, prompt, site.id, start_ms, end_ms)
        for prompt in _week_prompts(session, site, start_ms, end_ms)
    ]
    rows = _approved_in(session, site.id, "note", start_ms, end_ms, MAX_POSTER_NOTES)
    replies = replies_for(session, [event_id for event_id, _payload in rows])
    notes = [
        PosterNote(
            id=event_id,
            text=payload["text"],
            language=payload["language"],
            reply=replies.get(event_id),
        )
        for event_id, payload in rows
    ]
    return Poster(
        site_slug=site.slug,
        site_name=site.name,
        week=f"{year}-W{number:02d}",
        first_day=monday,
        last_day=monday + timedelta(days=6),
        prompts=prompts,
        notes=notes,
        doodles=_week_doodles(session, site.id, start_ms, end_ms),
        **site_extras(session, site.id, now_ms=min(now_ms, end_ms - 1)),
    )


def this_week(site: Site, now_ms: int) -> str:
    """The ISO week it is now at the site."""
    zone = ZoneInfo(site.timezone)
    return iso_week(datetime.fromtimestamp(now_ms / 1000, tz=UTC).astimezone(zone).date())
