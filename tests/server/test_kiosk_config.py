"""GET /api/v1/kiosk/config: the kiosk's site, prompt, tallies and rules, with ETag and 304."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import httpx
from sqlmodel import Session

from server import crud
from server.app import create_app
from server.core.config import Settings
from storywall.protocol import KioskConfig, PlayRules
from tests.server.conftest import EMOJI, FakeClock, Seed
from tests.server.factories import NOW_MS, auth, push, reaction

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette suggests httpx2; httpx is what we pin
    from fastapi.testclient import TestClient

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
    crud.set_prompt(
        session=session, site_slug="riverside", created_ms=NOW_MS, text="Birds?", emoji=["🐦", "🦆"]
    )
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


def test_config_carries_the_site_screens_needs(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    crud.update_site(
        session=session,
        slug="riverside",
        languages=["en", "es"],
        quiet_start="21:00",
        quiet_end="07:00",
        operator="Friends of Riverside Park",
        contact="hello@riverside.example",
    )
    crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="Which new bench?",
        texts={"es": "¿Qué banco nuevo?"},
        kind="poll",
        options=["Oak", "Steel"],
        option_texts={"es": ["Roble", "Acero"]},
        follow_up=False,
    )
    body = client.get(URL, headers=auth(seed.token)).json()
    config = KioskConfig.model_validate(body)
    assert config.languages == ["en", "es"]
    assert config.quiet_hours is not None
    assert (config.quiet_hours.start, config.quiet_hours.end) == ("21:00", "07:00")
    assert (config.site.operator, config.site.contact) == (
        "Friends of Riverside Park",
        "hello@riverside.example",
    )
    assert config.prompt is not None
    assert (config.prompt.kind, config.prompt.options, config.prompt.emoji) == (
        "poll",
        ["Oak", "Steel"],
        [],
    )
    assert config.prompt.text_in("es") == "¿Qué banco nuevo?"
    assert config.prompt.options_in("es") == ["Roble", "Acero"]
    assert config.prompt.follow_up is False
    assert config.prompt.tallies == {"#0": 0, "#1": 0}
    assert config.play == PlayRules()
    # STORYWALL_PUBLIC_URL is not set in the tests: no address for a QR code.
    assert config.wall_url is None
    # The other site kept the defaults.
    other = KioskConfig.model_validate(client.get(URL, headers=auth(seed.other_token)).json())
    assert (other.languages, other.quiet_hours, other.site.operator) == (["en"], None, "")
    assert other.prompt is not None and other.prompt.kind == "emoji"
    assert other.prompt.follow_up is True


def test_wall_address_and_play_rules_come_from_the_hub_settings(
    settings: Settings, tmp_path: Path, seed: Seed
) -> None:
    mine = Settings(
        env="development",
        data_dir=tmp_path / "data",
        database_url=settings.database_url,
        public_url="https://wall.example.org/",
        play_min_interval_ms=900,
        play_burst_presses=8,
    )
    app = create_app(mine)
    try:
        with TestClient(app) as client:
            config = KioskConfig.model_validate(client.get(URL, headers=auth(seed.token)).json())
            assert client.get(f"/?site={seed.site.slug}").status_code == 200
    finally:
        app.state.engine.dispose()
    assert config.wall_url == "https://wall.example.org/?site=riverside"
    assert config.play == PlayRules(min_interval_ms=900, burst_presses=8)


def test_tallies_are_todays_opinion_and_move_the_etag(
    client: httpx.Client, seed: Seed, clock: FakeClock
) -> None:
    first = client.get(URL, headers=auth(seed.token))
    assert first.json()["prompt"]["tallies"] == dict.fromkeys(EMOJI, 0)
    yesterday = NOW_MS - 14 * 3_600_000  # 23:00 yesterday in London
    events = [
        reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😐", seq=1),
        reaction(
            kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😢", seq=2, wall_ms=yesterday
        ),
    ]
    assert push(client, seed.token, events).json()["accepted"] == 2
    moved = client.get(URL, headers={**auth(seed.token), "If-None-Match": first.headers["ETag"]})
    assert moved.status_code == 200
    assert moved.json()["prompt"]["tallies"] == {"😀": 0, "😐": 1, "😢": 0, "🌳": 0}
    etag = moved.headers["ETag"]
    assert etag != first.headers["ETag"]
    # A play press changes no tally, so the kiosk's copy stays current.
    mash = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=3)
    mash["payload"]["play"] = True
    assert push(client, seed.token, [mash]).json()["accepted"] == 1
    same = client.get(URL, headers={**auth(seed.token), "If-None-Match": etag})
    assert same.status_code == 304
    # Tomorrow (in London) starts from nothing again.
    clock.now_ms += 24 * 3_600_000
    tomorrow = client.get(URL, headers={**auth(seed.token), "If-None-Match": etag})
    assert tomorrow.status_code == 200
    assert tomorrow.json()["prompt"]["tallies"] == dict.fromkeys(EMOJI, 0)
