"""The fridges' public updates as feeds: Atom (through feedgen) and JSON Feed 1.1.

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

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from feedgen.entry import FeedEntry as _FeedgenEntry  # type: ignore[import-untyped]
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlmodel import Session, SQLModel

from server.fridges import get_fridge
from server.models_fridge import FRIDGE_TABLE
from server.models_updates import FRIDGE_UPDATE_TABLE
from server.services.public_photos import photo_display_path, public_photos

FEED_LIMIT = 50
ALL_FRIDGES_TITLE = "Community fridges"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
# Tag and Atom category of an update told late (FridgeUpdate.news is False).
HISTORY_TAG = "history"

SITE_TABLE = SQLModel.metadata.tables["site"]
_UPDATE = FRIDGE_UPDATE_TABLE.c
# What XML 1.0 cannot carry at all, escaped or not (lxml refuses it): a control
# character pasted into a fridge's name must not take its feed down.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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


class _AtomEntry(_FeedgenEntry):  # type: ignore[misc]
    """feedgen's entry, with its links' attributes written.

    feedgen 1.0.0 writes an entry's <link> with its href only (the loop variable is
    rebound to the new element: lkiesow/python-feedgen issue 135, open), so an
    enclosure would read as an alternate link. The links' data (the public `link()`
    getter) is put back on the elements, in order; a fixed feedgen leaves nothing to do.
    """

    def atom_entry(self, extensions: bool = True) -> Any:
        entry = super().atom_entry(extensions=extensions)
        elements = [child for child in entry if str(child.tag).endswith("link")]
        for element, data in zip(elements, self.link() or [], strict=True):
            for name in ("rel", "type", "hreflang", "title", "length"):
                if data.get(name):
                    element.set(name, str(data[name]))
        return entry


def _moment(ms: int) -> datetime:
    return datetime.fromtimestamp(ms // 1000, tz=UTC)


def _rfc3339(ms: int) -> str:
    return _moment(ms).isoformat()


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


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_atom(feed: FridgeFeed, base_url: str) -> bytes:
    """The feed as an Atom document (RFC 4287), text escaped by feedgen."""
    generator = FeedGenerator()
    generator.id(feed_url(base_url, feed.fridge_slug, "atom"))
    generator.title(_xml(feed.title))
    generator.updated(_moment(feed.updated_ms))
    generator.author({"name": _xml(feed.author)})
    generator.link(href=page_url(base_url, feed.fridge_slug), rel="alternate", type="text/html")
    generator.link(href=feed_url(base_url, feed.fridge_slug, "atom"), rel="self", type=ATOM_TYPE)
    generator.language("en")
    generator.generator("Storywall")
    for entry in feed.entries:
        item = generator.add_entry(_AtomEntry(), order="append")
        url = entry_url(base_url, entry)
        item.id(url)
        item.title(_xml(entry.title))
        item.published(_moment(entry.occurred_ms))
        item.updated(_moment(max(entry.occurred_ms, entry.created_ms)))
        item.author({"name": _xml(entry.fridge_name)})
        item.link(href=url, rel="alternate", type="text/html")
        item.content(_xml(_text(entry) or entry.title), type="text")
        for tag in _tags(entry):
            item.category(term=tag)
        if entry.photo is not None:
            item.link(
                href=base_url + photo_display_path(entry.photo), rel="enclosure", type="image/jpeg"
            )
    document: bytes = generator.atom_str(pretty=True)
    return document


def render_json_feed(feed: FridgeFeed, base_url: str) -> bytes:
    """The feed as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/)."""
    items = []
    for entry in feed.entries:
        url = entry_url(base_url, entry)
        item: dict[str, object] = {
            "id": url,
            "url": url,
            "title": entry.title,
            "content_text": _text(entry) or entry.title,
            "date_published": _rfc3339(entry.occurred_ms),
            "date_modified": _rfc3339(max(entry.occurred_ms, entry.created_ms)),
            "authors": [{"name": entry.fridge_name}],
            "tags": _tags(entry),
            # Extension (a key starting with "_"): what a program may want beside the words.
            "_storywall": {
                "fridge": entry.fridge_slug,
                "kind": entry.kind,
                "news": entry.news,
                "timezone": entry.timezone,
            },
        }
        if entry.photo is not None:
            image = base_url + photo_display_path(entry.photo)
            item["image"] = image
            item["attachments"] = [{"url": image, "mime_type": "image/jpeg"}]
        items.append(item)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": page_url(base_url, feed.fridge_slug),
        "feed_url": feed_url(base_url, feed.fridge_slug, "json"),
        "language": "en",
        "authors": [{"name": feed.author}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
