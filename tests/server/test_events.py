"""POST /api/v1/events: per-event answers, exactly-once effect, one transaction per batch."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from server.models import Kiosk
from server.services import ingest
from server.services.ingest import REASON_WRONG_KIOSK, ingest_batch
from storywall.protocol import ParsedPush, PushRequest, parse_push
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, heartbeat, push, reaction
from tests.server.helpers import event_count, stored_event, stored_ids


def _parsed(request: PushRequest) -> ParsedPush:
    """A push as the hub's route hands it to ingest: its body through the protocol's parser."""
    return parse_push(request.model_dump_json().encode())


def _reactions(seed: Seed, count: int, *, start_seq: int = 1) -> list[dict[str, Any]]:
    emoji = seed.prompt.emoji
    return [
        reaction(
            kiosk_id="riverside-1",
            prompt_id=seed.prompt_id,
            emoji=emoji[i % len(emoji)],
            seq=start_seq + i,
            mono_ms=1000 * (start_seq + i),
        )
        for i in range(count)
    ]


def test_accepts_a_batch_and_stores_it(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    events = [*_reactions(seed, 3), heartbeat(kiosk_id="riverside-1", seq=4)]
    response = push(client, seed.token, events)
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (4, 0, 0)
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3]
    assert [r["id"] for r in body["results"]] == [e["id"] for e in events]
    assert stored_ids(engine) == {e["id"] for e in events}
    first = stored_event(engine, events[0]["id"])
    assert (first.kiosk_id, first.site_id, first.seq, first.type) == (
        "riverside-1",
        seed.site.id,
        1,
        "reaction",
    )
    assert (first.prompt_id, first.choice) == (seed.prompt_id, "😀")
    assert first.payload == {"prompt_id": seed.prompt_id, "emoji": "😀", "source": "button"}
    assert first.received_ms == NOW_MS


def test_same_batch_twice_is_counted_once(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    events = _reactions(seed, 5)
    first = push(client, seed.token, events).json()
    second = push(client, seed.token, events).json()
    assert first["accepted"] == 5
    assert (second["accepted"], second["duplicate"], second["rejected"]) == (0, 5, 0)
    assert {r["status"] for r in second["results"]} == {"duplicate"}
    assert event_count(engine) == 5
    wall = client.get("/wall.json").json()
    riverside = next(s for s in wall["sites"] if s["slug"] == "riverside")
    assert sum(t["total"] for t in riverside["tallies"]) == 5


def test_duplicate_within_one_batch(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    [one] = _reactions(seed, 1)
    body = push(client, seed.token, [one, one, one]).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "duplicate", "duplicate"]
    assert event_count(engine) == 1


@pytest.mark.parametrize("refused_first", [True, False])
def test_a_refused_copy_never_makes_its_twin_a_duplicate(
    client: httpx.Client, engine: Engine, seed: Seed, refused_first: bool
) -> None:
    [good] = _reactions(seed, 1)
    bad = dict(good, payload={**good["payload"], "prompt_id": 999_999})
    pair = [bad, good] if refused_first else [good, bad]
    body = push(client, seed.token, pair).json()
    statuses = [r["status"] for r in body["results"]]
    assert statuses == (["rejected", "accepted"] if refused_first else ["accepted", "rejected"])
    assert stored_ids(engine) == {good["id"]}
    # Two copies of a refused event are both refused: neither is ever "held".
    twice = push(client, seed.token, [dict(bad, id=str(uuid.uuid4()))] * 2).json()
    assert [r["status"] for r in twice["results"]] == ["rejected", "rejected"]


def test_batch_cut_halfway_and_retried(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    events = _reactions(seed, 10)
    # The first half arrived (the kiosk never saw the answer); it resends everything.
    assert push(client, seed.token, events[:5]).json()["accepted"] == 5
    retry = push(client, seed.token, events).json()
    assert [r["status"] for r in retry["results"]] == ["duplicate"] * 5 + ["accepted"] * 5
    assert stored_ids(engine) == {e["id"] for e in events}


def test_kiosk_cannot_write_as_another(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    assert seed.other_prompt.id is not None
    forged = reaction(kiosk_id="harbour-1", prompt_id=seed.other_prompt.id, emoji="🍎")
    body = push(client, seed.token, [forged]).json()
    assert body["results"][0]["status"] == "rejected"
    assert body["results"][0]["reason"] == REASON_WRONG_KIOSK
    assert event_count(engine) == 0


def test_an_id_held_by_another_kiosk_is_rejected(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    assert seed.other_prompt.id is not None
    theirs = reaction(kiosk_id="harbour-1", prompt_id=seed.other_prompt.id, emoji="🍎")
    assert push(client, seed.other_token, [theirs]).json()["accepted"] == 1
    mine = reaction(
        kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", event_id=theirs["id"]
    )
    body = push(client, seed.token, [mine]).json()
    assert body["results"][0]["status"] == "rejected"
    assert "another kiosk" in body["results"][0]["reason"]
    assert stored_event(engine, theirs["id"]).kiosk_id == "harbour-1"


def test_mixed_batch_accepts_good_and_rejects_bad(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    good = _reactions(seed, 2)
    assert seed.other_prompt.id is not None
    bad_seq = dict(good[0], id="7d0f2c57-7d43-4c4f-9d6b-1a3e0f6c7a11", seq=0)
    wrong_emoji = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="🍎")
    other_site_prompt = reaction(kiosk_id="riverside-1", prompt_id=seed.other_prompt.id, emoji="🍎")
    unknown_prompt = reaction(kiosk_id="riverside-1", prompt_id=999_999, emoji="😀")
    unknown_type = dict(good[0], id="0b7c5d7e-5f0e-4a39-8d8a-2d7b3c1e9f00", type="graffiti")
    events = [good[0], bad_seq, wrong_emoji, other_site_prompt, unknown_prompt]
    events += [unknown_type, "not an object", good[1]]
    body = push(client, seed.token, events).json()
    statuses = [r["status"] for r in body["results"]]
    assert statuses == ["accepted"] + ["rejected"] * 6 + ["accepted"]
    reasons = [r["reason"] for r in body["results"]]
    assert reasons[1].startswith("seq:")
    assert reasons[2].startswith("payload.emoji:")
    assert reasons[3].startswith("payload.prompt_id:")
    assert reasons[4].startswith("payload.prompt_id:")
    assert reasons[5].startswith("type:")
    assert reasons[6].startswith("event:")
    assert body["results"][1]["id"] is None  # refused before it was read as an event
    assert body["results"][2]["id"] == wrong_emoji["id"]
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (2, 0, 6)
    assert stored_ids(engine) == {good[0]["id"], good[1]["id"]}


def test_501_events_is_422_and_500_is_fine(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    events = _reactions(seed, 501)
    response = push(client, seed.token, events)
    assert response.status_code == 422
    assert len(response.content) < 2000  # the error does not echo the batch back
    assert event_count(engine) == 0
    response = push(client, seed.token, events[:500])
    assert response.status_code == 200
    assert response.json()["accepted"] == 500
    assert event_count(engine) == 500


def test_empty_batch(client: httpx.Client, seed: Seed) -> None:
    body = push(client, seed.token, []).json()
    assert body == {
        "results": [],
        "accepted": 0,
        "duplicate": 0,
        "rejected": 0,
        "missing_media": [],
    }


def test_uppercase_uuid_is_the_same_event(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    [one] = _reactions(seed, 1)
    push(client, seed.token, [one])
    shouted = dict(one, id=one["id"].upper())
    assert push(client, seed.token, [shouted]).json()["results"][0]["status"] == "duplicate"
    assert event_count(engine) == 1


def test_concurrent_duplicate_insert_is_reclassified(
    engine: Engine, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another push stores the same ids between our SELECT and our INSERT."""
    events = _reactions(seed, 3)
    request = _parsed(PushRequest(boot_id="boot-a", sent_mono_ms=5000, events=events))
    with Session(engine) as session:
        kiosk = session.get(Kiosk, "riverside-1")
        assert kiosk is not None
        ingest_batch(session, kiosk=kiosk, push=request, received_ms=NOW_MS)

    real_held_by = ingest._held_by
    calls: list[int] = []

    def stale_first_look(session: Session, ids: list[str]) -> dict[str, str]:
        calls.append(len(ids))
        return {} if len(calls) == 1 else real_held_by(session, ids)

    monkeypatch.setattr(ingest, "_held_by", stale_first_look)
    more = [*events, *_reactions(seed, 1, start_seq=4)]
    request = _parsed(PushRequest(boot_id="boot-a", sent_mono_ms=6000, events=more))
    with Session(engine) as session:
        kiosk = session.get(Kiosk, "riverside-1")
        assert kiosk is not None
        response = ingest_batch(session, kiosk=kiosk, push=request, received_ms=NOW_MS)
    assert len(calls) == 2
    assert [r.status.value for r in response.results] == ["duplicate"] * 3 + ["accepted"]
    assert event_count(engine) == 4


def test_query_count_does_not_grow_with_the_batch(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    """Fixed statements per push: no per-event queries (executemany counts once)."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    def pushed(n: int, start: int) -> int:
        statements.clear()
        events = [
            *_reactions(seed, n, start_seq=start),
            heartbeat(kiosk_id="riverside-1", seq=start + n, boot_id=f"b{start}"),
        ]
        assert push(client, seed.token, events).json()["accepted"] == n + 1
        return len(statements)

    assert push(client, seed.token, []).status_code == 200  # first contact: last_seen, anchor
    event.listen(engine, "before_cursor_execute", count)
    try:
        small, large = pushed(2, 1), pushed(400, 100)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert small == large
    assert large <= 16


def test_two_copies_of_a_batch_at_once_store_each_event_once(engine: Engine, seed: Seed) -> None:
    """Real concurrency: two threads, two sessions, the same 200 events."""
    events = _reactions(seed, 200)
    request = _parsed(PushRequest(boot_id="boot-a", sent_mono_ms=5000, events=events))
    barrier = threading.Barrier(2)
    outcomes: list[list[str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with Session(engine) as session:
                kiosk = session.get(Kiosk, "riverside-1")
                assert kiosk is not None
                barrier.wait()
                response = ingest_batch(session, kiosk=kiosk, push=request, received_ms=NOW_MS)
                outcomes.append([r.status.value for r in response.results])
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(outcomes) == 2
    for index in range(200):
        assert sorted(outcome[index] for outcome in outcomes) == ["accepted", "duplicate"]
    assert event_count(engine) == 200
