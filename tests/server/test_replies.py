"""Replies, spotlights and "you said, we did" cards on every public surface.

The surfaces: the wall page (GET /), its JSON (GET /wall.json) and the kiosks'
configuration pull (GET /api/v1/kiosk/config, whose ETag must change with each).
Only an approved note is answered, only an approved note or doodle pinned; when the
note is rejected later, its reply and its pin leave every surface."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from server.errors import InvalidInput, NotFound
from server.models_replies import ReplyAudit
from server.services import moderation, replies, replies_dashboard
from tests.server.accounts_support import make_account
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, doodle, note, push
from tests.server.test_media import png, upload

CONFIG = "/api/v1/kiosk/config"
DAY_MS = 86_400_000


def _approved_note(
    client: httpx.Client, session: Session, seed: Seed, text: str, seq: int = 1
) -> str:
    event = note(kiosk_id="riverside-1", text=text, seq=seq)
    assert push(client, seed.token, [event]).json()["accepted"] == 1
    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    return str(event["id"])


def _wall(client: httpx.Client) -> dict[str, Any]:
    site: dict[str, Any] = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]
    return site


def _config(client: httpx.Client, seed: Seed) -> tuple[dict[str, Any], str]:
    answer = client.get(CONFIG, headers=auth(seed.token))
    return answer.json(), answer.headers["etag"]


def _page(client: httpx.Client) -> str:
    return client.get("/", params={"site": "riverside"}).text


def test_a_reply_reaches_the_wall_and_the_kiosks_and_changes_the_etag(
    client: httpx.Client, session: Session, seed: Seed, engine: Engine
) -> None:
    note_id = _approved_note(client, session, seed, "The bench by the pond is broken")
    editor = make_account(engine, email="kim@example.org", role="moderator").id
    _config_before, before = _config(client, seed)
    replies.post_reply(
        session,
        note_id=note_id,
        text="Fixed <b>today</b> & thank you",
        author_id=None,
        now_ms=NOW_MS,
    )
    config, after = _config(client, seed)
    assert after != before
    assert config["notes"][0]["reply"] == "Fixed <b>today</b> & thank you"
    assert _wall(client)["notes"][0]["reply"] == "Fixed <b>today</b> & thank you"
    page = _page(client)
    assert "Fixed &lt;b&gt;today&lt;/b&gt; &amp; thank you" in page
    assert "<b>today" not in page

    replies.post_reply(
        session, note_id=note_id, text="Fixed, and painted", author_id=editor, now_ms=NOW_MS + 5
    )
    config, edited = _config(client, seed)
    assert edited != after and config["notes"][0]["reply"] == "Fixed, and painted"

    replies.remove_reply(session, note_id=note_id, author_id=editor, now_ms=NOW_MS + 9)
    config, removed = _config(client, seed)
    assert removed not in (after, edited)
    assert config["notes"][0]["reply"] is None
    assert _wall(client)["notes"][0]["reply"] is None
    assert "painted" not in _page(client)
    with Session(engine) as fresh:
        audit = fresh.exec(select(ReplyAudit).order_by(ReplyAudit.id)).all()  # type: ignore[arg-type]
    assert [(row.action, row.text, row.author_id) for row in audit] == [
        ("posted", "Fixed <b>today</b> & thank you", None),
        ("edited", "Fixed, and painted", editor),
        ("removed", "Fixed, and painted", editor),
    ]


def test_only_an_approved_note_can_be_answered(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    held = note(kiosk_id="riverside-1", text="waiting", seq=1)
    push(client, seed.token, [held])
    with pytest.raises(InvalidInput, match="approved"):
        replies.post_reply(session, note_id=held["id"], text="hi", author_id=None, now_ms=NOW_MS)
    with pytest.raises(InvalidInput, match="approved"):
        replies.add_spotlight(
            session, event_id=held["id"], ends_ms=NOW_MS + DAY_MS, author_id=None, now_ms=NOW_MS
        )
    with pytest.raises(NotFound):
        replies.post_reply(session, note_id="nope", text="hi", author_id=None, now_ms=NOW_MS)
    moderation.reject(session, event_id=held["id"], reason="rude", decided_by="sam", now_ms=NOW_MS)
    with pytest.raises(InvalidInput):
        replies.post_reply(session, note_id=held["id"], text="hi", author_id=None, now_ms=NOW_MS)


@pytest.mark.parametrize(
    ("words", "problem"),
    [
        ("   ", "empty"),
        ("x" * 501, "at most 500"),
        ("write to sam.jones@example.org", "e-mail"),
        ("ring 07700 900123 any time", "phone"),
        ("bad\x00byte", "control"),
    ],
)
def test_reply_words_are_checked(
    client: httpx.Client, session: Session, seed: Seed, words: str, problem: str
) -> None:
    note_id = _approved_note(client, session, seed, "Lights please")
    with pytest.raises(InvalidInput, match=problem):
        replies.post_reply(session, note_id=note_id, text=words, author_id=None, now_ms=NOW_MS)


def test_a_date_is_not_a_phone_number(client: httpx.Client, session: Session, seed: Seed) -> None:
    note_id = _approved_note(client, session, seed, "Lights please")
    reply = replies.post_reply(
        session, note_id=note_id, text="Done on 2026-12-02.\nThanks!", author_id=None, now_ms=NOW_MS
    )
    assert reply.text == "Done on 2026-12-02. Thanks!"


def test_a_note_rejected_later_takes_its_reply_and_spotlight_off_every_surface(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    note_id = _approved_note(client, session, seed, "Secret spot behind the shed")
    replies.post_reply(session, note_id=note_id, text="Lovely idea", author_id=None, now_ms=NOW_MS)
    replies.add_spotlight(
        session, event_id=note_id, ends_ms=NOW_MS + DAY_MS, author_id=None, now_ms=NOW_MS
    )
    replies.post_you_said(
        session,
        site_id=seed.site.id,
        title="A new path",
        body="We cut a path",
        note_ids=[note_id],
        author_id=None,
        now_ms=NOW_MS,
    )
    config, shown = _config(client, seed)
    assert config["spotlights"][0]["text"] == "Secret spot behind the shed"
    assert config["spotlights"][0]["reply"] == "Lovely idea"
    assert _wall(client)["you_said"][0]["notes"][0]["id"] == note_id

    moderation.reject(session, event_id=note_id, reason="private", decided_by="sam", now_ms=NOW_MS)
    config, hidden = _config(client, seed)
    assert hidden != shown
    assert config["notes"] == [] and config["spotlights"] == []
    wall = _wall(client)
    assert wall["notes"] == [] and wall["spotlights"] == []
    # The card stands (it says what changed), without the note.
    assert wall["you_said"][0]["title"] == "A new path"
    assert wall["you_said"][0]["notes"] == []
    page = _page(client)
    assert "Secret spot" not in page and "Lovely idea" not in page
    stats = replies.reply_stats(session, site_ids=None, start_ms=0, end_ms=NOW_MS + DAY_MS)
    assert (stats.notes, stats.answered) == (0, 0)


def test_a_spotlight_shows_until_its_end_or_until_unpinned(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    note_id = _approved_note(client, session, seed, "Best picnic spot")
    _config_before, before = _config(client, seed)
    pin = replies.add_spotlight(
        session, event_id=note_id, ends_ms=NOW_MS + DAY_MS, author_id=None, now_ms=NOW_MS
    )
    config, pinned = _config(client, seed)
    assert pinned != before
    assert config["spotlights"] == [
        {
            "id": pin.id,
            "kind": "note",
            "text": "Best picnic spot",
            "language": "en",
            "reply": None,
            "media": None,
            "width": 0,
            "height": 0,
            "ends_ms": NOW_MS + DAY_MS,
        }
    ]
    assert [p["text"] for p in _wall(client)["spotlights"]] == ["Best picnic spot"]
    assert "Spotlight" in _page(client)
    # Pinning it again moves its end instead of doubling it.
    again = replies.add_spotlight(
        session, event_id=note_id, ends_ms=NOW_MS + 2 * DAY_MS, author_id=None, now_ms=NOW_MS
    )
    assert again.id == pin.id
    assert _config(client, seed)[0]["spotlights"][0]["ends_ms"] == NOW_MS + 2 * DAY_MS

    clock.now_ms = NOW_MS + 2 * DAY_MS
    assert _config(client, seed)[0]["spotlights"] == []
    assert _wall(client)["spotlights"] == []

    clock.now_ms = NOW_MS
    assert pin.id is not None
    replies.remove_spotlight(session, spotlight_id=pin.id, author_id=None, now_ms=NOW_MS)
    assert _config(client, seed)[0]["spotlights"] == []
    with pytest.raises(NotFound):
        replies.remove_spotlight(session, spotlight_id=pin.id, author_id=None, now_ms=NOW_MS)


@pytest.mark.parametrize("ends_after_ms", [0, -1, 91 * DAY_MS])
def test_a_spotlight_needs_a_sensible_end(
    client: httpx.Client, session: Session, seed: Seed, ends_after_ms: int
) -> None:
    note_id = _approved_note(client, session, seed, "Best picnic spot")
    with pytest.raises(InvalidInput):
        replies.add_spotlight(
            session, event_id=note_id, ends_ms=NOW_MS + ends_after_ms, author_id=None, now_ms=NOW_MS
        )


def test_a_doodle_spotlight_carries_its_public_png(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    data = png(48)
    event = doodle(kiosk_id="riverside-1", media=_sha(data), size=len(data), side=48)
    push(client, seed.token, [event])
    assert upload(client, seed.token, data).status_code == 201
    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    replies.add_spotlight(
        session, event_id=event["id"], ends_ms=NOW_MS + DAY_MS, author_id=None, now_ms=NOW_MS
    )
    [pin] = _config(client, seed)[0]["spotlights"]
    assert (pin["kind"], pin["media"], pin["width"], pin["height"]) == (
        "doodle",
        _sha(data),
        48,
        48,
    )
    [shown] = _wall(client)["spotlights"]
    assert shown["url"] == f"/media/{_sha(data)}.png"
    # What the kiosk fetches: the public PNG, the same bytes its hash names.
    assert client.get(shown["url"]).content == data
    with pytest.raises(NotFound):
        replies.post_reply(session, note_id=event["id"], text="hi", author_id=None, now_ms=NOW_MS)


def _sha(data: bytes) -> str:
    from storywall.protocol.media import sha256_hex

    return sha256_hex(data)


def test_you_said_cards_for_a_site_and_for_the_network(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    note_id = _approved_note(client, session, seed, "More bins please")
    held = note(kiosk_id="riverside-1", text="still held", seq=2)
    push(client, seed.token, [held])
    with pytest.raises(InvalidInput):
        replies.post_you_said(
            session, site_id=seed.site.id, title="Bins", body="x", note_ids=[held["id"]],
            author_id=None, now_ms=NOW_MS,
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="that site's"):
        replies.post_you_said(
            session, site_id=seed.other_site.id, title="Bins", body="x", note_ids=[note_id],
            author_id=None, now_ms=NOW_MS,
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="that site's prompts"):
        replies.post_you_said(
            session, site_id=seed.site.id, title="Bins", body="x",
            prompt_ids=[seed.other_prompt.id or 0], author_id=None, now_ms=NOW_MS,
        )  # fmt: skip
    replies.post_you_said(
        session,
        site_id=seed.site.id,
        title="Three new bins",
        body="You said the bins overflow.\nWe added three by the gate.",
        note_ids=[note_id, note_id],
        prompt_ids=[seed.prompt_id],
        author_id=None,
        now_ms=NOW_MS,
    )
    network = replies.post_you_said(
        session,
        site_id=None,
        title="Longer opening hours",
        body="Every park now opens at 7",
        author_id=None,
        now_ms=NOW_MS + 1,
    )
    riverside = _wall(client)["you_said"]
    assert [card["title"] for card in riverside] == ["Longer opening hours", "Three new bins"]
    assert riverside[1]["notes"] == [{"id": note_id, "text": "More bins please", "language": "en"}]
    assert riverside[1]["prompts"] == [{"id": seed.prompt_id, "text": "How was the park today?"}]
    harbour = client.get("/wall.json", params={"site": "harbour"}).json()["sites"][0]
    assert [card["title"] for card in harbour["you_said"]] == ["Longer opening hours"]
    page = _page(client)
    cards = [part.split("</li>", 1)[0] for part in page.split('id="you-said-')[1:]]
    assert [("You said, we did" in card, "Three new bins" in card) for card in cards] == [
        (True, False),
        (True, True),
    ]
    assert "Asked: How was the park today?" in page
    assert network.id is not None
    replies.remove_you_said(session, card_id=network.id, author_id=None, now_ms=NOW_MS)
    assert [card["title"] for card in _wall(client)["you_said"]] == ["Three new bins"]


def test_waiting_notes_and_reply_stats(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    first = _approved_note(client, session, seed, "first", seq=1)
    clock.now_ms += 60_000
    second = _approved_note(client, session, seed, "second", seq=2)
    clock.now_ms += 60_000
    third = _approved_note(client, session, seed, "third", seq=3)
    assert [n.id for n in replies_dashboard.waiting_for_reply(session)] == [first, second, third]
    assert replies_dashboard.count_waiting(session, site_ids=[seed.other_site.id or 0]) == 0
    # Received at NOW, NOW+1 min, NOW+2 min; answered after 10 and 30 minutes.
    replies.post_reply(session, note_id=first, text="a", author_id=None, now_ms=NOW_MS + 600_000)
    replies.post_reply(
        session, note_id=third, text="c", author_id=None, now_ms=NOW_MS + 120_000 + 1_800_000
    )
    assert [n.id for n in replies_dashboard.waiting_for_reply(session)] == [second]
    assert replies_dashboard.count_waiting(session, site_ids=[seed.site.id or 0]) == 1
    stats = replies.reply_stats(
        session, site_ids=[seed.site.id or 0], start_ms=NOW_MS, end_ms=NOW_MS + DAY_MS
    )
    assert stats == replies.ReplyStats(notes=3, answered=2, median_reply_ms=600_000)
    window = replies.reply_stats(
        session, site_ids=None, start_ms=NOW_MS + 1, end_ms=NOW_MS + DAY_MS
    )
    assert window == replies.ReplyStats(notes=2, answered=1, median_reply_ms=1_800_000)
    other = replies.reply_stats(
        session, site_ids=[seed.other_site.id or 0], start_ms=0, end_ms=NOW_MS + DAY_MS
    )
    assert other == replies.ReplyStats(notes=0, answered=0, median_reply_ms=None)
    replies.remove_reply(session, note_id=third, author_id=None, now_ms=NOW_MS + DAY_MS)
    assert [n.id for n in replies_dashboard.waiting_for_reply(session)] == [second, third]


def test_wall_extras_is_what_the_wall_shows(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    note_id = _approved_note(client, session, seed, "Swings!")
    replies.post_reply(
        session, note_id=note_id, text="Coming in May", author_id=None, now_ms=NOW_MS
    )
    replies.add_spotlight(
        session, event_id=note_id, ends_ms=NOW_MS + DAY_MS, author_id=None, now_ms=NOW_MS
    )
    assert seed.site.id is not None
    extras = replies.wall_extras(session, seed.site.id, now_ms=NOW_MS)
    assert extras.replies_by_note_id[note_id].text == "Coming in May"
    assert extras.replies_by_note_id[note_id].note_text == "Swings!"
    assert [pin.reply for pin in extras.spotlights] == ["Coming in May"]
    assert extras.you_said == []
    assert seed.other_site.id is not None
    assert replies.wall_extras(session, seed.other_site.id, now_ms=NOW_MS).spotlights == []
