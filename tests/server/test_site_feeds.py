"""A site's Atom and JSON feeds of replies, spotlights and "you said, we did" cards
(docs/replies.md): valid documents with absolute links, newest first, escaped, cached
by ETag, and nothing about a note once it is no longer approved."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import httpx
from sqlmodel import Session

from server.services import moderation, replies
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, doodle, note, push
from tests.server.test_media import png, upload
from tests.server.test_replies import _sha

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "http://testserver"
DAY_MS = 86_400_000


def _approved(client: httpx.Client, session: Session, seed: Seed, text: str, seq: int) -> str:
    event = note(kiosk_id="riverside-1", text=text, seq=seq)
    push(client, seed.token, [event])
    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    return str(event["id"])


def _atom(client: httpx.Client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the hub's own output
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), name
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "published", "content"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
    return root


def _json(client: httpx.Client, path: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/feed+json"
    document: dict[str, Any] = response.json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    return document


def test_the_feed_has_replies_spotlights_and_cards_newest_first(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    bench = _approved(client, session, seed, "The <b>bench</b> is broken", 1)
    swings = _approved(client, session, seed, "Swings please", 2)
    data = png(40)
    drawn = doodle(kiosk_id="riverside-1", media=_sha(data), size=len(data), side=40, seq=3)
    push(client, seed.token, [drawn])
    upload(client, seed.token, data)
    moderation.approve(session, event_id=drawn["id"], decided_by="sam", now_ms=NOW_MS)
    replies.post_reply(
        session, note_id=bench, text="Fixed & painted", author_id=None, now_ms=NOW_MS
    )
    replies.add_spotlight(
        session, event_id=drawn["id"], ends_ms=NOW_MS + DAY_MS, author_id=None, now_ms=NOW_MS + 1000
    )
    replies.post_you_said(
        session,
        site_id=seed.site.id,
        title="Swings in May",
        body="Ordered",
        note_ids=[swings],
        prompt_ids=[seed.prompt_id],
        author_id=None,
        now_ms=NOW_MS + 2000,
    )
    document = _json(client, "/sites/riverside/feed.json")
    assert document["home_page_url"] == f"{BASE}/?site=riverside"
    assert document["feed_url"] == f"{BASE}/sites/riverside/feed.json"
    items = document["items"]
    assert [item["tags"][0] for item in items] == ["you-said", "spotlight", "reply"]
    card, pin, reply = items
    assert card["title"] == "You said, we did: Swings in May"
    assert card["content_text"] == (
        "Ordered\nYou said: \N{LEFT DOUBLE QUOTATION MARK}Swings please"
        "\N{RIGHT DOUBLE QUOTATION MARK}\nWe asked: How was the park today?"
    )
    assert pin["image"] == f"{BASE}/media/{_sha(data)}.png"
    assert pin["attachments"] == [{"url": pin["image"], "mime_type": "image/png"}]
    assert client.get(pin["image"]).content == data
    assert reply["id"] == f"{BASE}/?site=riverside#note-{bench}"
    assert reply["content_text"].endswith("We said: Fixed & painted")
    assert "author" not in str(reply["_storywall"])

    raw = client.get("/sites/riverside/feed.atom").text
    assert "<b>bench" not in raw and "&lt;b&gt;bench" in raw
    root = _atom(client, "/sites/riverside/feed.atom")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [item["id"] for item in items]
    enclosures = [
        link.attrib for link in entries[1].findall(f"{ATOM}link") if link.get("rel") == "enclosure"
    ]
    assert enclosures == [{"href": pin["image"], "rel": "enclosure", "type": "image/png"}]
    # The other site's feed has none of it.
    assert _json(client, "/sites/harbour/feed.json")["items"] == []


def test_a_note_rejected_later_leaves_the_feed(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    kept = _approved(client, session, seed, "Keep the hedges", 1)
    gone = _approved(client, session, seed, "Private phone talk", 2)
    for note_id in (kept, gone):
        replies.post_reply(session, note_id=note_id, text="Thanks", author_id=None, now_ms=NOW_MS)
    replies.add_spotlight(
        session, event_id=gone, ends_ms=NOW_MS + DAY_MS, author_id=None, now_ms=NOW_MS
    )
    first = client.get("/sites/riverside/feed.json")
    assert "Private phone talk" in first.text
    moderation.reject(session, event_id=gone, reason="private", decided_by="sam", now_ms=NOW_MS)
    after = client.get(
        "/sites/riverside/feed.json", headers={"If-None-Match": first.headers["etag"]}
    )
    assert after.status_code == 200
    assert "Private phone talk" not in after.text
    assert [item["id"].rsplit("#", 1)[1] for item in after.json()["items"]] == [f"note-{kept}"]
    again = client.get(
        "/sites/riverside/feed.json", headers={"If-None-Match": after.headers["etag"]}
    )
    assert (again.status_code, again.content) == (304, b"")


def test_an_empty_or_unknown_site_feed(client: httpx.Client, seed: Seed) -> None:
    # One site's wall announces its feeds; the wall of every site does not.
    page = client.get("/", params={"site": "riverside"}).text
    assert 'type="application/atom+xml"' in page and 'href="/sites/riverside/feed.atom"' in page
    assert 'href="/sites/riverside/feed.json"' in page
    assert "/feed.atom" not in client.get("/").text
    root = _atom(client, "/sites/riverside/feed.atom")
    assert root.findall(f"{ATOM}entry") == []
    assert client.get("/sites/nowhere/feed.atom").status_code == 404
    assert client.get("/sites/nowhere/feed.json").status_code == 404
    assert client.get("/sites/Bad Slug!/feed.json").status_code == 422
