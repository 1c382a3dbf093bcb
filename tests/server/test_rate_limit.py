"""Rate limits counted in the database: a limit per window, per key, shared by every
worker (concurrent hits from several engines each counted once)."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, text
from sqlmodel import Session

from server.core.db import make_engine
from server.services.rate_limit import client_key, hit
from tests.server.factories import NOW_MS

WINDOW_S = 600
START = NOW_MS - NOW_MS % (WINDOW_S * 1000)


def _hits(session: Session, key: str, count: int, now_ms: int = START) -> list[bool]:
    return [hit(session, key=key, limit=3, window_s=WINDOW_S, now_ms=now_ms) for _ in range(count)]


def test_a_key_is_refused_past_its_limit_until_the_next_window(session: Session) -> None:
    assert _hits(session, "form:a", 5) == [True, True, True, False, False]
    assert _hits(session, "form:b", 1) == [True]
    assert _hits(session, "form:a", 1, START + WINDOW_S * 1000) == [True]


def test_old_windows_are_deleted(session: Session, engine: Engine) -> None:
    _hits(session, "form:a", 2)
    _hits(session, "form:b", 1, START + 2 * 24 * 3600 * 1000)
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT key FROM rate_hit")).scalars().all()
    assert keys == ["form:b"]


def test_concurrent_workers_share_one_count(database_url: str, engine: Engine) -> None:
    engines = [make_engine(database_url) for _ in range(4)]
    allowed: list[bool] = []
    lock = threading.Lock()

    def worker(worker_engine: Engine) -> None:
        with Session(worker_engine) as session:
            for _ in range(5):
                ok = hit(session, key="form:x", limit=7, window_s=WINDOW_S, now_ms=START)
                with lock:
                    allowed.append(ok)

    threads = [threading.Thread(target=worker, args=(e,)) for e in engines]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for worker_engine in engines:
            worker_engine.dispose()
    assert (allowed.count(True), allowed.count(False)) == (7, 13)


def test_a_client_key_holds_no_address() -> None:
    key = client_key("dropoff", "203.0.113.9", "secret")
    assert key.startswith("dropoff:") and "203.0.113.9" not in key
    assert key == client_key("dropoff", "203.0.113.9", "secret")
    assert key != client_key("dropoff", "203.0.113.9", "other secret")
    assert key != client_key("check", "203.0.113.9", "secret")
