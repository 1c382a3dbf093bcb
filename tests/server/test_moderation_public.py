"""Held notes reach no public surface; approved ones reach all; rejected ones never do.

The surfaces: the wall page (GET /), its JSON (GET /wall.json) and the kiosks'
configuration pull (GET /api/v1/kiosk/config, whose ETag changes on approval)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlmodel import Session

from server import crud
from server.services import moderation
from server.services.wall import MAX_WALL_NOTES
from storywall.protocol.limits import MAX_CONFIG_NOTES
from tests.server.conftest import EMOJI, FakeClock, Seed
from tests.server.factories import NOW_MS, auth, note, push, reaction

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


def _batch(kiosk_id: str, prompt_id: int, first_seq: int, notes: int) -> list[dict[str, Any]]:
    """300 reactions with `notes` notes among them, seqs from first_seq in order."""
    events: list[dict[str, Any]] = []
    for k in range(300 + notes):
        seq = first_seq + k
        if k % 100 == 50 and k // 100 < notes:
            events.append(note(kiosk_id=kiosk_id, text=f"{kiosk_id} {seq}", seq=seq))
        else:
            emoji = EMOJI[k % len(EMOJI)]
            events.append(reaction(kiosk_id=kiosk_id, prompt_id=prompt_id, emoji=emoji, seq=seq))
    return events


def test_newest_approved_notes_first_and_no_more_than_shown_among_many_events(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    """Ten pushes a minute apart, each with hundreds of reactions and a few notes from
    two kiosks (received in the same millisecond); some notes rejected, some still
    held, and a newer approved note at another site. The config and the wall show the
    newest approved of this site only: by arrival, then kiosk id, then the kiosk's
    order, newest first; and no more than they show."""
    _, second_token = crud.create_kiosk(
        session=session, site_slug="riverside", kiosk_id="riverside-2", name="Riverside cafe"
    )
    # Per push time, its notes: (kiosk id, seq, event id).
    rounds: list[list[tuple[str, int, str]]] = []
    for n in range(10):
        clock.now_ms += 60_000
        made: list[tuple[str, int, str]] = []
        # The second kiosk pushes first: arrival order within a millisecond must not count.
        for kiosk_id, token, notes in (
            ("riverside-2", second_token, 2),
            ("riverside-1", seed.token, 3),
        ):
            batch = _batch(kiosk_id, seed.prompt_id, 1 + n * 400, notes)
            assert push(client, token, batch).json()["accepted"] == len(batch)
            made.extend((kiosk_id, e["seq"], e["id"]) for e in batch if e["type"] == "note")
        rounds.append(made)
    clock.now_ms += 60_000
    elsewhere = note(kiosk_id="harbour-1", text="harbour", seq=1)
    push(client, seed.other_token, [elsewhere])
    moderation.approve(session, event_id=elsewhere["id"], decided_by="sam", now_ms=NOW_MS)

    approved: set[str] = set()
    for number, (_kiosk, _seq, event_id) in enumerate(item for made in rounds for item in made):
        if number % 5 == 3:
            moderation.reject(
                session, event_id=event_id, reason="no", decided_by="sam", now_ms=NOW_MS
            )
        elif number % 7 != 6:  # the rest stay held
            moderation.approve(session, event_id=event_id, decided_by="sam", now_ms=NOW_MS)
            approved.add(event_id)
    expected = [
        event_id
        for made in reversed(rounds)
        for _kiosk, _seq, event_id in sorted(made, key=lambda item: (item[0], -item[1]))
        if event_id in approved
    ]
    assert len(expected) > max(MAX_CONFIG_NOTES, MAX_WALL_NOTES)

    config = client.get(CONFIG, headers=auth(seed.token)).json()["notes"]
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["notes"]
    assert [item["id"] for item in config] == expected[:MAX_CONFIG_NOTES]
    assert [card["id"] for card in wall] == expected[:MAX_WALL_NOTES]
