"""The wall's data for every site: one query path for the HTML page and its JSON twin."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import case, func
from sqlmodel import Session, col, select

from server import crud
from server.models import Event, Prompt, PromptPublic, Site, SitePublic


class Tally(BaseModel):
    """Reactions with one emoji to the current prompt."""

    emoji: str
    today: int
    total: int


class WallSite(SitePublic):
    """One site on the wall: the site, today's date there, its prompt and tallies."""

    today: date
    prompt: PromptPublic | None
    tallies: list[Tally]
    # Reactions to the current prompt the hub cannot place in time yet: in totals only.
    undated: int


class Wall(BaseModel):
    """Body of GET /wall.json, and what GET / renders."""

    generated_ms: int
    sites: list[WallSite]


def day_bounds_ms(day: date, zone: ZoneInfo) -> tuple[int, int]:
    """[start, end) of a local calendar day in epoch ms (23 or 25 hours around DST)."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def _site_wall(session: Session, site: Site, now_ms: int) -> WallSite:
    zone = ZoneInfo(site.timezone)
    today = datetime.fromtimestamp(now_ms / 1000, tz=UTC).astimezone(zone).date()
    assert site.id is not None
    prompt: Prompt | None = crud.current_prompt(session=session, site_id=site.id)
    if prompt is None or prompt.id is None:
        return WallSite(
            slug=site.slug,
            name=site.name,
            timezone=site.timezone,
            today=today,
            prompt=None,
            tallies=[],
            undated=0,
        )
    start_ms, end_ms = day_bounds_ms(today, zone)
    placed = col(Event.placed_ms)
    in_today = case((placed.is_not(None) & (placed >= start_ms) & (placed < end_ms), 1), else_=0)
    undated = case((placed.is_(None), 1), else_=0)
    rows = session.exec(
        select(
            col(Event.choice),
            func.count(),
            func.coalesce(func.sum(in_today), 0),
            func.coalesce(func.sum(undated), 0),
        )
        .where(Event.site_id == site.id, Event.prompt_id == prompt.id)
        .group_by(col(Event.choice))
    ).all()
    counts = {choice: (int(total), int(day), int(nodate)) for choice, total, day, nodate in rows}
    tallies = []
    for emoji in prompt.emoji:
        total, day, _undated = counts.get(emoji, (0, 0, 0))
        tallies.append(Tally(emoji=emoji, today=day, total=total))
    return WallSite(
        slug=site.slug,
        name=site.name,
        timezone=site.timezone,
        today=today,
        prompt=PromptPublic.model_validate(prompt, from_attributes=True),
        tallies=tallies,
        undated=sum(nodate for _total, _day, nodate in counts.values()),
    )


def build_wall(session: Session, *, now_ms: int) -> Wall:
    """The wall for all sites, by slug, as of `now_ms`."""
    sites = crud.list_sites(session=session)
    return Wall(generated_ms=now_ms, sites=[_site_wall(session, site, now_ms) for site in sites])
