"""The wall's data: one query path for the HTML page and its JSON twin.

Two views (docs/wall.md, "Views"): one site's wall (`site_slug`), with a strip of recent
approved cards "from neighbouring walls", and the network's, where every site has its
panel (all of them are on screen already, so it has no strip of neighbours).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from sqlmodel import Session

from server import crud
from server.errors import NotFound
from server.models import Prompt, PromptPublic, Site, SitePublic
from server.services.approved import WallDoodle, WallNoteCard, approved_doodles, approved_notes
from server.services.replies import wall_extras
from server.services.replies_public import PublicSpotlight, YouSaidCard, replies_for
from server.services.tallies import prompt_counts, today_at

# The most notes the wall shows per site (newest first).
MAX_WALL_NOTES = 20
# "From neighbouring walls": at most this many cards, the newest, from the other sites;
# each site gives at most NEIGHBOUR_CARDS_PER_SITE, so one busy site cannot fill the strip.
MAX_NEIGHBOUR_CARDS = 8
NEIGHBOUR_CARDS_PER_SITE = 3


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
    # Empty while the prompt's results are not revealed (the organiser chooses when).
    tallies: list[Tally]
    # Answers to the current prompt the hub cannot place in time yet: in totals only.
    undated: int
    # Presses the kiosks saw as button mashing (play, not opinion), today and in all.
    play_today: int = 0
    play_total: int = 0
    # Approved notes and doodles of the site, newest first (held ones never).
    notes: list[WallNoteCard] = []
    doodles: list[WallDoodle] = []
    # Organisers' answers on the wall, from `wall_extras(session, site_id)` of
    # server/services/replies.py (filled in by `site_extras` below): pinned notes and
    # doodles (PublicSpotlight), and "you said, we did" cards (YouSaidCard). A note's
    # reply stands on the note itself (WallNoteCard.reply).
    spotlights: list[PublicSpotlight] = []
    you_said: list[YouSaidCard] = []


class NeighbourCard(BaseModel):
    """A recent approved note or doodle from another site, for a site's own wall."""

    site_slug: str
    site_name: str
    kind: Literal["note", "doodle"]
    card: WallNoteCard | WallDoodle
    received_ms: int


class Wall(BaseModel):
    """Body of GET /wall.json, and what GET / renders."""

    generated_ms: int
    # The one site shown (its slug), or None for the whole network.
    site: str | None = None
    sites: list[WallSite]
    # On one site's wall only: the newest approved cards of the other sites.
    neighbours: list[NeighbourCard] = []


def tallies_shown(prompt: Prompt) -> bool:
    """Are the prompt's results on the wall yet? Revealed when the organiser chooses
    (`PromptPublic.results_revealed`, docs/prompts.md); counted either way."""
    return prompt.results_revealed


def site_extras(session: Session, site_id: int, *, now_ms: int | None = None) -> dict[str, Any]:
    """Spotlights live at `now_ms` and "you said, we did" cards of the site, for WallSite
    and the poster: what `wall_extras` of server/services/replies.py gives."""
    extras = wall_extras(session, site_id, now_ms=now_ms)
    return {"spotlights": extras.spotlights, "you_said": extras.you_said}


def with_replies(session: Session, notes: list[WallNoteCard]) -> list[WallNoteCard]:
    """The notes, each with the organisers' reply standing under it (or None)."""
    replies = replies_for(session, [note.id for note in notes])
    return [note.model_copy(update={"reply": replies.get(note.id)}) for note in notes]


def _site_wall(session: Session, site: Site, now_ms: int) -> WallSite:
    today = today_at(site, now_ms)
    assert site.id is not None
    shown = SitePublic.model_validate(site, from_attributes=True).model_dump()
    shown["notes"] = with_replies(session, approved_notes(session, site.id, MAX_WALL_NOTES))
    shown["doodles"] = approved_doodles(session, site.id)
    shown.update(site_extras(session, site.id, now_ms=now_ms))
    prompt: Prompt | None = crud.current_prompt(session=session, site_id=site.id, now_ms=now_ms)
    if prompt is None or prompt.id is None:
        return WallSite(**shown, today=today.day, prompt=None, tallies=[], undated=0)
    public = PromptPublic.of(prompt)
    if not tallies_shown(prompt):
        return WallSite(**shown, today=today.day, prompt=public, tallies=[], undated=0)
    counts = prompt_counts(session, prompt, today, site_id=site.id)
    labels = prompt.options if prompt.kind == "poll" else prompt.emoji
    tallies = [
        Tally(choice=choice, label=label, today=counts.today[choice], total=counts.total[choice])
        for choice, label in zip(counts.total, labels, strict=True)
    ]
    return WallSite(
        **shown,
        today=today.day,
        prompt=public,
        tallies=tallies,
        undated=counts.undated,
        play_today=counts.play_today,
        play_total=counts.play_total,
    )


def neighbour_cards(session: Session, sites: list[Site], *, but: int) -> list[NeighbourCard]:
    """The newest approved cards of every site but `but`, newest first.

    A few per site through the same indexed walk as a site's own wall, so the cost grows
    with the number of sites, never with the number of notes."""
    cards: list[NeighbourCard] = []
    for site in sites:
        if site.id is None or site.id == but:
            continue
        notes = approved_notes(session, site.id, NEIGHBOUR_CARDS_PER_SITE)
        doodles = approved_doodles(session, site.id, NEIGHBOUR_CARDS_PER_SITE)
        mine = [
            NeighbourCard(
                site_slug=site.slug,
                site_name=site.name,
                kind="note",
                card=note,
                received_ms=note.received_ms,
            )
            for note in notes
        ] + [
            NeighbourCard(
                site_slug=site.slug,
                site_name=site.name,
                kind="doodle",
                card=doodle,
                received_ms=doodle.received_ms,
            )
            for doodle in doodles
        ]
        mine.sort(key=lambda shown: shown.received_ms, reverse=True)
        cards.extend(mine[:NEIGHBOUR_CARDS_PER_SITE])
    cards.sort(key=lambda shown: shown.received_ms, reverse=True)
    kept = cards[:MAX_NEIGHBOUR_CARDS]
    # The replies of the notes kept, in one query for every site.
    replies = replies_for(session, [shown.card.id for shown in kept if shown.kind == "note"])
    return [
        shown.model_copy(
            update={"card": shown.card.model_copy(update={"reply": replies.get(shown.card.id)})}
        )
        if shown.kind == "note"
        else shown
        for shown in kept
    ]


def build_wall(
    session: Session,
    *,
    now_ms: int,
    site_slug: str | None = None,
    sites: list[Site] | None = None,
) -> Wall:
    """The wall for all sites by slug (or the one named), as of `now_ms`.

    `sites`, every site as the caller just read them (wall_changes.wall_sites), saves
    reading them again. NotFound when `site_slug` names no site."""
    if sites is None:
        sites = list(crud.list_sites(session=session))
    if site_slug is None:
        return Wall(
            generated_ms=now_ms, sites=[_site_wall(session, site, now_ms) for site in sites]
        )
    site = next((site for site in sites if site.slug == site_slug), None)
    if site is None or site.id is None:
        raise NotFound(f"no site {site_slug!r}")
    return Wall(
        generated_ms=now_ms,
        site=site.slug,
        sites=[_site_wall(session, site, now_ms)],
        neighbours=neighbour_cards(session, sites, but=site.id),
    )
