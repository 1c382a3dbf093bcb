"""The wall's two views: one site's, with "from neighbouring walls", and the network's.

The page and /wall.json come from one query; only approved cards reach either."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlmodel import Session

from server import crud
from server.core.db import make_engine
from server.services import moderation
from server.services.wall import MAX_NEIGHBOUR_CARDS, NEIGHBOUR_CARDS_PER_SITE
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, note, push


def _notes(
    client: httpx.Client,
    session: Session,
    token: str,
    kiosk: str,
    texts: list[str],
    *,
    approve: bool = True,
    first_seq: int = 1,
) -> list[dict[str, Any]]:
    events = [note(kiosk_id=kiosk, text=text, seq=first_seq + n) for n, text in enumerate(texts)]
    assert push(client, token, events).json()["accepted"] == len(events)
    if approve:
        for event in events:
            moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    return events


def test_a_site_view_shows_its_own_cards_and_its_neighbours(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    _notes(client, session, seed.token, "riverside-1", ["Ducks!"])
    _notes(client, session, seed.other_token, "harbour-1", ["Fresh bread today"])
    _notes(client, session, seed.other_token, "harbour-1", ["HELD at harbour"], approve=False,
           first_seq=10)  # fmt: skip
    wall = client.get("/wall.json", params={"site": "riverside"}).json()
    assert wall["site"] == "riverside"
    assert [site["slug"] for site in wall["sites"]] == ["riverside"]
    assert [card["text"] for card in wall["sites"][0]["notes"]] == ["Ducks!"]
    assert [(n["site_slug"], n["kind"], n["card"]["text"]) for n in wall["neighbours"]] == [
        ("harbour", "note", "Fresh bread today")
    ]
    page = client.get("/", params={"site": "riverside"}).text
    assert "From neighbouring walls" in page
    strip = page.split("From neighbouring walls", 1)[1]
    assert "Fresh bread today" in strip and "Harbour Fridge" in strip
    assert 'href="/?site=harbour"' in strip
    assert "Ducks!" not in strip  # its own cards are not its neighbours'
    assert "HELD at harbour" not in page
    # The other site's wall has Riverside as its neighbour.
    other = client.get("/wall.json", params={"site": "harbour"}).json()
    assert [n["card"]["text"] for n in other["neighbours"]] == ["Ducks!"]


def test_the_network_view_has_every_site_and_no_strip(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    _notes(client, session, seed.token, "riverside-1", ["Ducks!"])
    _notes(client, session, seed.other_token, "harbour-1", ["Fresh bread today"])
    wall = client.get("/wall.json").json()
    assert wall["site"] is None
    assert wall["neighbours"] == []
    assert {site["slug"]: [c["text"] for c in site["notes"]] for site in wall["sites"]} == {
        "harbour": ["Fresh bread today"],
        "riverside": ["Ducks!"],
    }
    page = client.get("/").text
    assert "From neighbouring walls" not in page
    assert 'class="wall network count-2"' in page
    # Each panel leads to its site's own wall.
    assert 'href="/?site=riverside"' in page and 'href="/?site=harbour"' in page


def test_the_strip_is_the_newest_few_from_each_neighbour(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    many = [f"harbour {n}" for n in range(NEIGHBOUR_CARDS_PER_SITE + 3)]
    for n, text in enumerate(many):
        clock.now_ms = NOW_MS + n * 1000
        _notes(client, session, seed.other_token, "harbour-1", [text], first_seq=n + 1)
    crud.create_site(session=session, slug="mill", name="Mill Lane", timezone="UTC")
    _, mill_token = crud.create_kiosk(
        session=session, site_slug="mill", kiosk_id="mill-1", name="Mill"
    )
    clock.now_ms = NOW_MS - 60_000  # older than all of Harbour's
    _notes(client, session, mill_token, "mill-1", ["mill note"])
    neighbours = client.get("/wall.json", params={"site": "riverside"}).json()["neighbours"]
    texts = [n["card"]["text"] for n in neighbours]
    # Harbour, however busy, gives its newest few, and Mill Lane still has its place.
    assert texts == [*many[::-1][:NEIGHBOUR_CARDS_PER_SITE], "mill note"]
    assert len(texts) <= MAX_NEIGHBOUR_CARDS


def test_page_and_json_show_the_same_cards_newest_first(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    for n, text in enumerate(["first", "second", "third"]):
        clock.now_ms = NOW_MS + n * 1000
        _notes(client, session, seed.token, "riverside-1", [text], first_seq=n + 1)
    wall = client.get("/wall.json", params={"site": "riverside"}).json()
    texts = [card["text"] for card in wall["sites"][0]["notes"]]
    assert texts == ["third", "second", "first"]
    page = client.get("/", params={"site": "riverside"}).text
    board = page.split('class="board"', 1)[1]
    assert [board.index(f"<p>{text}</p>") for text in texts] == sorted(
        board.index(f"<p>{text}</p>") for text in texts
    )


def test_an_unknown_site(client: httpx.Client, seed: Seed) -> None:
    assert client.get("/wall.json", params={"site": "nowhere"}).status_code == 404
    page = client.get("/", params={"site": "nowhere"})
    assert page.status_code == 404 and "No such site here." in page.text


def test_without_script_the_page_refreshes_itself(client: httpx.Client, seed: Seed) -> None:
    page = client.get("/").text
    head = page.split("</head>", 1)[0]
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in head
    # No inline script or style: the CSP forbids both.
    assert "<style" not in page and " style=" not in page
    assert page.count("<script") == 1


def test_a_page_drawn_before_a_change_is_never_served_after_it(
    client: httpx.Client, session: Session, seed: Seed, database_url: str
) -> None:
    # Each worker keeps the pages it drew, by the database's change marker: whatever
    # changes, on any connection, the next request shows it.
    [kind] = _notes(client, session, seed.token, "riverside-1", ["Swans!"], approve=False)
    for view in ({"site": "riverside"}, {}):
        assert "Swans!" not in client.get("/", params=view).text
    other = make_engine(database_url)
    try:
        with Session(other) as elsewhere:
            moderation.approve(elsewhere, event_id=kind["id"], decided_by="sam", now_ms=NOW_MS)
            crud.update_site(session=elsewhere, slug="riverside", name="Riverside Gardens")
            crud.set_prompt(
                session=elsewhere,
                site_slug="harbour",
                created_ms=NOW_MS,
                text="Bread?",
                emoji=["🥖", "😀"],
            )
    finally:
        other.dispose()
    for view in ({"site": "riverside"}, {}):
        page = client.get("/", params=view).text
        assert "Swans!" in page and "Riverside Gardens" in page
    assert "Bread?" in client.get("/").text
    assert "Bread?" in client.get("/", params={"site": "harbour"}).text


def test_replies_spotlights_and_you_said_cards_have_their_places(app: FastAPI) -> None:
    # The page's places for replies, spotlights and cards, filled here by hand in their
    # public shapes (replies_public.py): escaped like every card.
    from datetime import date
    from types import SimpleNamespace

    from server.services.approved import WallNoteCard
    from server.services.wall import Wall, WallSite

    site = WallSite(
        slug="riverside", name="Riverside", timezone="UTC", languages=["en"],
        today=date(2025, 6, 21), prompt=None, tallies=[], undated=0,
        notes=[WallNoteCard(id="n1", text="The gate squeaks", language="en",
                            reply="Fixed on <b>Monday</b> 🌳")],
        spotlights=[{"id": 7, "event_id": "n7", "kind": "note", "text": "Heron!",
                     "language": "en", "reply": "Thank you", "starts_ms": 0, "ends_ms": 1}],
        you_said=[{"id": 3, "site_id": None, "title": "New bins",
                   "body": "You asked <i>twice</i>", "created_ms": 0, "updated_ms": 0,
                   "notes": [{"id": "n2", "text": "More bins please", "language": "en"}],
                   "prompts": [{"id": 4, "text": "What is missing?"}]}],
    )  # fmt: skip
    wall = Wall(generated_ms=0, site="riverside", sites=[site])
    url_for = lambda name, **kw: SimpleNamespace(path=f"/{kw.get('path', name)}")  # noqa: E731
    html = app.state.templates.env.get_template("wall.html").render(
        wall=wall, marker="m", missing=False, url_for=url_for
    )
    note = html.split('id="note-n1"', 1)[1].split("</li>", 1)[0]
    assert "Fixed on &lt;b&gt;Monday&lt;/b&gt;" in note and "<b>" not in note
    assert 'src="/emoji/1f333.png"' in note
    pinned = html.split('class="cards pinned"', 1)[1].split("</ul>", 1)[0]
    assert 'id="spotlight-7"' in pinned and "Heron!" in pinned and "Thank you" in pinned
    assert 'id="you-said-3"' in pinned and "You asked &lt;i&gt;twice&lt;/i&gt;" in pinned
    assert "More bins please" in pinned and "Asked: What is missing?" in pinned
