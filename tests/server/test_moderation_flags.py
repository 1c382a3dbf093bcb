"""Automatic flags: computed as notes, doodles and photos arrive through the kiosk
push, stored, and shown with the item in the moderator's queue.

Each flag is proved both ways (what trips it, and the ordinary note beside it that
does not), and the cost of flagging is proved by counting the SQL statements of a
push: a push of fifty notes asks the database no more than a push of one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import Engine, event
from sqlmodel import Session

from server import crud
from server.arrivals.flags import BURST_COUNT, BURST_WINDOW_MS
from server.services import moderation
from storywall.protocol.media import sha256_hex
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, doodle, iso, note, push
from tests.server.test_media import png

KIOSK = "riverside-1"
HOUR = 3_600_000


def _flags(session: Session) -> dict[str, set[str]]:
    """Held event id -> the kinds of flag on it, read as the moderator's queue has it."""
    return {
        item.event_id: {flag.kind for flag in item.flags} for item in moderation.list_items(session)
    }


def _push_notes(
    client: httpx.Client, seed: Seed, texts: list[str], first_seq: int = 1
) -> list[str]:
    events = [note(kiosk_id=KIOSK, text=text, seq=first_seq + n) for n, text in enumerate(texts)]
    assert push(client, seed.token, events).json()["accepted"] == len(events)
    return [item["id"] for item in events]


def test_profanity_is_flagged_in_the_site_s_languages(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    crud.update_site(session=session, slug="riverside", languages=["en", "es"])
    rude, spanish, fine, town = _push_notes(
        client,
        seed,
        ["this bench is shit", "el banco es una mierda", "The swans are back", "Scunthorpe rocks"],
    )
    flags = _flags(session)
    assert "profanity" in flags[rude]
    assert "profanity" in flags[spanish]
    assert "profanity" not in flags.get(fine, set())
    # Whole words only: a town's name is not a swear word.
    assert "profanity" not in flags.get(town, set())
    detail = next(
        f.detail for f in moderation.get_item(session, rude).flags if f.kind == "profanity"
    )
    assert "shit" in detail


def test_too_short_to_mean_anything(client: httpx.Client, session: Session, seed: Seed) -> None:
    ok, mash, dots, trees, fine = _push_notes(
        client, seed, ["ok", "aaaaaaaa", "...!!!", "🌳🌳🌳", "More bins"]
    )
    flags = _flags(session)
    # Emoji alone say nothing the wall can read for sure: a person decides.
    assert all("short" in flags[event_id] for event_id in (ok, mash, dots, trees))
    assert "short" not in flags.get(fine, set())


def test_a_language_the_site_does_not_use_only_when_the_guess_is_sure(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    german, english, brief = _push_notes(
        client,
        seed,
        [
            "Der Spielplatz ist heute wunderbar sauber und die Kinder sind glücklich",
            "The playground is wonderfully clean today and the children are happy",
            "Danke schön",  # too short to tell: never flagged
        ],
    )
    flags = _flags(session)
    assert "language" in flags[german]
    detail = next(f.detail for f in moderation.get_item(session, german).flags)
    assert "de" in detail and "en" in detail
    assert "language" not in flags.get(english, set())
    assert "language" not in flags.get(brief, set())
    # A site that offers German takes the same note without a flag.
    crud.update_site(session=session, slug="riverside", languages=["en", "de"])
    (again,) = _push_notes(
        client, seed, ["Die Enten am Teich sind heute besonders hungrig und laut gewesen"], 10
    )
    assert "language" not in _flags(session).get(again, set())


def _made_at(event: dict[str, Any], at_ms: int) -> dict[str, Any]:
    """The event as a kiosk with a synchronised clock made it at `at_ms`."""
    return {**event, "wall_time": iso(at_ms)}


def test_a_burst_from_one_kiosk_by_when_the_notes_were_made(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    # A kiosk back from a day offline sends notes made an hour apart in one push: no burst.
    hours = [
        _made_at(
            note(kiosk_id=KIOSK, text=f"Note {n} about the ducks", seq=1 + n), NOW_MS - n * HOUR
        )
        for n in range(BURST_COUNT + 2)
    ]
    push(client, seed.token, hours)
    flags = _flags(session)
    assert not any("burst" in flags.get(event["id"], set()) for event in hours)
    # A few within minutes is not a burst either ...
    clock.now_ms += HOUR
    start = clock.now_ms
    few = [
        _made_at(
            note(kiosk_id=KIOSK, text=f"Thought {n} on benches", seq=20 + n), start + n * 20_000
        )
        for n in range(BURST_COUNT - 1)
    ]
    push(client, seed.token, few)
    assert not any("burst" in _flags(session).get(event["id"], set()) for event in few)
    # ... the one that makes BURST_COUNT within the window is, even in a later push.
    clock.now_ms += 60_000
    more = _made_at(note(kiosk_id=KIOSK, text="Yet another idea", seq=40), start + 90_000)
    push(client, seed.token, [more])
    assert "burst" in _flags(session)[more["id"]]
    # Doodles count with notes: someone at the screen all the same.
    data = png(side=32, colour=(1, 2, 3))
    drawn = doodle(kiosk_id=KIOSK, media=sha256_hex(data), size=len(data), side=32, seq=60)
    push(client, seed.token, [_made_at(drawn, start + 100_000)])
    assert "burst" in _flags(session)[drawn["id"]]
    # Another kiosk at the same moment is no part of it.
    other = _made_at(note(kiosk_id="harbour-1", text="Fresh bread today", seq=1), start)
    push(client, seed.other_token, [other])
    assert "burst" not in _flags(session).get(other["id"], set())


def test_near_duplicates_of_recent_notes_at_the_site(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    (first,) = _push_notes(client, seed, ["Please fix the broken swing by the pond"])
    clock.now_ms += 60 * 60_000
    same, edited, other = _push_notes(
        client,
        seed,
        [
            "please FIX the broken swing, by the pond!",
            "Please fix the broken swings by the pond",
            "The café should open earlier on Sundays",
        ],
        10,
    )
    flags = _flags(session)
    assert "duplicate" not in flags.get(first, set())
    assert "duplicate" in flags[same]
    assert "duplicate" in flags[edited]
    assert "duplicate" not in flags.get(other, set())
    # Another site's notes are not compared.
    harbour = note(kiosk_id="harbour-1", text="Please fix the broken swing by the pond")
    push(client, seed.other_token, [harbour])
    assert "duplicate" not in _flags(session).get(harbour["id"], set())
    # A day later the same words are news again.
    clock.now_ms += 25 * 60 * 60_000
    (later,) = _push_notes(client, seed, ["Please fix the broken swing by the pond"], 20)
    assert "duplicate" not in _flags(session).get(later, set())


def test_a_doodle_sent_twice_is_a_duplicate(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    data = png(side=32)
    name = sha256_hex(data)
    first = doodle(kiosk_id=KIOSK, media=name, size=len(data), side=32, seq=1)
    second = doodle(kiosk_id=KIOSK, media=name, size=len(data), side=32, seq=2)
    other_data = png(side=32, colour=(10, 200, 10))
    other = doodle(
        kiosk_id=KIOSK, media=sha256_hex(other_data), size=len(other_data), side=32, seq=3
    )
    push(client, seed.token, [first])
    push(client, seed.token, [second, other])
    flags = _flags(session)
    assert "duplicate" not in flags.get(first["id"], set())
    assert "duplicate" in flags[second["id"]]
    assert "duplicate" not in flags.get(other["id"], set())


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_flagging_costs_the_same_queries_for_one_note_or_fifty(
    client: httpx.Client, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    # Warm: the first push loads the word lists and the kiosk's boot anchor.
    _push_notes(client, seed, ["A first note to warm up the hub"])
    clock.now_ms += 10 * BURST_WINDOW_MS
    with _statements(engine) as one:
        _push_notes(client, seed, ["Please fix the fence, it is shit"], 2)
    clock.now_ms += 10 * BURST_WINDOW_MS
    texts = [f"Note {n}: the fence by gate {n} is shit and the bins are full" for n in range(50)]
    with _statements(engine) as fifty:
        _push_notes(client, seed, texts, 100)
    assert len(fifty) == len(one) > 5, (len(one), len(fifty))
