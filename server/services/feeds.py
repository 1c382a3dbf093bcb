"""Public feeds in two formats from one description: Atom (through feedgen) and JSON Feed 1.1.

A feed's maker (the fridges' updates: fridge_feed.py; a site's replies, spotlights and
cards: site_feed.py) says what is in it as a `FeedDocument` of `FeedItem`s with
absolute links; this module writes the documents, so both feeds escape, date and
link the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from feedgen.entry import FeedEntry as _FeedgenEntry  # type: ignore[import-untyped]
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
# What XML 1.0 cannot carry at all, escaped or not (lxml refuses it): a control
# character pasted into a name must not take its feed down.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    """One entry: `url` is also its id; `image` an absolute address of its picture."""

    url: str
    title: str
    text: str
    published_ms: int
    updated_ms: int
    author: str
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    image_type: str = "image/jpeg"
    # JSON Feed's `_storywall` extension: what a program may want beside the words.
    extension: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FeedDocument:
    """A whole feed: where it lives (`atom_url`, `json_url`) and the page it belongs to."""

    title: str
    author: str
    page_url: str
    atom_url: str
    json_url: str
    updated_ms: int
    items: list[FeedItem]
    language: str = "en"


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


def moment(ms: int) -> datetime:
    """An epoch-ms time as a UTC datetime, to the second (what feeds carry)."""
    return datetime.fromtimestamp(ms // 1000, tz=UTC)


def rfc3339(ms: int) -> str:
    """An epoch-ms time as RFC 3339 (JSON Feed's dates)."""
    return moment(ms).isoformat()


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def render_atom(feed: FeedDocument) -> bytes:
    """The feed as an Atom document (RFC 4287), text escaped by feedgen."""
    generator = FeedGenerator()
    generator.id(feed.atom_url)
    generator.title(xml_safe(feed.title))
    generator.updated(moment(feed.updated_ms))
    generator.author({"name": xml_safe(feed.author)})
    generator.link(href=feed.page_url, rel="alternate", type="text/html")
    generator.link(href=feed.atom_url, rel="self", type=ATOM_TYPE)
    generator.language(feed.language)
    generator.generator("Storywall")
    for item in feed.items:
        entry = generator.add_entry(_AtomEntry(), order="append")
        entry.id(item.url)
        entry.title(xml_safe(item.title))
        entry.published(moment(item.published_ms))
        entry.updated(moment(item.updated_ms))
        entry.author({"name": xml_safe(item.author)})
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.content(xml_safe(item.text or item.title), type="text")
        for tag in item.tags:
            entry.category(term=tag)
        if item.image is not None:
            entry.link(href=item.image, rel="enclosure", type=item.image_type)
    document: bytes = generator.atom_str(pretty=True)
    return document


def render_json_feed(feed: FeedDocument) -> bytes:
    """The feed as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/)."""
    items = []
    for item in feed.items:
        entry: dict[str, object] = {
            "id": item.url,
            "url": item.url,
            "title": item.title,
            "content_text": item.text or item.title,
            "date_published": rfc3339(item.published_ms),
            "date_modified": rfc3339(item.updated_ms),
            "authors": [{"name": item.author}],
            "tags": item.tags,
            "_storywall": item.extension,
        }
        if item.image is not None:
            entry["image"] = item.image
            entry["attachments"] = [{"url": item.image, "mime_type": item.image_type}]
        items.append(entry)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.page_url,
        "feed_url": feed.json_url,
        "language": feed.language,
        "authors": [{"name": feed.author}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
