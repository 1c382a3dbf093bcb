"""Silent kiosks: the kiosk_silence job raises a `kiosk_silent` alert for a kiosk not
heard from for longer than `kiosk_silent_minutes`, once per silence, and clears it when
the kiosk is heard from again; revoked kiosks, kiosks never heard from and fridges'
form kiosks are never flagged; the alert digest lists both the raise and the clear.
On the fake clock, through run_due_jobs, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from server import crud
from server.jobs import run_due_jobs
from server.models import Kiosk
from server.models_fridge import Fridge
from server.models_updates import Alert
from server.publish.digests import enqueue_digest
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import auth
from tests.server.test_outbound import outbound_settings, rows

MINUTE = 60_000
JOB = {"kiosk_silence"}


def heard_from(client: TestClient, token: str) -> None:
    response = client.get("/api/v1/kiosk/config", headers=auth(token))
    assert response.status_code == 200, response.text


def alerts(engine: Engine) -> list[tuple[str, str, int | None]]:
    with Session(engine) as session:
        found = session.exec(select(Alert).order_by(col(Alert.id))).all()
        return [(a.key, a.message, a.cleared_ms) for a in found]


def payload(stored: object) -> dict[str, Any]:
    found = json.loads(stored) if isinstance(stored, str) else stored
    assert isinstance(found, dict)
    return found


def run(app: FastAPI, engine: Engine, clock: FakeClock) -> list[str]:
    return run_due_jobs(engine, app.state.settings, clock.now_ms, "hub-a", only=JOB)


def test_a_silent_kiosk_is_flagged_once_and_cleared_when_heard_from_again(
    app: FastAPI, client: TestClient, engine: Engine, seed: Seed, fridge: Fridge,
    clock: FakeClock,
) -> None:  # fmt: skip
    start = clock.now_ms
    heard_from(client, seed.token)
    with Session(engine) as session:
        # A revoked kiosk silent for days, and the fridge's form kiosk: never flagged.
        gone, _token = crud.create_kiosk(
            session=session, site_slug="riverside", kiosk_id="riverside-old", name="Old gate"
        )
        crud.revoke_kiosk(session=session, kiosk_id=gone.id, revoked_ms=start)
        session.connection().execute(
            update(Kiosk)
            .where(col(Kiosk.id).in_([gone.id, fridge.form_kiosk_id]))
            .values(last_seen_ms=start - 3 * 86_400_000)
        )
        session.commit()
    # harbour-1 was never heard from: not flagged either.

    clock.now_ms = start + 30 * MINUTE  # exactly the limit: not yet
    assert run(app, engine, clock) == ["kiosk_silence"]
    assert alerts(engine) == []

    clock.now_ms = start + 31 * MINUTE
    run(app, engine, clock)
    assert alerts(engine) == [
        (
            f"kiosk_silent:riverside-1:{start}",
            "Kiosk Riverside gate (riverside-1) is silent: last heard from Sat 21 Jun 12:00 UTC",
            None,
        )
    ]
    # Every later run while it stays silent changes nothing.
    for minutes in (32, 45, 600):
        clock.now_ms = start + minutes * MINUTE
        run(app, engine, clock)
    assert len(alerts(engine)) == 1

    heard_from(client, seed.token)
    back = clock.now_ms
    clock.now_ms += MINUTE
    run(app, engine, clock)
    assert [(key, cleared) for key, _m, cleared in alerts(engine)] == [
        (f"kiosk_silent:riverside-1:{start}", clock.now_ms)
    ]
    # Silent again later: a new alert of its own.
    clock.now_ms = back + 40 * MINUTE
    run(app, engine, clock)
    keys = [(key, cleared is None) for key, _m, cleared in alerts(engine)]
    assert keys == [
        (f"kiosk_silent:riverside-1:{start}", False),
        (f"kiosk_silent:riverside-1:{back}", True),
    ]


def test_revoking_a_silent_kiosk_clears_its_alert(
    app: FastAPI, client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    heard_from(client, seed.token)
    clock.now_ms += 31 * MINUTE
    run(app, engine, clock)
    assert [cleared for _k, _m, cleared in alerts(engine)] == [None]
    with Session(engine) as session:
        crud.revoke_kiosk(session=session, kiosk_id=seed.kiosk.id, revoked_ms=clock.now_ms)
    clock.now_ms += MINUTE
    run(app, engine, clock)
    assert [cleared for _k, _m, cleared in alerts(engine)] == [clock.now_ms]


def test_the_limit_is_a_setting(
    app: FastAPI, client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    settings = outbound_settings(app.state.settings, kiosk_silent_minutes=5)
    heard_from(client, seed.token)
    clock.now_ms += 6 * MINUTE
    assert run_due_jobs(engine, settings, clock.now_ms, "hub-a", only=JOB) == ["kiosk_silence"]
    assert len(alerts(engine)) == 1


def test_the_alert_digest_lists_a_silence_and_its_end(
    app: FastAPI, client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    heard_from(client, seed.token)
    clock.now_ms += 31 * MINUTE
    run(app, engine, clock)
    public = "https://wall.example.org"
    every = 15 * MINUTE
    channels = ["alert_webhook"]
    assert enqueue_digest(
        engine, channels=channels, public_url=public, every_ms=every, now_ms=clock.now_ms
    )
    heard_from(client, seed.token)
    clock.now_ms += 20 * MINUTE
    run(app, engine, clock)
    assert enqueue_digest(
        engine, channels=channels, public_url=public, every_ms=every, now_ms=clock.now_ms
    )
    first, second = (payload(row["payload"]) for row in rows(engine))
    assert (first["raised"], first["cleared"], second["raised"], second["cleared"]) == (1, 0, 0, 1)
    group = first["fridges"][0]
    # Riverside is a park, not a fridge: its group links its wall.
    assert (group["name"], group["url"]) == ("Riverside Park", f"{public}/?site=riverside")
    assert group["alerts"][0]["kind"] == "kiosk_silent"
    assert "Riverside gate (riverside-1) is silent" in group["alerts"][0]["message"]
    assert second["fridges"][0]["alerts"][0]["state"] == "cleared"
