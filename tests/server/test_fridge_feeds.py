"""The fridges' Atom and JSON feeds (docs/fridges.md, "Updates and feeds"): valid
documents with absolute links, photos only while public, history marked, cached by
ETag, and no nickname anywhere."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from server import crud
from server.app import create_app
from server.core.config import Settings
from server.fridges import make_fridge
from server.models_fridge import Fridge
from server.services.moderation import approve, reject
from server.services.public_photos import public_photos
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, push
from tests.server.fridge_builders import NICKNAME, check, dropoff

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ATOM = "{http://www.w3.org/2005/Atom}"
MINUTE = 60_000
HOUR = 60 * MINUTE
SHA = "cd" * 32
BASE = "http://testserver"


def _atom(client: httpx.Client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert NICKNAME not in response.text
    root = ET.fromstring(response.content)  # noqa: S314 - the hub's own output
    assert root.tag == f"{ATOM}feed"
    # RFC 4287: a feed has an id, a title, an updated time and an author (or every
    # entry has one); each entry an id, a title, an updated time and content or a link.
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), name
    assert root.findtext(f"{ATOM}author/{ATOM}name")
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "published", "content"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
    return root


def _links(element: ET.Element, rel: str) -> list[str]:
    return [
        link.attrib["href"] for link in element.findall(f"{ATOM}link") if link.get("rel") == rel
    ]


def _json_feed(client: httpx.Client, path: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/feed+json"
    assert NICKNAME not in response.text
    document: dict[str, Any] = response.json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str) and document["title"]
    assert isinstance(document["items"], list)
    for item in document["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_text") or item.get("content_html")
    return document


def test_a_fridge_feed_lists_its_updates_with_absolute_links(
    client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    sent = [dropoff(seq=1, wall_ms=NOW_MS - MINUTE, allergens=["milk"]), check(seq=2)]
    assert push(client, seed.other_token, sent).json()["accepted"] == 2

    root = _atom(client, "/fridges/harbour/feed.atom")
    assert root.findtext(f"{ATOM}title") == "Harbour Fridge: updates"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Harbour Fridge"
    assert _links(root, "self") == [f"{BASE}/fridges/harbour/feed.atom"]
    assert _links(root, "alternate") == [f"{BASE}/fridges/harbour"]
    entries = root.findall(f"{ATOM}entry")
    # Newest first: the check (12:00 UTC), then the drop-off a minute before.
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Harbour Fridge cleaned and checked · 08:00",
        "Harbour Fridge restocked: 6 produce, 2 bread · 07:59",
    ]
    assert entries[1].findtext(f"{ATOM}content") == "Brought: 6 produce, 2 bread. Contains: milk."
    assert entries[1].findtext(f"{ATOM}published") == "2025-06-21T11:59:00+00:00"
    for entry in entries:
        (link,) = _links(entry, "alternate")
        assert link.startswith(f"{BASE}/fridges/harbour#update-")
        assert entry.findtext(f"{ATOM}id") == link
        assert [c.attrib["term"] for c in entry.findall(f"{ATOM}category")] in (
            ["dropoff"],
            ["check"],
        )

    document = _json_feed(client, "/fridges/harbour/feed.json")
    assert document["title"] == "Harbour Fridge: updates"
    assert document["authors"] == [{"name": "Harbour Fridge"}]
    assert document["home_page_url"] == f"{BASE}/fridges/harbour"
    assert document["feed_url"] == f"{BASE}/fridges/harbour/feed.json"
    assert [item["title"] for item in document["items"]] == [
        e.findtext(f"{ATOM}title") for e in entries
    ]
    assert [item["id"] for item in document["items"]] == [e.findtext(f"{ATOM}id") for e in entries]
    drop = document["items"][1]
    assert drop["date_published"] == "2025-06-21T11:59:00+00:00"
    assert drop["tags"] == ["dropoff"]
    assert drop["_storywall"] == {
        "fridge": "harbour",
        "kind": "dropoff",
        "news": True,
        "timezone": "America/New_York",
    }


def _photo_links(client: httpx.Client) -> tuple[list[str], list[Any]]:
    root = _atom(client, "/fridges/harbour/feed.atom")
    (entry,) = root.findall(f"{ATOM}entry")
    (item,) = _json_feed(client, "/fridges/harbour/feed.json")["items"]
    return _links(entry, "enclosure"), [item.get("image"), item.get("attachments")]


def test_a_photo_appears_only_while_an_event_showing_it_is_approved(
    client: httpx.Client, session: Session, seed: Seed, fridge: Fridge
) -> None:
    sent = dropoff(seq=1, photo=SHA)
    assert push(client, seed.other_token, [sent]).json()["accepted"] == 1
    # Held on arrival: no photo in either feed, and not public to pages either.
    assert _photo_links(client) == ([], [None, None])
    assert public_photos(session, [SHA]) == set()

    approve(session, event_id=sent["id"], decided_by="moderator", now_ms=NOW_MS)
    url = f"{BASE}/media/photos/{SHA}/display.jpg"
    assert _photo_links(client) == ([url], [url, [{"url": url, "mime_type": "image/jpeg"}]])
    assert public_photos(session, [SHA]) == {SHA}
    assert public_photos(session, [SHA, "ef" * 32]) == {SHA}

    reject(session, event_id=sent["id"], reason="a face", decided_by="moderator", now_ms=NOW_MS)
    assert _photo_links(client) == ([], [None, None])
    assert public_photos(session, [SHA]) == set()


def test_approving_any_dropoff_that_shows_a_photo_shows_it(
    client: httpx.Client, session: Session, seed: Seed, fridge: Fridge
) -> None:
    # Public means an approved event names the hash: a rejected one and a held one do not.
    held = dropoff(seq=1, photo=SHA)
    other = dropoff(seq=2, photo=SHA)
    assert push(client, seed.other_token, [held, other]).json()["accepted"] == 2
    reject(session, event_id=other["id"], reason="blurred", decided_by="m", now_ms=NOW_MS)
    assert public_photos(session, [SHA]) == set()
    approve(session, event_id=other["id"], decided_by="m", now_ms=NOW_MS)
    # Approving either event that shows the photo shows it on both updates.
    root = _atom(client, "/fridges/harbour/feed.atom")
    assert [len(_links(e, "enclosure")) for e in root.findall(f"{ATOM}entry")] == [1, 1]


def test_history_is_marked_and_dated_when_it_happened(
    client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    late = dropoff(seq=1, wall_ms=NOW_MS - 5 * HOUR)
    assert push(client, seed.other_token, [late]).json()["accepted"] == 1
    (entry,) = _atom(client, "/fridges/harbour/feed.atom").findall(f"{ATOM}entry")
    assert [c.attrib["term"] for c in entry.findall(f"{ATOM}category")] == ["dropoff", "history"]
    assert entry.findtext(f"{ATOM}published") == "2025-06-21T07:00:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2025-06-21T12:00:00+00:00"
    assert "from the fridge's history" in (entry.findtext(f"{ATOM}content") or "")
    (item,) = _json_feed(client, "/fridges/harbour/feed.json")["items"]
    assert item["tags"] == ["dropoff", "history"]
    assert item["date_published"] == "2025-06-21T07:00:00+00:00"
    assert item["_storywall"]["news"] is False


def test_the_all_fridges_feed_has_every_fridge_and_the_newest_fifty(
    client: httpx.Client, session: Session, seed: Seed, fridge: Fridge
) -> None:
    make_fridge(session=session, site_slug="riverside", created_ms=NOW_MS - 86_400_000)
    harbour = [dropoff(seq=n + 1, wall_ms=NOW_MS - (60 - n) * MINUTE) for n in range(54)]
    assert push(client, seed.other_token, harbour).json()["accepted"] == 54
    riverside = dropoff(seq=1, wall_ms=NOW_MS - 30 * MINUTE)
    riverside["kiosk_id"] = "riverside-1"
    assert push(client, seed.token, [riverside]).json()["accepted"] == 1

    root = _atom(client, "/fridges/feed.atom")
    assert root.findtext(f"{ATOM}title") == "Community fridges"
    assert _links(root, "self") == [f"{BASE}/fridges/feed.atom"]
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 50
    published = [e.findtext(f"{ATOM}published") or "" for e in entries]
    assert published == sorted(published, reverse=True)
    assert (
        sum("Riverside Park restocked" in (e.findtext(f"{ATOM}title") or "") for e in entries) == 1
    )
    # Riverside is in Europe/London: its time is its own (11:30 UTC is 12:30 BST).
    assert "Riverside Park restocked: 6 produce, 2 bread · 12:30" in [
        e.findtext(f"{ATOM}title") for e in entries
    ]

    document = _json_feed(client, "/fridges/feed.json")
    assert document["feed_url"] == f"{BASE}/fridges/feed.json"
    assert len(document["items"]) == 50
    assert {item["_storywall"]["fridge"] for item in document["items"]} == {"harbour", "riverside"}
    # A fridge's own feed has only its updates.
    own = _json_feed(client, "/fridges/riverside/feed.json")["items"]
    assert [item["_storywall"]["fridge"] for item in own] == ["riverside"]


def test_feeds_carry_an_etag_and_answer_304_until_something_changes(
    client: httpx.Client, session: Session, seed: Seed, fridge: Fridge
) -> None:
    sent = dropoff(seq=1, photo=SHA)
    push(client, seed.other_token, [sent])
    for path in ("/fridges/harbour/feed.atom", "/fridges/feed.json"):
        first = client.get(path)
        etag = first.headers["etag"]
        assert first.headers["cache-control"] == "public, max-age=60"
        again = client.get(path, headers={"If-None-Match": etag})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    before = client.get("/fridges/harbour/feed.json").headers["etag"]
    # Approving the photo adds it to the feed: a new body, a new tag.
    approve(session, event_id=sent["id"], decided_by="moderator", now_ms=NOW_MS)
    changed = client.get("/fridges/harbour/feed.json", headers={"If-None-Match": before})
    assert changed.status_code == 200 and changed.headers["etag"] != before


def test_unknown_sites_and_sites_that_are_no_fridge_have_no_feed(
    client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    for path in (
        "/fridges/nowhere/feed.atom",
        "/fridges/nowhere/feed.json",
        "/fridges/riverside/feed.atom",
        "/fridges/riverside/feed.json",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/fridges/Bad Slug!/feed.json").status_code == 422


def test_an_empty_feed_is_still_a_valid_feed(
    client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    root = _atom(client, "/fridges/harbour/feed.atom")
    assert root.findall(f"{ATOM}entry") == []
    # Its time is the fridge's making, not the moment of the request (stable ETags).
    assert root.findtext(f"{ATOM}updated") == "2025-06-20T12:00:00+00:00"
    assert _json_feed(client, "/fridges/feed.json")["items"] == []


def test_text_is_escaped_in_atom_and_plain_in_json(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    name = 'Cakes & <b>Bakes</b> "Fridge"'
    crud.create_site(session=session, slug="cakes", name=name, timezone="Europe/Paris")
    _kiosk, token = crud.create_kiosk(
        session=session, site_slug="cakes", kiosk_id="cakes-1", name="k"
    )
    make_fridge(session=session, site_slug="cakes", created_ms=NOW_MS)
    sent = dropoff(seq=1)
    sent["kiosk_id"] = "cakes-1"
    assert push(client, token, [sent]).json()["accepted"] == 1
    raw = client.get("/fridges/cakes/feed.atom").text
    assert "<b>" not in raw and "&lt;b&gt;" in raw
    root = _atom(client, "/fridges/cakes/feed.atom")
    assert root.findtext(f"{ATOM}title") == f"{name}: updates"
    (item,) = _json_feed(client, "/fridges/cakes/feed.json")["items"]
    assert item["title"] == f"{name} restocked: 6 produce, 2 bread · 14:00"


def test_a_control_character_in_a_name_does_not_break_the_atom_feed(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    crud.create_site(session=session, slug="bell", name="Bell\x07 Fridge", timezone="UTC")
    _kiosk, token = crud.create_kiosk(
        session=session, site_slug="bell", kiosk_id="bell-1", name="k"
    )
    make_fridge(session=session, site_slug="bell", created_ms=NOW_MS)
    sent = dropoff(seq=1)
    sent["kiosk_id"] = "bell-1"
    assert push(client, token, [sent]).json()["accepted"] == 1
    root = _atom(client, "/fridges/bell/feed.atom")
    assert root.findtext(f"{ATOM}title") == "Bell Fridge: updates"
    # JSON carries it as it is, escaped.
    (item,) = _json_feed(client, "/fridges/bell/feed.json")["items"]
    assert item["title"] == "Bell\x07 Fridge restocked: 6 produce, 2 bread · 12:00"


@pytest.fixture
def public_client(settings: Settings, clock: FakeClock) -> Iterator[httpx.Client]:
    """The hub with a public address set, as behind a reverse proxy."""
    public = settings.model_copy(update={"public_url": "https://fridges.example.org"})
    application = create_app(public, clock=clock)
    with TestClient(application) as test_client:
        yield test_client
    application.state.engine.dispose()


def test_links_use_the_public_address_when_one_is_set(
    public_client: httpx.Client, client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    push(client, seed.other_token, [dropoff(seq=1)])
    document = _json_feed(public_client, "/fridges/harbour/feed.json")
    assert document["feed_url"] == "https://fridges.example.org/fridges/harbour/feed.json"
    assert document["items"][0]["url"].startswith("https://fridges.example.org/fridges/harbour#")


def test_the_feeds_and_the_fridge_pages_each_answer_their_own_paths(
    client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    # /fridges/{slug}.json must not take /fridges/feed.json for the page of a fridge "feed".
    assert _json_feed(client, "/fridges/feed.json")["title"] == "Community fridges"
    assert _atom(client, "/fridges/feed.atom").findtext(f"{ATOM}title") == "Community fridges"
    assert client.get("/fridges/harbour.json").json()["slug"] == "harbour"
    assert client.get("/fridges/harbour").headers["content-type"].startswith("text/html")


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs while the test watches."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def test_a_feed_costs_the_same_queries_for_one_update_or_fifty(
    client: httpx.Client, seed: Seed, fridge: Fridge, statements: list[str]
) -> None:
    push(client, seed.other_token, [dropoff(seq=1, photo=SHA)])
    statements.clear()
    assert len(_json_feed(client, "/fridges/harbour/feed.json")["items"]) == 1
    one = len(statements)
    photos = [dropoff(seq=n + 2, photo=f"{n:064x}") for n in range(60)]
    push(client, seed.other_token, photos)
    statements.clear()
    assert len(_json_feed(client, "/fridges/harbour/feed.json")["items"]) == 50
    assert len(statements) == one
