"""What the public sees of fridges: one query path feeds each page and its JSON twin.

`/fridges` and `/fridges.json` render `build_fridge_list`; `/fridges/<slug>` and
`/fridges/<slug>.json` render `build_fridge_detail`, so a page never shows what
its JSON does not (docs/fridges-api.md documents every field). Nothing here names a
volunteer, a kiosk or its token: counts, status, times and approved photos only.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlmodel import Session

from server.fridges import get_fridge, list_fridges
from server.models import Site
from server.models_fridge import Fridge
from server.models_updates import FRIDGE_UPDATE_TABLE
from server.services.fridge_status import (
    CONDITION_WORDS,
    LEVEL_WORDS,
    FridgeStatus,
    fridge_status,
    fridge_statuses,
)
from server.services.public_photos import photo_display_path, photo_thumb_path, public_photos

# How many updates a fridge's page and JSON show, newest first (feeds hold more).
RECENT_UPDATES = 20

_UPDATE = FRIDGE_UPDATE_TABLE.c


def utc(ms: int) -> datetime:
    """Epoch ms as an aware UTC datetime (JSON: RFC 3339 with Z)."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def utc_or_none(ms: int | None) -> datetime | None:
    """utc(ms), or None for a time never reported."""
    return None if ms is None else utc(ms)


class LastUpdate(BaseModel):
    """The newest public update about a fridge."""

    title: str
    at: datetime


class FridgeSummary(BaseModel):
    """One fridge in the open list: where it is and how it is now."""

    slug: str = Field(description="The fridge's id in URLs.")
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    timezone: str = Field(description="IANA time zone; the page shows times in it.")
    condition: str | None = Field(description="good, dirty, out_of_order, not_at_location, ghost")
    condition_word: str | None
    condition_reported_at: datetime | None
    condition_reported_via: str | None = Field(description="form or kiosk")
    level: int | None = Field(description="0 empty, 1 a few items, 2 many items, 3 full")
    level_word: str | None
    level_reported_at: datetime | None
    level_reported_via: str | None
    too_warm: bool
    warning: str | None
    last_checked_at: datetime | None
    last_restocked_at: datetime | None
    last_update: LastUpdate | None
    url: str = Field(description="The fridge's public page.")
    json_url: str


class FridgeList(BaseModel):
    """Body of GET /fridges.json: every fridge, by slug."""

    generated_at: datetime
    fridges: list[FridgeSummary]


class UpdatePhoto(BaseModel):
    """An approved drop-off photo."""

    thumb_url: str
    display_url: str


class FridgeUpdateItem(BaseModel):
    """One public update on a fridge's page."""

    kind: str
    title: str
    body: str
    at: datetime
    photo: UpdatePhoto | None


class Feeds(BaseModel):
    """The fridge's feeds of updates."""

    atom: str
    json_feed: str


class FridgeDetail(FridgeSummary):
    """Body of GET /fridges/<slug>.json: the summary, the rules and recent updates."""

    opening_notes: str
    accepts: list[str]
    refuses: list[str]
    updates: list[FridgeUpdateItem]
    feeds: Feeds
    generated_at: datetime


def _summary(site: Site, fridge: Fridge, status: FridgeStatus, base_url: str) -> FridgeSummary:
    condition, level = status.condition, status.level
    page = f"{base_url}/fridges/{site.slug}"
    last = status.last_update
    return FridgeSummary(
        slug=site.slug,
        name=site.name,
        address=fridge.address,
        latitude=fridge.latitude,
        longitude=fridge.longitude,
        timezone=site.timezone,
        condition=None if condition is None else condition.value,
        condition_word=None if condition is None else CONDITION_WORDS.get(condition.value),
        condition_reported_at=None if condition is None else utc(condition.at_ms),
        condition_reported_via=None if condition is None else condition.via,
        level=None if level is None else level.value,
        level_word=None if level is None else LEVEL_WORDS.get(level.value),
        level_reported_at=None if level is None else utc(level.at_ms),
        level_reported_via=None if level is None else level.via,
        too_warm=status.too_warm,
        warning=status.warning,
        last_checked_at=utc_or_none(status.last_checked_ms),
        last_restocked_at=utc_or_none(status.last_restocked_ms),
        last_update=None if last is None else LastUpdate(title=last.title, at=utc(last.at_ms)),
        url=page,
        json_url=f"{page}.json",
    )


def build_fridge_list(session: Session, *, base_url: str, now_ms: int) -> FridgeList:
    """Every fridge with its status: six queries however many fridges there are."""
    pairs = list_fridges(session=session)
    statuses = fridge_statuses(session, [fridge.site_id for _site, fridge in pairs])
    return FridgeList(
        generated_at=utc(now_ms),
        fridges=[
            _summary(site, fridge, statuses[fridge.site_id], base_url) for site, fridge in pairs
        ],
    )


def _recent_updates(session: Session, site_id: int, base_url: str) -> list[FridgeUpdateItem]:
    rows = list(
        session.connection().execute(
            select(_UPDATE.kind, _UPDATE.title, _UPDATE.body, _UPDATE.occurred_ms, _UPDATE.photo)
            .where(_UPDATE.site_id == site_id)
            .order_by(_UPDATE.occurred_ms.desc(), _UPDATE.id.desc())
            .limit(RECENT_UPDATES)
        )
    )
    shown = public_photos(session, (photo for *_rest, photo in rows if photo))
    return [
        FridgeUpdateItem(
            kind=kind,
            title=title,
            body=body,
            at=utc(occurred_ms),
            photo=UpdatePhoto(
                thumb_url=base_url + photo_thumb_path(photo),
                display_url=base_url + photo_display_path(photo),
            )
            if photo in shown
            else None,
        )
        for kind, title, body, occurred_ms, photo in rows
    ]


def build_fridge_detail(
    session: Session, *, site_slug: str, base_url: str, now_ms: int
) -> FridgeDetail:
    """One fridge's page data; NotFound when there is no such fridge."""
    site, fridge = get_fridge(session=session, site_slug=site_slug)
    summary = _summary(site, fridge, fridge_status(session, fridge.site_id), base_url)
    page = summary.url
    return FridgeDetail(
        **summary.model_dump(),
        opening_notes=fridge.opening_notes,
        accepts=list(fridge.accepts),
        refuses=list(fridge.refuses),
        updates=_recent_updates(session, fridge.site_id, base_url),
        feeds=Feeds(atom=f"{page}/feed.atom", json_feed=f"{page}/feed.json"),
        generated_at=utc(now_ms),
    )
