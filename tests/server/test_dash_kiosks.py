"""The fleet pages (/dashboard/kiosks): the list by site from the kiosks' newest
heartbeats, registering a kiosk (its token once, kiosk.toml, a provisioning QR code
that works), rotating and revoking tokens (at once), the "silent kiosks" tile; only
for accounts with the `kiosks` permission, every form posted with its CSRF token, and
no token ever in a URL or a log line. On SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import re
import tomllib
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import Engine

from server.core.config import Settings
from server.jobs import run_due_jobs
from server.models_fridge import Fridge
from tests.server.accounts_support import signed_in
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import auth, heartbeat, push

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PUBLIC_URL = "https://wall.example.org"
PAGE = "/dashboard/kiosks"
MINUTE = 60_000
TOKEN = re.compile(r"sw_k_[A-Za-z0-9_-]+")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """The test hub with a public address, as a deployed one has (provisioning links)."""
    return Settings(
        env="development",
        data_dir=tmp_path / "data",
        database_url=database_url,
        background_jobs=False,
        public_url=PUBLIC_URL,
    )


def config_status(client: TestClient, token: str) -> int:
    return int(client.get("/api/v1/kiosk/config", headers=auth(token)).status_code)


def register(client: TestClient, csrf: str, **fields: str) -> str:
    values = {"csrf_token": csrf, "site": "riverside", "id": "riverside-2", "name": "Pond"}
    response = client.post(PAGE, data={**values, **fields})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return str(response.text)


def token_on(page: str) -> str:
    tokens = set(TOKEN.findall(page))
    assert len(tokens) == 1, tokens
    return str(tokens.pop())


def test_only_accounts_with_the_kiosks_permission_open_the_pages(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    anonymous = client.get(PAGE, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == f"/login?next={PAGE}"
    signed_in(client, engine, role="moderator")
    assert client.get(PAGE).status_code == 403
    assert "Kiosks" not in client.get("/dashboard").text.split("<main")[0]


def test_the_list_shows_each_kiosk_by_site_from_its_newest_heartbeat(
    client: TestClient, engine: Engine, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    beat = heartbeat(kiosk_id=seed.kiosk.id, seq=7)
    beat["payload"] = {
        "outbox": {"pending": 12, "in_flight": 3, "acked": 40, "rejected": 2},
        "software": "0.9.4",
        "uptime_s": 3 * 86400 + 5 * 3600,
        "cpu_temp_c": 78.0,
        "disk_free_mb": 2560,
        "last_error": "OSError: camera <gone>",
    }
    assert push(client, seed.token, [beat]).status_code == 200
    signed_in(client, engine)
    page = client.get(PAGE).text
    riverside = page.split('id="site-riverside"')[1].split("</section>")[0]
    for text in (
        "Riverside gate",
        "riverside-1",
        "just now",
        '<td data-label="Outbox">15</td>',
        '<td data-label="Rejected">2</td>',
        "0.9.4",
        "synchronised",
        '<td data-label="CPU" class="hot">78\u00a0°C</td>',
        "2.5\u00a0GB",
        "3 days 5 h",
        "2025-06-21 12:00 UTC",
        "OSError: camera &lt;gone&gt;",  # escaped
    ):
        assert text in riverside, text
    harbour = page.split('id="site-harbour"')[1].split("</section>")[0]
    assert "harbour-1" in harbour and "never" in harbour and "none yet" in harbour
    # The fridge's form kiosk is no device: not listed.
    assert fridge.form_kiosk_id not in page

    clock.now_ms += 31 * MINUTE
    page = client.get(PAGE).text
    assert "1 silent" in page and "31 min ago" in page


def test_registering_shows_the_token_once_with_a_working_kiosk_toml(
    client: TestClient, engine: Engine, seed: Seed, caplog: pytest.LogCaptureFixture
) -> None:
    csrf = signed_in(client, engine)
    with caplog.at_level(logging.DEBUG):
        page = register(client, csrf)
        token = token_on(page)
        assert config_status(client, token) == 200
        download = client.post(
            f"{PAGE}/riverside-2/kiosk.toml", data={"csrf_token": csrf, "token": token}
        )
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/plain")
    assert download.headers["content-disposition"] == 'attachment; filename="kiosk.toml"'
    assert download.headers["cache-control"] == "no-store"
    settings = tomllib.loads(download.text)["kiosk"]
    assert settings == {"id": "riverside-2", "hub_url": PUBLIC_URL, "token": token}
    # The token never travels in a URL, nor reaches a log line.
    assert all("sw_k_" not in url for url in re.findall(r'(?:href|action)="([^"]*)"', page))
    assert not any(token in record.getMessage() for record in caplog.records)
    assert any("riverside-2 registered by account" in r.getMessage() for r in caplog.records)
    # Shown once: the list does not show it again.
    assert token not in client.get(PAGE).text
    # A token that is not the kiosk's gets no file.
    refused = client.post(
        f"{PAGE}/riverside-2/kiosk.toml", data={"csrf_token": csrf, "token": seed.token}
    )
    assert refused.status_code == 404 and "not this kiosk" in refused.text
    assert refused.headers["content-type"].startswith("text/html")


def test_the_provisioning_qr_code_opens_a_link_that_sets_the_kiosk_up(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (the dev extra)")
    csrf = signed_in(client, engine)
    page = register(client, csrf)
    first_token = token_on(page)
    url = decode_svg_qr(page, zxingcpp)
    assert url.startswith(f"{PUBLIC_URL}/api/v1/provision/sw_p_")
    assert url in page  # the same link in words, for a terminal
    kiosk_toml = client.get(url.removeprefix(PUBLIC_URL))
    assert kiosk_toml.status_code == 200
    new_token = tomllib.loads(kiosk_toml.text)["kiosk"]["token"]
    assert config_status(client, new_token) == 200
    assert config_status(client, first_token) == 401  # as the page says
    # A link per kiosk on demand, too; each new one cancels the older.
    again = client.post(f"{PAGE}/riverside-2/provision", data={"csrf_token": csrf})
    assert again.status_code == 200 and again.headers["cache-control"] == "no-store"
    assert decode_svg_qr(again.text, zxingcpp).startswith(f"{PUBLIC_URL}/api/v1/provision/")


def decode_svg_qr(page: str, zxingcpp: object) -> str:
    """The text of the page's inline QR code: its SVG path drawn with Pillow, decoded."""
    match = re.search(r'viewBox="0 0 (\d+) \d+".*?<path d="([^"]+)"', page, re.S)
    assert match, "no QR code on the page"
    side, scale = int(match.group(1)), 8
    image = Image.new("L", (side * scale, side * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", match.group(2)):
        left, top = int(x) * scale, int(y) * scale
        draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=0)
    found = zxingcpp.read_barcodes(image)  # type: ignore[attr-defined]
    assert len(found) == 1
    text: str = found[0].text
    return text


def test_an_empty_id_is_made_from_the_name(client: TestClient, engine: Engine, seed: Seed) -> None:
    csrf = signed_in(client, engine)
    page = register(client, csrf, id="", name="Bandstand Café (north)")
    assert "Token of <code>bandstand-cafe-north</code>" in page
    assert config_status(client, token_on(page)) == 200


def test_register_refuses_what_is_wrong_and_keeps_what_was_typed(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    taken = client.post(
        PAGE, data={"csrf_token": csrf, "site": "riverside", "id": "riverside-1", "name": "Pond"}
    )
    assert taken.status_code == 422
    assert "exists already" in taken.text and 'value="Pond"' in taken.text
    bad = client.post(
        PAGE, data={"csrf_token": csrf, "site": "riverside", "id": "Not A Slug", "name": "P"}
    )
    assert bad.status_code == 422 and "a-z, 0-9" in bad.text
    reserved = client.post(
        PAGE, data={"csrf_token": csrf, "site": "riverside", "id": "form-9", "name": "P"}
    )
    assert reserved.status_code == 422 and "kept for fridges" in reserved.text
    nowhere = client.post(
        PAGE, data={"csrf_token": csrf, "site": "atlantis", "id": "a-1", "name": "P"}
    )
    assert nowhere.status_code == 422 and "does not exist" in nowhere.text
    assert not TOKEN.search(taken.text + bad.text + nowhere.text)


def test_rotating_stops_the_old_token_at_once_and_shows_the_new_one_once(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    response = client.post(f"{PAGE}/riverside-1/rotate", data={"csrf_token": csrf})
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    new_token = token_on(response.text)
    assert config_status(client, seed.token) == 401
    assert config_status(client, new_token) == 200
    assert new_token not in client.get(PAGE).text


def test_revoking_refuses_the_token_and_rotating_brings_the_kiosk_back(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    response = client.post(
        f"{PAGE}/riverside-1/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == f"{PAGE}?done=revoked"
    assert config_status(client, seed.token) == 401
    page = client.get(response.headers["location"]).text
    assert "Revoked" in page and "revoked</span>" in page and "New token (re-enable)" in page
    token = token_on(client.post(f"{PAGE}/riverside-1/rotate", data={"csrf_token": csrf}).text)
    assert config_status(client, token) == 200
    # Unknown kiosks and a fridge's form kiosk are not the fleet's.
    missing = client.post(f"{PAGE}/nobody/revoke", data={"csrf_token": csrf})
    assert missing.status_code == 404


def test_a_forms_kiosk_cannot_be_rotated_from_the_fleet(
    client: TestClient, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    csrf = signed_in(client, engine)
    response = client.post(f"{PAGE}/{fridge.form_kiosk_id}/rotate", data={"csrf_token": csrf})
    assert response.status_code == 404


def test_the_silent_kiosks_tile_counts_the_open_alerts(
    app: object, client: TestClient, engine: Engine, seed: Seed, clock: FakeClock
) -> None:
    assert config_status(client, seed.token) == 200
    signed_in(client, engine)
    assert "Silent kiosks" in client.get("/dashboard").text
    clock.now_ms += 31 * MINUTE
    settings: Settings = client.app.state.settings  # type: ignore[attr-defined]
    run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"kiosk_silence"})
    home = client.get("/dashboard").text
    tile = home.split("Silent kiosks")[1].split("</li>")[0]
    assert '<span class="tile-value">1</span>' in tile and 'href="/dashboard/kiosks"' in home
    # A volunteer does not see it.
    client.post(
        "/logout", data={"csrf_token": re.findall(r'name="csrf-token" content="([^"]+)"', home)[0]}
    )
    signed_in(client, engine, role="volunteer")
    assert "Silent kiosks" not in client.get("/dashboard").text
