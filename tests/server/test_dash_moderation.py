"""The moderation dashboard: the queue, decisions, pictures for moderators only, site
modes, the audit log and its CSV, and the "waiting over 24 h" tile.

All through HTTP as a browser without script sends it: plain GETs and form POSTs
with the session's CSRF token."""

from __future__ import annotations

import csv
import io
import re
import warnings

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from server.models import Moderation, Site
from server.web.dash import moderation as moderation_pages
from storywall.protocol.media import sha256_hex
from tests.server.accounts_support import log_in, make_account, signed_in
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import doodle, note, push
from tests.server.test_media import png, upload

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

QUEUE = "/dashboard/moderation"


def _decide(
    client: TestClient, token: str, event_id: str, decision: str, reason: str = "", **more: str
) -> httpx.Response:
    data = {"csrf_token": token, "decision": decision, "reason": reason, "back": QUEUE, **more}
    return client.post(f"{QUEUE}/{event_id}/decide", data=data, follow_redirects=False)


def _state(engine: Engine, event_id: str) -> str:
    with Session(engine) as session:
        row = session.get(Moderation, event_id)
        assert row is not None
        return row.state


def test_the_queue_needs_a_moderator(client: TestClient, engine: Engine, seed: Seed) -> None:
    signed_out = client.get(QUEUE, follow_redirects=False)
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/login?next=")
    signed_in(client, engine, role="volunteer")
    assert client.get(QUEUE, follow_redirects=False).status_code == 403
    assert client.get(f"{QUEUE}/audit.csv", follow_redirects=False).status_code == 403


def test_the_queue_shows_held_items_oldest_first_escaped_with_flags(
    client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    first = note(kiosk_id="riverside-1", text="<script>alert(1)</script> the bins are shit", seq=1)
    push(client, seed.token, [first])
    clock.now_ms += 60_000
    second = note(kiosk_id="riverside-1", text="Lovely new benches by the pond", seq=2)
    push(client, seed.token, [second])
    harbour = note(kiosk_id="harbour-1", text="Fresh bread on Tuesdays please")
    push(client, seed.other_token, [harbour])
    signed_in(client, engine, role="moderator")

    page = client.get(QUEUE).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert page.index(first["id"]) < page.index(second["id"])
    assert re.search(
        r'class="flag flag-profanity"><strong>profanity</strong> on the list: shit', page
    )
    assert "moderation.js" in page
    # Filters: one site, one kind.
    riverside = client.get(QUEUE, params={"site": "riverside"}).text
    assert second["id"] in riverside and harbour["id"] not in riverside
    assert first["id"] not in client.get(QUEUE, params={"kind": "doodle"}).text
    # A page at a time: the second page of one is empty.
    assert first["id"] not in client.get(QUEUE, params={"page": "1"}).text
    # A moderator may not change a site's mode: the control is not shown.
    assert "/sites/riverside/mode" not in page


def test_decisions_with_reasons_reach_the_wall_and_the_audit_log(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    kind = note(kiosk_id="riverside-1", text="The swans are back", seq=1)
    rude = note(kiosk_id="riverside-1", text="Something unkind", seq=2)
    push(client, seed.token, [kind, rude])
    make_account(engine, email="kim@example.org", role="moderator", name="Kim")
    token = log_in(client, "kim@example.org")

    approved = _decide(client, token, kind["id"], "approved", after=rude["id"])
    assert approved.status_code == 303
    # Back to the queue, on the next item, saying the decision took.
    assert approved.headers["location"] == f"{QUEUE}?done=approved#item-{rude['id']}"
    page = client.get(approved.headers["location"].split("#")[0]).text
    assert '<p class="banner ok" role="status">Approved.</p>' in page
    assert "banner ok" not in client.get(QUEUE).text
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["notes"]
    assert [card["text"] for card in wall] == ["The swans are back"]

    # A rejection without a reason is refused, on the queue page, and changes nothing.
    refused = _decide(client, token, rude["id"], "rejected", "  ")
    assert refused.status_code == 422
    assert "a rejection needs a reason" in refused.text
    assert _state(engine, rude["id"]) == "held"
    # Without the CSRF token nothing happens either.
    forged = _decide(client, "not-the-token", rude["id"], "rejected", "spam")
    assert forged.status_code == 403
    assert _state(engine, rude["id"]) == "held"
    assert _decide(client, token, rude["id"], "rejected", "=HYPERLINK(1)").status_code == 303
    # Hiding takes the approved note down; it needs a reason too.
    assert _decide(client, token, kind["id"], "hidden", "").status_code == 422
    assert _decide(client, token, kind["id"], "hidden", "a name in it").status_code == 303
    assert client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["notes"] == []
    # A redirect never leaves the queue, whatever the form says.
    away = _decide(client, token, kind["id"], "approved", back="https://evil.example/")
    assert away.headers["location"] == f"{QUEUE}?done=approved"

    hidden = client.get(QUEUE, params={"state": "hidden"}).text
    assert kind["id"] not in hidden  # approved again just now
    audit = client.get(f"{QUEUE}/audit").text
    assert "kim@example.org" in audit and "a name in it" in audit
    exported = client.get(f"{QUEUE}/audit.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == [
        "id",
        "event_id",
        "type",
        "site",
        "state",
        "reason",
        "decided_ms",
        "decided_by",
    ]
    decisions = [(row[1], row[4], row[5], row[7]) for row in rows[1:] if row[7]]
    assert decisions == [
        (kind["id"], "approved", "", "kim@example.org"),
        (kind["id"], "hidden", "a name in it", "kim@example.org"),
        # A spreadsheet must not run a reason as a formula.
        (rude["id"], "rejected", "'=HYPERLINK(1)", "kim@example.org"),
        (kind["id"], "approved", "", "kim@example.org"),
    ]
    # Two arrival lines (no one decided them) close the log.
    assert [row[4] for row in rows[-2:]] == ["held", "held"]


def test_a_held_doodle_is_shown_to_moderators_only(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    data = png(side=32)
    name = sha256_hex(data)
    event = doodle(kiosk_id="riverside-1", media=name, size=len(data), side=32)
    push(client, seed.token, [event])
    upload(client, seed.token, data)
    picture = f"{QUEUE}/media/{event['id']}"
    assert client.get(f"/media/{name}.png").status_code == 404
    assert client.get(picture, follow_redirects=False).status_code == 303
    signed_in(client, engine, role="moderator")
    assert picture in client.get(QUEUE).text
    shown = client.get(picture)
    assert shown.status_code == 200 and shown.content == data
    assert shown.headers["content-type"] == "image/png"
    assert "no-store" in shown.headers["cache-control"]
    # Still not public.
    assert client.get(f"/media/{name}.png").status_code == 404
    assert client.get(f"{QUEUE}/media/00000000-0000-4000-8000-000000000000").status_code == 404


def test_an_organiser_sets_a_site_to_post_moderation(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    token = signed_in(client, engine, role="organiser")
    page = client.get(QUEUE).text
    assert f"{QUEUE}/sites/riverside/mode" in page
    answer = client.post(
        f"{QUEUE}/sites/riverside/mode",
        data={"csrf_token": token, "mode": "post"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with Session(engine) as session:
        assert session.exec(select(Site.moderation).where(Site.slug == "riverside")).one() == "post"
    push(client, seed.token, [note(kiosk_id="riverside-1", text="Public at once, thank you")])
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["notes"]
    assert [card["text"] for card in wall] == ["Public at once, thank you"]
    bad = client.post(
        f"{QUEUE}/sites/riverside/mode", data={"csrf_token": token, "mode": "never"},
        follow_redirects=False,
    )  # fmt: skip
    assert bad.status_code == 422


def test_a_moderator_may_not_set_a_site_s_mode(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    token = signed_in(client, engine, role="moderator")
    answer = client.post(
        f"{QUEUE}/sites/riverside/mode", data={"csrf_token": token, "mode": "post"},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 403


def test_the_home_tile_counts_items_waiting_over_a_day(
    client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    clock.now_ms -= 25 * 3_600_000
    push(client, seed.token, [note(kiosk_id="riverside-1", text="An old note about the gate")])
    clock.now_ms += 25 * 3_600_000
    push(client, seed.token, [note(kiosk_id="riverside-1", text="A fresh one", seq=2)])
    signed_in(client, engine, role="moderator")
    home = client.get("/dashboard").text
    assert re.search(r'Waiting over 24 h</span>\s*<span class="tile-value">1<', home)
    assert 'href="/dashboard/moderation"' in home
    assert "the oldest has waited 25 h" in home
    # A volunteer, who may not moderate, does not see it.
    client.cookies.clear()
    signed_in(client, engine, role="volunteer")
    assert "Waiting over 24 h" not in client.get("/dashboard").text


def test_a_long_queue_comes_a_page_at_a_time(
    client: TestClient, engine: Engine, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(moderation_pages, "PAGE", 2)
    events = [
        note(kiosk_id="riverside-1", text=f"Thought number {n} on the park", seq=n + 1)
        for n in range(3)
    ]
    push(client, seed.token, events)
    signed_in(client, engine, role="moderator")
    first = client.get(QUEUE, params={"site": "riverside"}).text
    assert events[0]["id"] in first and events[1]["id"] in first
    assert events[2]["id"] not in first
    assert 'href="/dashboard/moderation?site=riverside&amp;page=1"' in first
    second = client.get(QUEUE, params={"site": "riverside", "page": "1"}).text
    assert events[2]["id"] in second and events[0]["id"] not in second
    assert "page=2" not in second
