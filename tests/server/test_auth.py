"""Kiosk tokens: 401 with WWW-Authenticate, and nothing stored, unless the token is good."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from server import crud
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, push, reaction
from tests.server.helpers import event_count


def _batch(seed: Seed) -> dict[str, object]:
    event = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀")
    return {"boot_id": "boot-a", "sent_mono_ms": 1000, "events": [event]}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer sw_k_wrong"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "sw_k_no_scheme"},
    ],
    ids=["missing", "unknown", "empty", "basic", "no-scheme"],
)
def test_bad_token_gets_401_and_stores_nothing(
    client: httpx.Client, engine: Engine, seed: Seed, headers: dict[str, str]
) -> None:
    response = client.post("/api/v1/events", json=_batch(seed), headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert event_count(engine) == 0
    config = client.get("/api/v1/kiosk/config", headers=headers)
    assert config.status_code == 401


def test_revoked_token_gets_401_and_stores_nothing(
    client: httpx.Client, engine: Engine, session: Session, seed: Seed
) -> None:
    assert client.get("/api/v1/kiosk/config", headers=auth(seed.token)).status_code == 200
    crud.revoke_kiosk(session=session, kiosk_id="riverside-1")
    response = client.post("/api/v1/events", json=_batch(seed), headers=auth(seed.token))
    assert response.status_code == 401
    assert event_count(engine) == 0
    assert client.get("/api/v1/kiosk/config", headers=auth(seed.token)).status_code == 401
    # The other kiosk is unaffected.
    assert client.get("/api/v1/kiosk/config", headers=auth(seed.other_token)).status_code == 200


def test_bad_token_wins_over_bad_body(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    response = client.post(
        "/api/v1/events",
        json={"boot_id": "boot-a", "sent_mono_ms": -5, "events": "nope"},
        headers=auth("sw_k_wrong"),
    )
    assert response.status_code == 401


def test_last_seen_is_updated(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    assert seed.kiosk.last_seen_ms is None
    assert push(client, seed.token, []).status_code == 200
    session.expire_all()
    assert crud.get_kiosk(session=session, kiosk_id="riverside-1").last_seen_ms == NOW_MS
    clock.now_ms += 60_000
    assert client.get("/api/v1/kiosk/config", headers=auth(seed.token)).status_code == 200
    session.expire_all()
    assert crud.get_kiosk(session=session, kiosk_id="riverside-1").last_seen_ms == clock.now_ms
