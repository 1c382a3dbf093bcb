"""The fridges' public updates as feeds: Atom and JSON Feed 1.1 (written by feeds.py).

`fridge_feed` is the one query both formats (and any page that lists updates) read:
the newest FEED_LIMIT updates of one fridge or of every fridge, newest first by when
they happened, each with its photo only while that photo is public (public_photos.py).
History (an update whose `news` is False: it happened long before the hub heard of
it) is in the feed too, dated when it happened and tagged "history", so a reader sees
it in its place rather than as today's news.

Links are absolute, from the hub's public address or the request's; entry ids are
those links, so they stay the same while the public address does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from server.fridges import get_fridge
from server.models_fridge import FRIDGE_TABLE
from server.models_updates import FRIDGE_UPDATE_TABLE
from server.services import feeds
from server.services.feeds import FeedDocument, FeedItem
from server.services.public_photos import photo_display_path, public_photos

FEED_LIMIT = 50
ALL_FRIDGES_TITLE = "Community fridges"
# Tag and Atom category of an update told late (FridgeUpdate.news is False).
HISTORY_TAG = "history"

SITE_TABLE = SQLModel.metadata.tables["site"]
_UPDATE = FRIDGE_UPDATE_TABLE.c
_SITE = SITE_TABLE.c


@dataclass(frozen=True)
class FeedEntry:
    """One public update as the feeds and pages show it."""

    id: int
    fridge_slug: str
    fridge_name: str
    timezone: str
    kind: str
    title: str
    body: str
    occurred_ms: int
    created_ms: int
    news: bool
    # The photo's hash while it is public, else None.
    photo: str | None


@dataclass(frozen=True)
class FridgeFeed:
    """A fridge's updates (or every fridge's when `fridge_slug` is None), newest first."""

    fridge_slug: str | None
    title: str
    # Who the feed is by: the fridge's name, or "Community fridges".
    author: str
    # When the feed last changed: its newest entry's writing, or the fridge's making.
    updated_ms: int
    entries: list[FeedEntry]


def fridge_feed(session: Session, *, site_slug: str | None, limit: int = FEED_LIMIT) -> FridgeFeed:
    """The newest `limit` updates of the fridge `site_slug` (NotFound if it is no
    fridge), or of every fridge when None. Two queries, three with photos."""
    statement = (
        select(
            _UPDATE.id,
            _SITE.slug,
            _SITE.name,
            _SITE.timezone,
            _UPDATE.kind,
            _UPDATE.title,
            _UPDATE.body,
            _UPDATE.occurred_ms,
            _UPDATE.created_ms,
            _UPDATE.news,
            _UPDATE.photo,
        )
        .join(SITE_TABLE, _SITE.id == _UPDATE.site_id)
        .order_by(_UPDATE.occurred_ms.desc(), _UPDATE.id.desc())
        .limit(limit)
    )
    if site_slug is not None:
        site, fridge = get_fridge(session=session, site_slug=site_slug)
        statement = statement.where(_UPDATE.site_id == site.id)
        title, author, made_ms = f"{site.name}: updates", site.name, fridge.created_ms
    else:
        newest_fridge = session.connection().execute(
            select(FRIDGE_TABLE.c.created_ms).order_by(FRIDGE_TABLE.c.created_ms.desc()).limit(1)
        )
        title, author, made_ms = ALL_FRIDGES_TITLE, ALL_FRIDGES_TITLE, newest_fridge.scalar() or 0
    rows = list(session.connection().execute(statement))
    shown = public_photos(session, [row.photo for row in rows if row.photo])
    entries = [
        FeedEntry(
            id=row.id,
            fridge_slug=row.slug,
            fridge_name=row.name,
            timezone=row.timezone,
            kind=row.kind,
            title=row.title,
            body=row.body,
            occurred_ms=row.occurred_ms,
            created_ms=row.created_ms,
            news=bool(row.news),
            photo=row.photo if row.photo in shown else None,
        )
        for row in rows
    ]
    updated_ms = max([made_ms, *(entry.created_ms for entry in entries)])
    return FridgeFeed(
        fridge_slug=site_slug, title=title, author=author, updated_ms=updated_ms, entries=entries
    )


def page_url(base_url: str, fridge_slug: str | None) -> str:
    """The public page the feed belongs to: a fridge's, or the list of all fridges."""
    return f"{base_url}/fridges" if fridge_slug is None else f"{base_url}/fridges/{fridge_slug}"


def feed_url(base_url: str, fridge_slug: str | None, extension: str) -> str:
    """The feed's own address ("atom" or "json")."""
    return f"{page_url(base_url, fridge_slug)}/feed.{extension}"


def entry_url(base_url: str, entry: FeedEntry) -> str:
    """The update on its fridge's page; also the entry's id."""
    return f"{page_url(base_url, entry.fridge_slug)}#update-{entry.id}"


def _tags(entry: FeedEntry) -> list[str]:
    return [entry.kind] if entry.news else [entry.kind, HISTORY_TAG]


def _text(entry: FeedEntry) -> str:
    if entry.news:
        return entry.body
    told = "Reported late: this is from the fridge's history."
    return f"{entry.body} {told}".strip()


def feed_document(feed: FridgeFeed, base_url: str) -> FeedDocument:
    """The updates as a feed of absolute links, for either format."""
    items = [
        FeedItem(
            url=entry_url(base_url, entry),
            title=entry.title,
            text=_text(entry),
            published_ms=entry.occurred_ms,
            updated_ms=max(entry.occurred_ms, entry.created_ms),
            author=entry.fridge_name,
            tags=_tags(entry),
            image=None if entry.photo is None else base_url + photo_display_path(entry.photo),
            image_type="image/jpeg",
            extension={
                "fridge": entry.fridge_slug,
                "kind": entry.kind,
                "news": entry.news,
                "timezone": entry.timezone,
            },
        )
        for entry in feed.entries
    ]
    return FeedDocument(
        title=feed.title,
        author=feed.author,
        page_url=page_url(base_url, feed.fridge_slug),
        atom_url=feed_url(base_url, feed.fridge_slug, "atom"),
        json_url=feed_url(base_url, feed.fridge_slug, "json"),
        updated_ms=feed.updated_ms,
        items=items,
    )


def render_atom(feed: FridgeFeed, base_url: str) -> bytes:
    """The feed as an Atom document (RFC 4287), text escaped by feedgen."""
    return feeds.render_atom(feed_document(feed, base_url))


def render_json_feed(feed: FridgeFeed, base_url: str) -> bytes:
    """The feed as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/)."""
    return feeds.render_json_feed(feed_document(feed, base_url))
