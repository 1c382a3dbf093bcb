"""The sign-in's limits hold across workers: failures per e-mail address lock it for a
while, and sign-in posts per client address are capped, both counted in the database.
Two app instances on one database play two workers; a locked address answers alike
whether or not an account has it."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, text

from server.app import create_app
from server.core.config import Settings
from server.web.dash_auth import SESSION_COOKIE
from server.web.rota_common import POSTS_PER_WINDOW
from tests.server.accounts_support import PASSWORD, login_form_token, make_account
from tests.server.conftest import FakeClock

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MINUTE_MS = 60_000
LOCKED = "Too many failed sign-ins for this address."


@pytest.fixture
def second_worker(settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    """Another instance of the hub on the same database, as a second worker would be."""
    other: FastAPI = create_app(settings, clock=clock)
    with TestClient(other) as client:
        yield client
    other.state.engine.dispose()


def _try(client: TestClient, email: str, password: str) -> httpx.Response:
    data = {"email": email, "password": password, "csrf_token": login_form_token(client)}
    return client.post("/login", data=data, follow_redirects=False)


def _message(response: httpx.Response) -> str:
    match = re.search(r'<p class="banner warn" role="alert">([^<]+)</p>', response.text)
    assert match, response.text
    return match.group(1)


def test_failures_from_two_workers_lock_the_address_together(
    client: TestClient, second_worker: TestClient, engine: Engine, clock: FakeClock
) -> None:
    make_account(engine, email="ana@example.org")
    workers = [client, second_worker]
    for attempt in range(4):
        response = _try(workers[attempt % 2], "ana@example.org", f"wrong guess {attempt}")
        assert response.status_code == 401
    fifth = _try(second_worker, "ana@example.org", "wrong guess 4")
    assert fifth.status_code == 429
    assert LOCKED in _message(fifth) and "15 minutes" in _message(fifth)
    assert fifth.headers["retry-after"] == "900"
    # Locked on both workers, even with the right password.
    for worker in workers:
        locked = _try(worker, "ana@example.org", PASSWORD)
        assert locked.status_code == 429
        assert SESSION_COOKIE not in worker.cookies
    clock.now_ms += 14 * MINUTE_MS
    assert "1 minute," in _message(_try(client, "ana@example.org", PASSWORD))
    clock.now_ms += MINUTE_MS
    assert _try(client, "ana@example.org", PASSWORD).status_code == 303
    # Other addresses were never locked.
    with engine.connect() as connection:
        keys = [row[0] for row in connection.execute(text("SELECT key FROM login_failure"))]
    assert keys == []  # a sign-in clears its address; no address is stored


def test_an_address_without_an_account_locks_the_same_way(
    client: TestClient, engine: Engine
) -> None:
    make_account(engine, email="ana@example.org")
    answers = {}
    for email in ("ana@example.org", "nobody@example.org"):
        statuses = [_try(client, email, f"wrong guess {n}").status_code for n in range(6)]
        locked = _try(client, email, PASSWORD)
        answers[email] = (statuses, locked.status_code, _message(locked))
    assert answers["ana@example.org"] == answers["nobody@example.org"]
    assert answers["ana@example.org"][0] == [401, 401, 401, 401, 429, 429]


def test_a_sign_in_clears_the_count_and_slow_failures_never_lock(
    client: TestClient, engine: Engine, clock: FakeClock
) -> None:
    make_account(engine, email="ana@example.org")
    for _ in range(4):
        assert _try(client, "ana@example.org", "wrong guess").status_code == 401
    assert _try(client, "ana@example.org", PASSWORD).status_code == 303
    client.cookies.delete(SESSION_COOKIE)
    for _ in range(4):
        assert _try(client, "ana@example.org", "wrong guess").status_code == 401
    # One failure every 16 minutes, all day: each starts the count again.
    for _ in range(10):
        clock.now_ms += 16 * MINUTE_MS
        assert _try(client, "ana@example.org", "wrong guess").status_code == 401


def test_sign_in_posts_from_one_address_are_capped_across_workers(
    client: TestClient, second_worker: TestClient, engine: Engine, clock: FakeClock
) -> None:
    make_account(engine, email="ana@example.org")
    # Many addresses from one client: no single address locks, the client does.
    for attempt in range(POSTS_PER_WINDOW):
        worker = (client, second_worker)[attempt % 2]
        assert _try(worker, f"guess{attempt}@example.org", "wrong").status_code == 401
    for worker in (client, second_worker):
        refused = _try(worker, "ana@example.org", PASSWORD)
        assert refused.status_code == 429
        assert "Too many sign-in attempts from here" in _message(refused)
    clock.now_ms += 10 * MINUTE_MS  # the next window
    assert _try(client, "ana@example.org", PASSWORD).status_code == 303
