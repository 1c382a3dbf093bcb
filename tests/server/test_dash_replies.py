"""/dashboard/replies: who may open it, the notes waiting oldest first, and every form
(reply, edit, take down, spotlight, unpin, card) through the app with its CSRF token,
landing on the public wall; plus the home page's two tiles."""

from __future__ import annotations

import re
import warnings

from sqlalchemy import Engine
from sqlmodel import Session, select

from server.models_replies import ReplyAudit
from server.services import moderation
from tests.server.accounts_support import signed_in
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, note, push

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGE = "/dashboard/replies"
MINUTE = 60_000


def _approved(client: TestClient, session: Session, seed: Seed, text: str, seq: int) -> str:
    event = note(kiosk_id="riverside-1", text=text, seq=seq)
    push(client, seed.token, [event])
    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    return str(event["id"])


def _wall_notes(client: TestClient) -> list[dict[str, object]]:
    site = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]
    notes: list[dict[str, object]] = site["notes"]
    return notes


def test_only_roles_with_the_reply_permission_open_the_page(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    away = client.get(PAGE, follow_redirects=False)
    assert (away.status_code, away.headers["location"]) == (303, "/login?next=/dashboard/replies")
    signed_in(client, engine, role="volunteer")
    assert client.get(PAGE).status_code == 403
    assert 'href="/dashboard/replies"' not in client.get("/dashboard").text


def test_a_moderator_answers_the_oldest_note_first_and_it_reaches_the_wall(
    client: TestClient, engine: Engine, session: Session, seed: Seed, clock: FakeClock
) -> None:
    older = _approved(client, session, seed, "The <b>gate</b> squeaks", 1)
    clock.now_ms += 5 * MINUTE
    newer = _approved(client, session, seed, "Lovely roses", 2)
    clock.now_ms += 25 * MINUTE
    csrf = signed_in(client, engine, role="moderator")
    page = client.get(PAGE).text
    assert 'href="/dashboard/replies"' in client.get("/dashboard").text
    assert page.index(f'id="note-{older}"') < page.index(f'id="note-{newer}"')
    assert "The &lt;b&gt;gate&lt;/b&gt; squeaks" in page and "<b>gate" not in page
    assert "waiting 30 min" in page

    refused = client.post(f"{PAGE}/reply", data={"note_id": older, "text": "Oiled"})
    assert refused.status_code == 403
    answer = client.post(
        f"{PAGE}/reply",
        data={"csrf_token": csrf, "note_id": older, "text": "Oiled <today>", "back_site": ""},
        follow_redirects=False,
    )
    assert (answer.status_code, answer.headers["location"]) == (303, f"{PAGE}?done=replied")
    assert "Reply posted." in client.get(answer.headers["location"]).text
    assert [n["reply"] for n in _wall_notes(client)] == [None, "Oiled <today>"]
    page = client.get(PAGE).text
    assert f'id="note-{older}"' not in page  # answered: no longer waiting
    assert "Oiled &lt;today&gt;</textarea>" in page  # to edit, escaped

    bad = client.post(
        f"{PAGE}/reply",
        data={"csrf_token": csrf, "note_id": newer, "text": "mail me: a@b.org", "back_site": ""},
    )
    assert bad.status_code == 422 and "e-mail address" in bad.text
    # The words come back in the note's own form, to correct in place.
    assert 'aria-invalid="true"' in bad.text and ">mail me: a@b.org</textarea>" in bad.text
    assert [n["reply"] for n in _wall_notes(client)] == [None, "Oiled <today>"]

    taken = client.post(
        f"{PAGE}/remove-reply",
        data={"csrf_token": csrf, "note_id": older, "back_site": "riverside"},
        follow_redirects=False,
    )
    assert taken.headers["location"] == f"{PAGE}?site=riverside&done=removed"
    assert [n["reply"] for n in _wall_notes(client)] == [None, None]
    history = client.get(PAGE).text.split('id="history"', 1)[1]
    assert history.count("Oiled &lt;today&gt;") == 2  # posted, then taken down
    assert "Reply removed" in history and "Reply posted" in history
    assert history.count("Moderator") == 2  # the account's name, not its address
    with Session(engine) as fresh:
        audit = fresh.exec(select(ReplyAudit)).all()
    moderator_id = {row.author_id for row in audit}
    assert [row.action for row in audit] == ["posted", "removed"]
    assert len(moderator_id) == 1 and None not in moderator_id


def test_spotlights_and_cards_from_the_page(
    client: TestClient, engine: Engine, session: Session, seed: Seed
) -> None:
    bins = _approved(client, session, seed, "More bins please", 1)
    csrf = signed_in(client, engine, role="organiser")
    pinned = client.post(
        f"{PAGE}/spotlight",
        data={"csrf_token": csrf, "event_id": bins, "days": "7", "back_site": ""},
        follow_redirects=False,
    )
    assert pinned.status_code == 303
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]
    [pin] = wall["spotlights"]
    assert (pin["text"], pin["ends_ms"]) == ("More bins please", NOW_MS + 7 * 86_400_000)
    odd = client.post(
        f"{PAGE}/spotlight", data={"csrf_token": csrf, "event_id": bins, "days": "365"}
    )
    assert odd.status_code == 422 and "how many days" in odd.text
    page = client.get(PAGE).text
    assert "ends in 7 days" in page
    assert "More bins please (until 2025-06-28 12:00 UTC)" in page.split('id="history"')[1]
    client.post(f"{PAGE}/unspotlight", data={"csrf_token": csrf, "spotlight_id": str(pin["id"])})
    assert client.get("/wall.json").json()["sites"][1]["spotlights"] == []

    card = client.post(
        f"{PAGE}/you-said",
        data={
            "csrf_token": csrf,
            "site": "riverside",
            "title": "Three new bins",
            "body": "By the gate and the pond",
            "notes": [bins],
            "prompts": [str(seed.prompt_id)],
        },
        follow_redirects=False,
    )
    assert card.status_code == 303, card.text
    [shown] = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["you_said"]
    assert shown["title"] == "Three new bins"
    assert [n["id"] for n in shown["notes"]] == [bins]
    assert [p["id"] for p in shown["prompts"]] == [seed.prompt_id]
    wrong = client.post(
        f"{PAGE}/you-said",
        data={"csrf_token": csrf, "site": "harbour", "title": "x", "body": "y", "notes": [bins]},
    )
    assert wrong.status_code == 422 and "that site&#39;s notes" in wrong.text
    client.post(f"{PAGE}/you-said/remove", data={"csrf_token": csrf, "card_id": str(shown["id"])})
    assert client.get("/wall.json").json()["sites"][1]["you_said"] == []


def test_the_home_tiles_count_waiting_notes_and_the_median_time(
    client: TestClient, engine: Engine, session: Session, seed: Seed, clock: FakeClock
) -> None:
    first = _approved(client, session, seed, "one", 1)
    _approved(client, session, seed, "two", 2)
    clock.now_ms += 3 * 60 * MINUTE
    csrf = signed_in(client, engine, role="moderator")
    home = client.get("/dashboard").text
    assert re.search(r"Waiting for a reply</span>\s*<span class=\"tile-value\">2<", home), home
    assert "oldest waiting 3 h 0 min" in home
    client.post(f"{PAGE}/reply", data={"csrf_token": csrf, "note_id": first, "text": "Thanks"})
    home = client.get("/dashboard").text
    assert re.search(r"Median time to a reply</span>\s*<span class=\"tile-value\">3 h 0 min<", home)
    assert "1 of 2 notes answered, last 30 days" in home


def test_the_charts_health_panel_counts_answers_and_the_median_wait(
    client: TestClient, engine: Engine, session: Session, seed: Seed, clock: FakeClock
) -> None:
    first = _approved(client, session, seed, "one", 1)
    _approved(client, session, seed, "two", 2)
    clock.now_ms += 90 * MINUTE
    csrf = signed_in(client, engine, role="moderator")
    client.post(f"{PAGE}/reply", data={"csrf_token": csrf, "note_id": first, "text": "Thanks"})
    text = client.get("/dashboard/charts", params={"site": "riverside"}).text
    assert "1 of 2 notes answered; median time to an answer 1.5 hours." in text
    harbour = client.get("/dashboard/charts", params={"site": "harbour"}).text
    assert "0 of 0 notes answered; no answers yet." in harbour
