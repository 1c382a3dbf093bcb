"""The per-kiosk rate limit on the sync API: every route a kiosk token opens counts in
one window per kiosk, past `kiosk_requests_per_minute` the hub answers 429 with
Retry-After and stores nothing, other kiosks are not affected, the next minute is
open again, and two app instances on one database share the count (as two workers
do). On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from server.app import create_app
from server.core.config import Settings
from storywall.protocol.media import media_path, sha256_hex
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import auth, push, reaction
from tests.server.helpers import event_count
from tests.server.test_media import png

LIMIT = 10
SECOND = 1000

Request = Callable[[httpx.Client, str], httpx.Response]


def limited_settings(settings: Settings, per_minute: int = LIMIT) -> Settings:
    return Settings(
        env="development",
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        background_jobs=False,
        kiosk_requests_per_minute=per_minute,
    )


@pytest.fixture
def limited(settings: Settings, clock: FakeClock) -> Iterator[Callable[[], TestClient]]:
    """Make hubs on the test database with a limit of LIMIT requests per kiosk."""
    apps: list[FastAPI] = []
    clients: list[TestClient] = []

    def make() -> TestClient:
        app = create_app(limited_settings(settings), clock=clock)
        apps.append(app)
        client = TestClient(app)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    for app in apps:
        app.state.engine.dispose()


def _config(client: httpx.Client, token: str) -> httpx.Response:
    return client.get("/api/v1/kiosk/config", headers=auth(token))


def _wall(client: httpx.Client, token: str) -> httpx.Response:
    return client.get("/api/v1/kiosk/wall.png?w=800&h=480", headers=auth(token))


def _link(client: httpx.Client, token: str) -> httpx.Response:
    return client.post("/api/v1/kiosk/dropoff-link", headers=auth(token))


def _media(client: httpx.Client, token: str) -> httpx.Response:
    data = png()
    headers = {**auth(token), "Content-Type": "image/png"}
    return client.put(media_path(sha256_hex(data)), content=data, headers=headers)


def _push(client: httpx.Client, token: str) -> httpx.Response:
    return push(client, token, [])


ROUTES: dict[str, Request] = {
    "push": _push,
    "config": _config,
    "wall": _wall,
    "dropoff-link": _link,
    "media": _media,
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_kiosk_route_counts_and_refuses_past_the_limit(
    limited: Callable[[], TestClient], engine: Engine, seed: Seed, clock: FakeClock, route: str
) -> None:
    client = limited()
    clock.now_ms += 15 * SECOND  # 45 s left in this minute
    # The limit is shared by every route: LIMIT - 1 config pulls, then the route.
    for _ in range(LIMIT - 1):
        assert _config(client, seed.token).status_code == 200
    assert ROUTES[route](client, seed.token).status_code < 400 or route == "dropoff-link"
    refused = ROUTES[route](client, seed.token)
    assert refused.status_code == 429, refused.text
    assert refused.headers["Retry-After"] == "45"
    assert "requests from this kiosk" in refused.json()["detail"]
    # Another kiosk has its own count.
    assert _config(client, seed.other_token).status_code == 200
    # The next minute, it is open again.
    clock.now_ms += 45 * SECOND
    assert ROUTES[route](client, seed.token).status_code != 429


def test_a_refused_push_stores_nothing(
    limited: Callable[[], TestClient], engine: Engine, seed: Seed
) -> None:
    client = limited()
    for _ in range(LIMIT):
        assert _config(client, seed.token).status_code == 200
    event = reaction(kiosk_id=seed.kiosk.id, prompt_id=seed.prompt_id, emoji="😀")
    assert push(client, seed.token, [event]).status_code == 429
    assert event_count(engine) == 0


def test_a_bad_token_is_refused_before_it_is_counted(
    limited: Callable[[], TestClient], seed: Seed
) -> None:
    client = limited()
    for _ in range(LIMIT + 5):
        assert _config(client, "sw_k_" + "x" * 40).status_code == 401
    assert _config(client, seed.token).status_code == 200


def test_two_hubs_on_one_database_share_the_count(
    limited: Callable[[], TestClient], seed: Seed
) -> None:
    first, second = limited(), limited()
    assert first.app is not second.app
    answers = [_config(first if n % 2 else second, seed.token).status_code for n in range(LIMIT)]
    assert answers == [200] * LIMIT
    assert _config(first, seed.token).status_code == 429
    assert _config(second, seed.token).status_code == 429


def test_the_default_limit_leaves_room_for_a_busy_kiosk(client: TestClient, seed: Seed) -> None:
    # 240 pushes (a child pressing four times a second for a minute) and the pulls.
    for _ in range(240):
        assert _push(client, seed.token).status_code == 200
    for _ in range(2):
        assert _config(client, seed.token).status_code == 200
        assert _wall(client, seed.token).status_code == 200


def test_counting_leaves_every_pooled_connection_fully_durable(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    # The count's commit skips the fsync (core/db.py bookkeeping); events' never do.
    if engine.dialect.name != "sqlite":
        pytest.skip("a SQLite pragma")
    for _ in range(5):
        assert _config(client, seed.token).status_code == 200
    with engine.connect() as first, engine.connect() as second, engine.connect() as third:
        modes = [c.exec_driver_sql("PRAGMA synchronous").scalar() for c in (first, second, third)]
    assert modes == [2, 2, 2]  # FULL
