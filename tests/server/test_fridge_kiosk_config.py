"""A fridge kiosk's config pull: its rules, its status and the too-warm warning, with an
ETag that changes when any of them does; a park kiosk's config has no fridge."""

from __future__ import annotations

import warnings

import httpx
from sqlmodel import Session

from server.alerts import clear_alert, raise_alert
from server.app import create_app
from server.core.config import Settings
from server.fridges import update_fridge
from server.models_fridge import DEFAULT_ACCEPTS, DEFAULT_REFUSES, Fridge
from storywall.protocol import KioskConfig
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, push
from tests.server.test_fridge_pages import dropoff

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette suggests httpx2; httpx is what we pin
    from fastapi.testclient import TestClient

URL = "/api/v1/kiosk/config"
WARNING = "Too warm: please do not drop off chilled food"


def _pull(client: httpx.Client, token: str) -> tuple[KioskConfig, str]:
    answer = client.get(URL, headers=auth(token))
    assert answer.status_code == 200
    return KioskConfig.model_validate_json(answer.content), answer.headers["ETag"]


def test_a_park_kiosk_has_no_fridge_section(client: httpx.Client, seed: Seed) -> None:
    config, _etag = _pull(client, seed.token)
    assert config.fridge is None


def test_the_fridge_section_follows_rules_status_and_warning(
    client: httpx.Client, session: Session, fridge: Fridge, seed: Seed
) -> None:
    config, first = _pull(client, seed.other_token)
    assert config.fridge is not None
    assert (config.fridge.accepts, config.fridge.refuses) == (DEFAULT_ACCEPTS, DEFAULT_REFUSES)
    assert (config.fridge.condition, config.fridge.level, config.fridge.warning) == (
        None,
        None,
        None,
    )
    # No public address configured: no page to point at.
    assert config.fridge.page_url is None
    seen = {first}

    # A drop-off that reports the fridge changes the status, so the ETag.
    body = push(client, seed.other_token, [dropoff(seq=1, condition="dirty", level=2)]).json()
    assert body["accepted"] == 1
    config, etag = _pull(client, seed.other_token)
    assert config.fridge is not None
    assert (config.fridge.condition, config.fridge.level) == ("dirty", 2)
    assert etag not in seen
    seen.add(etag)
    # An unchanged status: the same ETag, a 304.
    unchanged = client.get(URL, headers={**auth(seed.other_token), "If-None-Match": etag})
    assert unchanged.status_code == 304

    raise_alert(
        session, site_id=fridge.site_id, kind="too_warm", key="warm:1", message="w", now_ms=NOW_MS
    )
    session.commit()
    config, etag = _pull(client, seed.other_token)
    assert config.fridge is not None and config.fridge.warning == WARNING
    assert etag not in seen
    seen.add(etag)

    clear_alert(session, key="warm:1", now_ms=NOW_MS)
    session.commit()
    update_fridge(session=session, site_slug="harbour", refuses=["Alcohol"])
    config, etag = _pull(client, seed.other_token)
    assert config.fridge is not None
    assert (config.fridge.warning, config.fridge.refuses) == (None, ["Alcohol"])
    assert etag not in seen


def test_the_page_url_uses_the_public_address(
    settings: Settings, clock: FakeClock, fridge: Fridge, seed: Seed
) -> None:
    public = settings.model_copy(update={"public_url": "https://fridges.example.org"})
    app = create_app(public, clock=clock)
    try:
        with TestClient(app) as client:
            config, _etag = _pull(client, seed.other_token)
    finally:
        app.state.engine.dispose()
    assert config.fridge is not None
    assert config.fridge.page_url == "https://fridges.example.org/fridges/harbour"
