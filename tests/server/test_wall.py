"""The wall: JSON counts, "today" in the site's zone, undated events, HTML escaping."""

from __future__ import annotations

from typing import Any

import httpx
from sqlmodel import Session

from server import crud
from tests.server.conftest import EMOJI, FakeClock, Seed
from tests.server.factories import NOW_MS, push, reaction

HOUR_MS = 3_600_000


def _site(client: httpx.Client, slug: str = "riverside") -> dict[str, Any]:
    wall = client.get("/wall.json").json()
    return next(site for site in wall["sites"] if site["slug"] == slug)


def _tallies(site: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {t["choice"]: (t["today"], t["total"]) for t in site["tallies"]}


def test_wall_json_shape(client: httpx.Client, seed: Seed) -> None:
    wall = client.get("/wall.json").json()
    assert wall["generated_ms"] == NOW_MS
    assert [site["slug"] for site in wall["sites"]] == ["harbour", "riverside"]
    site = _site(client)
    assert site["name"] == "Riverside Park"
    assert site["timezone"] == "Europe/London"
    assert site["today"] == "2025-06-21"
    assert site["languages"] == ["en"]
    assert site["prompt"] == {
        "id": seed.prompt_id,
        "text": "How was the park today?",
        "emoji": EMOJI,
        "kind": "emoji",
        "options": [],
        "texts": {},
        "option_texts": {},
        "follow_up": True,
        "results_revealed": True,
        "locked": False,
    }
    assert site["tallies"] == [{"choice": e, "label": e, "today": 0, "total": 0} for e in EMOJI]
    assert site["undated"] == 0
    assert (site["play_today"], site["play_total"]) == (0, 0)


def test_counts_today_in_the_site_time_zone(client: httpx.Client, seed: Seed) -> None:
    def press(emoji: str, wall_ms: int, seq: int) -> dict[str, Any]:
        return reaction(
            kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji=emoji, seq=seq, wall_ms=wall_ms
        )

    # NOW is 2025-06-21 13:00 in London (BST, UTC+1).
    events = [
        press("😀", NOW_MS - HOUR_MS, 1),  # 12:00 London today
        press("😀", NOW_MS - 12 * HOUR_MS - 30 * 60_000, 2),  # 00:30 London today (23:30Z)
        press("😢", NOW_MS - 13 * HOUR_MS - 30 * 60_000, 3),  # 23:30 London yesterday
        press("🌳", NOW_MS + 11 * HOUR_MS + 30 * 60_000, 4),  # 00:30 London tomorrow
    ]
    assert push(client, seed.token, events).json()["accepted"] == 4
    tallies = _tallies(_site(client))
    assert tallies == {"😀": (2, 2), "😐": (0, 0), "😢": (0, 1), "🌳": (0, 1)}


def test_today_moves_with_the_clock(client: httpx.Client, seed: Seed, clock: FakeClock) -> None:
    event = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😐")
    push(client, seed.token, [event])
    assert _tallies(_site(client))["😐"] == (1, 1)
    clock.now_ms += 24 * HOUR_MS
    site = _site(client)
    assert site["today"] == "2025-06-22"
    assert _tallies(site)["😐"] == (0, 1)


def test_undated_events_count_only_in_total(client: httpx.Client, seed: Seed) -> None:
    # From an earlier boot, unsynchronised, pushed after a reboot: nothing dates it,
    # even though its own (untrusted) wall clock claims "now".
    event = reaction(
        kiosk_id="riverside-1",
        prompt_id=seed.prompt_id,
        emoji="😀",
        boot_id="boot-old",
        clock_synced=False,
    )
    assert push(client, seed.token, [event], boot_id="boot-new").json()["accepted"] == 1
    site = _site(client)
    assert _tallies(site)["😀"] == (0, 1)
    assert site["undated"] == 1


def test_only_the_current_prompt_is_tallied(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    push(
        client,
        seed.token,
        [reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀")],
    )
    new = crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="Dogs?",
        emoji=["🐕", "😀"],
        results_revealed=True,
    )
    site = _site(client)
    assert site["prompt"]["id"] == new.id
    assert _tallies(site) == {"🐕": (0, 0), "😀": (0, 0)}


def test_html_shows_the_same_numbers(client: httpx.Client, seed: Seed) -> None:
    push(
        client,
        seed.token,
        [
            reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="🌳", seq=n)
            for n in (1, 2, 3)
        ],
    )
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "How was the park today?" in html
    assert "Riverside Park" in html and "Harbour Fridge" in html
    tree = html.split('data-choice="🌳"', 1)[1]
    assert '<span class="today" data-count="today">3</span>' in tree.split("</li>", 1)[0]
    assert '<script src="/static/wall.js" defer></script>' in html


def test_html_escapes_prompt_text(client: httpx.Client, session: Session, seed: Seed) -> None:
    crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="<script>alert(1)</script>",
        kind="poll",
        options=['"><img src=x>', "<b>No</b>"],
        results_revealed=True,
    )
    html = client.get("/").text
    assert "&lt;b&gt;No&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    # Only the one external script tag: no inline script anywhere.
    assert html.count("<script") == 1
    assert client.get("/wall.json").json()["sites"][1]["prompt"]["text"] == (
        "<script>alert(1)</script>"
    )


def test_static_assets_are_served(client: httpx.Client) -> None:
    script = client.get("/static/wall.js")
    assert script.status_code == 200
    # The live page swaps in nodes parsed by DOMParser, never HTML through innerHTML.
    assert "DOMParser" in script.text and "EventSource" in script.text
    assert "innerHTML" not in script.text.split('"use strict"', 1)[1]
    assert client.get("/static/wall.css").status_code == 200


def test_empty_hub(client: httpx.Client) -> None:
    assert client.get("/wall.json").json()["sites"] == []
    assert "No sites yet" in client.get("/").text


def test_every_kind_of_page_names_an_icon_the_hub_serves(client: httpx.Client, seed: Seed) -> None:
    # Without one a browser asks for /favicon.ico on every first page, and gets a 404.
    for path in ("/", "/fridges", "/login"):
        page = client.get(path).text
        assert '<link rel="icon" type="image/png" href="/emoji/1f333.png">' in page, path
    icon = client.get("/emoji/1f333.png")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/png"
