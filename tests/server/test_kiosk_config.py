"""GET /api/v1/kiosk/config: the kiosk's site and prompt, with ETag and 304."""

from __future__ import annotations

import hashlib

import httpx
from sqlmodel import Session

from server import crud
from storywall.protocol import KioskConfig
from tests.server.conftest import EMOJI, Seed
from tests.server.factories import auth

URL = "/api/v1/kiosk/config"


def test_config_body_and_etag(client: httpx.Client, seed: Seed) -> None:
    response = client.get(URL, headers=auth(seed.token))
    assert response.status_code == 200
    config = KioskConfig.model_validate_json(response.content)
    assert config.kiosk_id == "riverside-1"
    assert config.kiosk_name == "Riverside gate"
    assert (config.site.slug, config.site.timezone) == ("riverside", "Europe/London")
    assert config.prompt is not None
    assert (config.prompt.id, config.prompt.emoji) == (seed.prompt_id, EMOJI)
    etag = response.headers["ETag"]
    assert etag == '"' + hashlib.sha256(response.content).hexdigest() + '"'


def test_each_kiosk_gets_its_own_config(client: httpx.Client, seed: Seed) -> None:
    mine = client.get(URL, headers=auth(seed.token)).json()
    theirs = client.get(URL, headers=auth(seed.other_token)).json()
    assert theirs["site"]["slug"] == "harbour"
    assert theirs["prompt"]["emoji"] == ["🍎", "🥖"]
    assert mine["site"]["slug"] == "riverside"


def test_if_none_match_gives_304_without_body(client: httpx.Client, seed: Seed) -> None:
    etag = client.get(URL, headers=auth(seed.token)).headers["ETag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(URL, headers={**auth(seed.token), "If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["ETag"] == etag
    stale = client.get(URL, headers={**auth(seed.token), "If-None-Match": '"stale"'})
    assert stale.status_code == 200
    assert stale.json()["kiosk_id"] == "riverside-1"


def test_etag_changes_after_set_prompt(client: httpx.Client, session: Session, seed: Seed) -> None:
    before = client.get(URL, headers=auth(seed.token)).headers["ETag"]
    crud.set_prompt(session=session, site_slug="riverside", text="Birds?", emoji=["🐦", "🦆"])
    response = client.get(URL, headers={**auth(seed.token), "If-None-Match": before})
    assert response.status_code == 200
    assert response.headers["ETag"] != before
    assert response.json()["prompt"]["text"] == "Birds?"
    # The other site's configuration did not change.
    other = client.get(URL, headers=auth(seed.other_token))
    again = client.get(
        URL, headers={**auth(seed.other_token), "If-None-Match": other.headers["ETag"]}
    )
    assert again.status_code == 304


def test_site_without_prompt_has_null_prompt(client: httpx.Client, session: Session) -> None:
    crud.create_site(session=session, slug="empty", name="Empty Lot", timezone="UTC")
    _kiosk, token = crud.create_kiosk(
        session=session, site_slug="empty", kiosk_id="empty-1", name="Lot"
    )
    body = client.get(URL, headers=auth(token)).json()
    assert body["prompt"] is None
    assert body["protocol"] == 1
