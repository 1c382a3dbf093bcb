"""The wall's data for every site: one query path for the HTML page and its JSON twin."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from server import crud
from server.models import Prompt, PromptPublic, Site, SitePublic
from server.services.approved import WallDoodle, WallNoteCard, approved_doodles, approved_notes
from server.services.replies import wall_extras
from server.services.replies_public import PublicSpotlight, YouSaidCard, replies_for
from server.services.tallies import prompt_counts, today_at

# The most notes the wall shows per site (newest first).
MAX_WALL_NOTES = 20


class Tally(BaseModel):
    """Opinion on one answer of the current prompt (play presses are not in it)."""

    # The answer's tally key: the emoji, or "#<index>" of a poll option.
    choice: str
    # What the wall shows for it: the emoji, or the option's label.
    label: str
    today: int
    total: int


class WallSite(SitePublic):
    """One site on the wall: the site, today's date there, its prompt and tallies."""

    today: date
    prompt: PromptPublic | None
    tallies: list[Tally]
    # Answers to the current prompt the hub cannot place in time yet: in totals only.
    undated: int
    # Presses the kiosks saw as button mashing (play, not opinion), today and in all.
    play_today: int = 0
    play_total: int = 0
    # Approved notes and doodles of the site, newest first (held ones never).
    notes: list[WallNoteCard] = []
    doodles: list[WallDoodle] = []
    # Pinned notes and doodles, and "you said, we did" cards (the network's too).
    spotlights: list[PublicSpotlight] = []
    you_said: list[YouSaidCard] = []


class Wall(BaseModel):
    """Body of GET /wall.json, and what GET / renders."""

    generated_ms: int
    sites: list[WallSite]


def _site_wall(session: Session, site: Site, now_ms: int) -> WallSite:
    today = today_at(site, now_ms)
    assert site.id is not None
    shown = SitePublic.model_validate(site, from_attributes=True).model_dump()
    extras = wall_extras(session, site.id, now_ms=now_ms)
    notes = approved_notes(session, site.id, MAX_WALL_NOTES)
    replies = replies_for(session, [note.id for note in notes])
    shown["notes"] = [note.model_copy(update={"reply": replies.get(note.id)}) for note in notes]
    shown["doodles"] = approved_doodles(session, site.id)
    shown["spotlights"] = extras.spotlights
    shown["you_said"] = extras.you_said
    prompt: Prompt | None = crud.current_prompt(session=session, site_id=site.id)
    if prompt is None or prompt.id is None:
        return WallSite(**shown, today=today.day, prompt=None, tallies=[], undated=0)
    counts = prompt_counts(session, prompt, today)
    labels = prompt.options if prompt.kind == "poll" else prompt.emoji
    tallies = [
        Tally(choice=choice, label=label, today=counts.today[choice], total=counts.total[choice])
        for choice, label in zip(counts.total, labels, strict=True)
    ]
    return WallSite(
        **shown,
        today=today.day,
        prompt=PromptPublic.model_validate(prompt, from_attributes=True),
        tallies=tallies,
        undated=counts.undated,
        play_today=counts.play_today,
        play_total=counts.play_total,
    )


def build_wall(session: Session, *, now_ms: int, site_slug: str | None = None) -> Wall:
    """The wall for all sites by slug (or the one named), as of `now_ms`.

    NotFound when `site_slug` names no site."""
    if site_slug is not None:
        sites = [crud.get_site(session=session, slug=site_slug)]
    else:
        sites = crud.list_sites(session=session)
    return Wall(generated_ms=now_ms, sites=[_site_wall(session, site, now_ms) for site in sites])
