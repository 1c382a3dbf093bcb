"""Held notes reach no public surface; approved ones reach all; rejected ones never do.

The surfaces: the wall page (GET /), its JSON (GET /wall.json) and the kiosks'
configuration pull (GET /api/v1/kiosk/config, whose ETag changes on approval)."""

from __future__ import annotations

import httpx
from sqlmodel import Session

from server.services import moderation
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, note, push

CONFIG = "/api/v1/kiosk/config"


def _surfaces(client: httpx.Client, seed: Seed) -> tuple[list[str], list[str], str, str]:
    """Note texts on /wall.json and in the config, the page's HTML, the config's ETag."""
    wall = client.get("/wall.json", params={"site": "riverside"}).json()
    config = client.get(CONFIG, headers=auth(seed.token))
    page = client.get("/", params={"site": "riverside"}).text
    return (
        [card["text"] for card in wall["sites"][0]["notes"]],
        [item["text"] for item in config.json()["notes"]],
        page,
        config.headers["etag"],
    )


def test_a_note_is_public_only_once_approved(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    kind = note(kiosk_id="riverside-1", text="The <b>ducks</b> & swans", seq=1)
    rude = note(kiosk_id="riverside-1", text="something rude", seq=2)
    assert push(client, seed.token, [kind, rude]).json()["accepted"] == 2

    wall_notes, config_notes, page, held_etag = _surfaces(client, seed)
    assert wall_notes == [] and config_notes == []
    assert "ducks" not in page and "something rude" not in page

    moderation.approve(session, event_id=kind["id"], decided_by="sam", now_ms=NOW_MS)
    moderation.reject(
        session, event_id=rude["id"], reason="not kind", decided_by="sam", now_ms=NOW_MS
    )
    wall_notes, config_notes, page, approved_etag = _surfaces(client, seed)
    assert wall_notes == ["The <b>ducks</b> & swans"]
    assert config_notes == ["The <b>ducks</b> & swans"]
    # The page shows the text, escaped: a note is never HTML.
    assert "The &lt;b&gt;ducks&lt;/b&gt; &amp; swans" in page
    assert "<b>ducks" not in page
    assert "something rude" not in page
    assert approved_etag != held_etag
    # The other site's kiosk sees none of Riverside's notes.
    other = client.get(CONFIG, headers=auth(seed.other_token)).json()
    assert other["notes"] == []


def test_config_notes_are_newest_first_with_no_reply(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    first = note(kiosk_id="riverside-1", text="first", seq=1)
    push(client, seed.token, [first])
    clock.now_ms += 60_000
    second = note(kiosk_id="riverside-1", text="second", seq=2, language="fr")
    push(client, seed.token, [second])
    for event in (first, second):
        moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    notes = client.get(CONFIG, headers=auth(seed.token)).json()["notes"]
    assert notes == [
        {"id": second["id"], "text": "second", "language": "fr", "reply": None},
        {"id": first["id"], "text": "first", "language": "en", "reply": None},
    ]
