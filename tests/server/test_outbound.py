"""The outbound queue end to end: news updates to a signed webhook and a Mastodon
account on loopback, delivered once each through failures, back-off, a hub restart
and two senders at once. On SQLite, and on PostgreSQL when it is configured."""

from __future__ import annotations

import json
import random
import threading

from fastapi import FastAPI
from sqlalchemy import Engine, select
from sqlmodel import Session

from server.app import create_app
from server.core.config import Settings
from server.core.db import make_engine
from server.jobs import run_due_jobs
from server.models_fridge import Fridge
from server.models_outbound import OUTBOUND_TABLE
from server.publish import signature
from server.publish.deliver import deliver_due
from server.publish.news import enqueue_news
from server.publish.publishers import configured, idempotency_key
from server.publish.queue import (
    LEASE_MS,
    RETRY_BASE_MS,
    RETRY_CAP_MS,
    claim_next,
    counts,
    enqueue,
    mark_delivered,
)
from server.publish.render import MAX_STATUS_CHARS
from server.updates import record_update
from tests.server.conftest import FakeClock, Seed
from tests.support.loopback import HttpReceiver, http_receiver

SECRET = "webhook-secret-0123456789abcdef"
TOKEN = "mastodon-token-0123456789abcdef0123456789"


def outbound_settings(settings: Settings, **changes: object) -> Settings:
    """The test hub's settings plus publishers."""
    values: dict[str, object] = {
        "env": "development",
        "data_dir": settings.data_dir,
        "database_url": settings.database_url,
        "background_jobs": False,
        "public_url": "https://fridges.example.org",
        **changes,
    }
    return Settings(**values)  # type: ignore[arg-type]


def add_updates(session: Session, seed: Seed, clock: FakeClock, count: int) -> list[str]:
    """`count` news updates about the harbour fridge, committed; their keys."""
    assert seed.other_site.id is not None
    keys = [f"dropoff:test-{clock.now_ms}-{n}" for n in range(count)]
    for n, key in enumerate(keys):
        record_update(
            session,
            site_id=seed.other_site.id,
            kind="dropoff",
            key=key,
            occurred_ms=clock.now_ms - 60_000,
            now_ms=clock.now_ms,
            title=f"Harbour Fridge restocked: {n + 1} produce, 12:59",
        )
    session.commit()
    return keys


def delivered_keys(receiver: HttpReceiver) -> list[str]:
    """The update keys the receiver took (2xx), as a receiver dropping repeats by
    Idempotency-Key would count them: each once, in arrival order."""
    seen: dict[str, str] = {}
    for request in receiver.requests:
        key = request.headers["idempotency-key"]
        if key not in seen:
            seen[key] = json.loads(request.body)["update"]["key"]
    return list(seen.values())


def rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        found = connection.execute(select(OUTBOUND_TABLE).order_by(OUTBOUND_TABLE.c.id))
        return [dict(row) for row in found.mappings()]


def test_a_failing_receiver_gets_each_update_once_after_back_off(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings,
            publish_webhook_url=receiver.url + "/hook?x=1",
            publish_webhook_secret=SECRET,
        )
        keys = add_updates(session, seed, clock, 2)
        receiver.script = [500, 500]  # both first attempts fail, then the receiver is back
        start = clock.now_ms
        assert run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"}) == [
            "publish"
        ]
        assert len(receiver.requests) == 2
        assert counts(engine) == {"pending": 2, "delivered": 0, "failed": 0}
        for row in rows(engine):
            assert row["attempts"] == 1
            assert str(row["last_error"]).startswith("HTTP 500")
            # First retry after 15-30 s (30 s, half of it jitter), plus the time spent.
            assert start + RETRY_BASE_MS // 2 <= int(str(row["next_try_ms"])) <= start + 35_000

        clock.now_ms = start + 10_000  # the job is due again, the rows are not
        assert run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"}) == [
            "publish"
        ]
        assert len(receiver.requests) == 2

        clock.now_ms = start + 40_000
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
        assert counts(engine) == {"pending": 0, "delivered": 2, "failed": 0}
        clock.now_ms = start + 3_600_000  # and nothing is ever sent again
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})

    assert len(receiver.requests) == 4
    assert sorted(delivered_keys(receiver)) == sorted(keys)
    # A month on, the settled rows are pruned, and their updates are not queued again.
    clock.now_ms = start + 31 * 86_400_000
    run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
    assert rows(engine) == []
    assert len(receiver.requests) == 4
    # The retried request is the same request: same key, same document.
    by_key: dict[str, set[bytes]] = {}
    for request in receiver.requests:
        assert request.path == "/hook?x=1"
        assert request.headers["content-type"] == "application/json"
        header = request.headers[signature.SIGNATURE_HEADER.lower()]
        timestamp = int(header.split(",")[0].removeprefix("t="))
        assert signature.verify(SECRET, header, request.body, now_s=timestamp + 60)
        assert not signature.verify("another-secret-0123456789", header, request.body, timestamp)
        assert not signature.verify(SECRET, header, request.body + b" ", timestamp)
        assert not signature.verify(SECRET, header, request.body, now_s=timestamp + 3600)
        body = json.loads(request.body)
        by_key.setdefault(body["id"], set()).add(json.dumps(body["update"]).encode())
        assert body["id"] == request.headers["idempotency-key"]
        assert body["type"] == "fridge.update"
        assert body["fridge"] == {
            "slug": "harbour",
            "name": "Harbour Fridge",
            "timezone": "America/New_York",
            "url": "https://fridges.example.org/fridges/harbour",
        }
        assert body["update"]["occurred_local"] == "2025-06-21 07:59"
    assert len(by_key) == 2 and all(len(documents) == 1 for documents in by_key.values())


def test_news_is_enqueued_once_old_and_history_updates_are_not(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    assert seed.other_site.id is not None
    settings = outbound_settings(
        app.state.settings,
        publish_webhook_url="http://127.0.0.1:9/hook",
        publish_webhook_secret=SECRET,
        mastodon_url="http://127.0.0.1:9",
        mastodon_token=TOKEN,
    )
    names = sorted(configured(settings))
    add_updates(session, seed, clock, 3)
    common = {"site_id": seed.other_site.id, "kind": "status", "occurred_ms": 0, "title": "t"}
    record_update(session, key="old", now_ms=clock.now_ms - 2 * 86_400_000, **common)
    record_update(session, key="history", now_ms=clock.now_ms, news=False, **common)
    session.commit()
    assert enqueue_news(engine, publishers=names, public_url="", now_ms=clock.now_ms) == 6
    assert enqueue_news(engine, publishers=names, public_url="", now_ms=clock.now_ms) == 0
    queued = rows(engine)
    assert sorted((str(r["publisher"]), str(r["key"])[:16]) for r in queued) == sorted(
        [(p, "update:dropoff:t") for p in ("mastodon", "webhook") for _ in range(3)]
    )
    # Nothing was sent by enqueueing; the job's delivery is separate.
    assert counts(engine) == {"pending": 6, "delivered": 0, "failed": 0}


def test_mastodon_gets_a_short_status_with_the_link_and_an_idempotency_key(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    assert seed.other_site.id is not None
    record_update(
        session,
        site_id=seed.other_site.id,
        kind="daily",
        key="daily:harbour:2025-06-21",
        occurred_ms=clock.now_ms,
        now_ms=clock.now_ms,
        title="Harbour Fridge today: 4 restocks, max 4.5 °C",
        body="Restocked at " + ", ".join(f"{h:02d}:00" for h in range(24)) * 5,
    )
    session.commit()
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings, mastodon_url=receiver.url + "/", mastodon_token=TOKEN
        )
        receiver.script = [429]
        receiver.retry_after = "120"
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
        (row,) = rows(engine)
        # Retry-After is honoured when it asks for longer than the back-off.
        assert int(str(row["next_try_ms"])) >= clock.now_ms + 120_000
        clock.now_ms += 121_000
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
    assert counts(engine)["delivered"] == 1
    first, second = receiver.requests
    assert second.path == "/api/v1/statuses"
    assert second.headers["authorization"] == f"Bearer {TOKEN}"
    assert second.headers["idempotency-key"] == first.headers["idempotency-key"]
    status = json.loads(second.body)
    assert status["visibility"] == "unlisted"
    assert MAX_STATUS_CHARS - 2 <= len(status["status"]) <= MAX_STATUS_CHARS
    assert status["status"].startswith("Harbour Fridge today: 4 restocks, max 4.5 °C\n\n")
    assert status["status"].endswith("…\n\nhttps://fridges.example.org/fridges/harbour")


def test_a_refusal_for_good_is_given_up_at_once_and_a_dead_receiver_after_three_days(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    add_updates(session, seed, clock, 1)
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings, mastodon_url=receiver.url, mastodon_token=TOKEN
        )
        receiver.script = [422]
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
    (row,) = rows(engine)
    assert 0 <= int(str(row["failed_ms"])) - clock.now_ms < 5000
    assert str(row["last_error"]).startswith('HTTP 422: {"error":"scripted failure"}')

    # A receiver that never answers: retried with growing gaps, then given up, visible.
    with http_receiver() as receiver:
        dead = receiver.url
    settings = outbound_settings(
        app.state.settings, publish_webhook_url=dead, publish_webhook_secret=SECRET
    )
    enqueue_news(engine, publishers=["webhook"], public_url="", now_ms=clock.now_ms)
    start, gaps = clock.now_ms, []
    while counts(engine)["failed"] < 2:
        report = deliver_due(
            engine,
            configured(settings),
            holder="hub-a",
            now_ms=clock.now_ms,
            rng=random.Random(len(gaps)),
        )
        assert report.delivered == []
        (webhook_row,) = [r for r in rows(engine) if r["publisher"] == "webhook"]
        if webhook_row["failed_ms"] is None:
            gaps.append(int(str(webhook_row["next_try_ms"])) - clock.now_ms)
            clock.now_ms = int(str(webhook_row["next_try_ms"]))
    assert webhook_row["last_error"] == "connection refused"
    assert webhook_row["attempts"] == len(gaps) + 1
    # Given up on the first failure past three days from when it was queued.
    assert 3 * 86_400_000 - 3_600_000 <= clock.now_ms - start <= 3 * 86_400_000
    for attempt, gap in enumerate(gaps):
        ceiling = min(RETRY_CAP_MS, RETRY_BASE_MS * 2**attempt)
        assert ceiling // 2 <= gap <= ceiling + 5_000, (attempt, gap)


def test_a_row_claimed_by_a_hub_that_died_is_sent_after_its_lease_runs_out(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    keys = add_updates(session, seed, clock, 3)
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings,
            publish_webhook_url=receiver.url,
            publish_webhook_secret=SECRET,
        )
        names = sorted(configured(settings))
        enqueue_news(engine, publishers=names, public_url="", now_ms=clock.now_ms)
        # The old hub took a row and died before sending it.
        dead = claim_next(engine, publishers=names, holder="old-hub", now_ms=clock.now_ms)
        assert dead is not None
        app.state.engine.dispose()

        restarted = create_app(settings, clock=clock)
        engine_b: Engine = restarted.state.engine
        try:
            clock.now_ms += 60_000
            run_due_jobs(engine_b, settings, clock.now_ms, "new-hub", only={"publish"})
            assert len(receiver.requests) == 2  # the leased row waits for its lease
            clock.now_ms += LEASE_MS
            run_due_jobs(engine_b, settings, clock.now_ms, "new-hub", only={"publish"})
            clock.now_ms += 3_600_000
            run_due_jobs(engine_b, settings, clock.now_ms, "new-hub", only={"publish"})
            # The old process, had it lived, could no longer mark the row as its own.
            assert not mark_delivered(engine_b, dead, holder="old-hub", now_ms=clock.now_ms)
            assert counts(engine_b) == {"pending": 0, "delivered": 3, "failed": 0}
            assert [r["attempts"] for r in rows(engine_b)] == [2, 1, 1]  # the first was claimed
        finally:
            engine_b.dispose()
    assert len(receiver.requests) == 3
    assert sorted(delivered_keys(receiver)) == sorted(keys)


def test_a_send_not_marked_before_a_crash_is_repeated_with_the_same_idempotency_key(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    (key,) = add_updates(session, seed, clock, 1)
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings,
            publish_webhook_url=receiver.url,
            publish_webhook_secret=SECRET,
        )
        publishers = configured(settings)
        enqueue_news(engine, publishers=["webhook"], public_url="", now_ms=clock.now_ms)
        claimed = claim_next(engine, publishers=["webhook"], holder="old", now_ms=clock.now_ms)
        assert claimed is not None
        # Sent, then the process died before marking it delivered.
        publishers["webhook"].send(
            claimed.payload, idempotency_key("webhook", claimed.key), clock.now_ms
        )
        clock.now_ms += LEASE_MS
        deliver_due(engine, publishers, holder="new", now_ms=clock.now_ms)
    first, second = receiver.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert json.loads(first.body) == json.loads(second.body)
    assert delivered_keys(receiver) == [key]


def test_two_senders_at_once_deliver_each_row_once(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    keys = add_updates(session, seed, clock, 40)
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings,
            publish_webhook_url=receiver.url,
            publish_webhook_secret=SECRET,
            mastodon_url=receiver.url,
            mastodon_token=TOKEN,
        )
        publishers = configured(settings)
        enqueue_news(engine, publishers=sorted(publishers), public_url="", now_ms=clock.now_ms)
        start = threading.Barrier(2)
        reports = []

        def sender(name: str) -> None:
            own = make_engine(settings.database_url)
            try:
                start.wait()
                reports.append(deliver_due(own, publishers, holder=name, now_ms=clock.now_ms))
            finally:
                own.dispose()

        threads = [threading.Thread(target=sender, args=(f"w{n}",)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert counts(engine) == {"pending": 0, "delivered": 80, "failed": 0}
    assert len(receiver.requests) == 80
    assert len({r.headers["idempotency-key"] for r in receiver.requests}) == 80
    hooks = [r for r in receiver.requests if r.path == "/"]
    assert sorted(json.loads(r.body)["update"]["key"] for r in hooks) == sorted(keys)
    # Both senders took part.
    assert all(report.delivered for report in reports), [len(r.delivered) for r in reports]


def test_a_document_the_publisher_cannot_read_backs_off_instead_of_staying_leased(
    app: FastAPI, engine: Engine, clock: FakeClock
) -> None:
    with engine.begin() as connection:
        enqueue(connection, publisher="mastodon", key="update:odd", payload={}, now_ms=clock.now_ms)
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings, mastodon_url=receiver.url, mastodon_token=TOKEN
        )
        report = deliver_due(engine, configured(settings), holder="h", now_ms=clock.now_ms)
    assert receiver.requests == []
    assert len(report.retrying) == 1
    (row,) = rows(engine)
    assert row["last_error"] == "internal error: KeyError"
    assert row["lease_holder"] is None and int(str(row["next_try_ms"])) > clock.now_ms
