"""POST /api/v1/kiosk/dropoff-link: a fridge kiosk's link to the drop-off form, which
opens the form for ten minutes, lets a form opened in time be sent, and names no
secret (docs/fridges.md, "Drop-off links")."""

from __future__ import annotations

from datetime import datetime

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

from server import crud
from server.core.config import Settings
from server.models_fridge import Fridge
from server.services.dropoff_links import KIOSK_LINK_LIFE_S, sticker_url
from storywall.protocol.fridge_config import DROPOFF_LINK_PATH, DropoffLink
from tests.server.conftest import FakeClock, Seed
from tests.server.dropoff_helpers import GOOD, open_form, send
from tests.server.factories import NOW_MS, auth
from tests.server.helpers import event_count

MINUTE_MS = 60_000


def _link(client: httpx.Client, token: str) -> DropoffLink:
    answer = client.post(DROPOFF_LINK_PATH, headers=auth(token))
    assert answer.status_code == 200, answer.text
    return DropoffLink.model_validate(answer.json())


def _path(link: DropoffLink) -> str:
    return httpx.URL(link.url).path


def test_a_fridge_kiosk_gets_a_link_for_ten_minutes(
    client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    link = _link(client, seed.other_token)
    # No public address set: the link is on the address the kiosk reached the hub at.
    assert link.url.startswith("http://testserver/d/")
    assert link.expires_at == datetime.fromisoformat("2025-06-21T12:10:00+00:00")
    assert KIOSK_LINK_LIFE_S == 600
    assert seed.other_token not in link.url
    page = client.get(_path(link))
    assert page.status_code == 200
    assert "Harbour Fridge" in page.text


def test_the_link_is_on_the_public_address_when_set(
    tmp_path: object, database_url: str, seed: Seed, fridge: Fridge
) -> None:
    from fastapi.testclient import TestClient

    from server.app import create_app

    settings = Settings(
        data_dir=f"{tmp_path}/data",
        database_url=database_url,
        public_url="https://wall.example.org/",
    )
    app = create_app(settings, clock=FakeClock())
    try:
        with TestClient(app) as client:
            link = _link(client, seed.other_token)
    finally:
        app.state.engine.dispose()
    assert link.url.startswith("https://wall.example.org/d/")
    assert sticker_url(settings.public_url, settings.secret_key, "harbour").startswith(
        "https://wall.example.org/d/harbour."
    )


def test_the_link_needs_a_kiosk_token(client: httpx.Client, seed: Seed, fridge: Fridge) -> None:
    assert client.post(DROPOFF_LINK_PATH).status_code == 401
    assert client.post(DROPOFF_LINK_PATH, headers=auth("sw_k_nonsense")).status_code == 401


def test_a_park_kiosk_gets_404(client: httpx.Client, seed: Seed, fridge: Fridge) -> None:
    answer = client.post(DROPOFF_LINK_PATH, headers=auth(seed.token))
    assert answer.status_code == 404
    assert "not a fridge" in answer.json()["detail"]


def test_an_expired_link_points_at_the_sticker_but_an_opened_form_still_sends(
    client: httpx.Client, seed: Seed, fridge: Fridge, clock: FakeClock, engine: Engine
) -> None:
    path = _path(_link(client, seed.other_token))
    clock.now_ms = NOW_MS + 9 * MINUTE_MS
    hidden_fields = open_form(client, path)  # opened in time
    clock.now_ms = NOW_MS + 11 * MINUTE_MS
    page = client.get(path)
    assert page.status_code == 410
    assert "sticker" in page.text
    # The page opened at minute 9 is sent at minute 40: taken.
    clock.now_ms = NOW_MS + 40 * MINUTE_MS
    sent = send(client, path, GOOD, hidden_fields=hidden_fields)
    assert sent.status_code == 200, sent.text
    # Sent from a kiosk's link, the confirmation offers no link back to it.
    assert "Log another drop-off" not in sent.text
    assert event_count(engine) == 1
    # Hours later, not even an opened form is taken.
    clock.now_ms = NOW_MS + 4 * 60 * MINUTE_MS
    assert send(client, path, GOOD, hidden_fields=hidden_fields).status_code == 410


def test_a_revoked_kiosk_link_opens_nothing(
    client: httpx.Client, app: FastAPI, seed: Seed, fridge: Fridge, session: Session
) -> None:
    path = _path(_link(client, seed.other_token))
    crud.revoke_kiosk(session=session, kiosk_id=seed.other_kiosk.id)
    assert client.get(path).status_code == 404


def test_a_kiosk_link_for_another_site_is_refused(
    client: httpx.Client, app: FastAPI, seed: Seed, fridge: Fridge, settings: Settings
) -> None:
    from server.services.dropoff_links import kiosk_token

    # Signed with the hub's key, but the kiosk stands at another site.
    forged = kiosk_token(
        settings.secret_key,
        kiosk_id=seed.kiosk.id,
        site_id=fridge.site_id,
        expires_ms=NOW_MS + MINUTE_MS,
    )
    assert client.get(f"/d/{forged}").status_code == 404
    # Signed with another key: refused whatever it says.
    other = kiosk_token(
        "another-hub-secret", kiosk_id="harbour-1", site_id=fridge.site_id, expires_ms=NOW_MS * 2
    )
    assert client.get(f"/d/{other}").status_code == 404


def test_the_kiosk_config_carries_the_stickers_link_when_the_hub_has_an_address(
    settings: Settings, clock: FakeClock, client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    from fastapi.testclient import TestClient

    from server.app import create_app

    unset = client.get("/api/v1/kiosk/config", headers=auth(seed.other_token)).json()
    assert unset["fridge"]["sticker_url"] is None  # no public address: no link to show
    public = settings.model_copy(update={"public_url": "https://fridges.example.org"})
    app = create_app(public, clock=clock)
    try:
        with TestClient(app) as other:
            config = other.get("/api/v1/kiosk/config", headers=auth(seed.other_token)).json()
            link = config["fridge"]["sticker_url"]
            assert link == sticker_url(public.public_url, public.secret_key, "harbour")
            assert other.get(httpx.URL(link).path).status_code == 200
    finally:
        app.state.engine.dispose()
