"""The wall image: pulled for this screen's size with its ETag, cached atomically,
kept when offline; an older hub without one is not an error."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from PIL import Image

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from kiosk.wall_image import WallImage
from tests.kiosk.fake_media_hub import FakeMediaHub


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 48), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def hub() -> FakeMediaHub:
    return FakeMediaHub(wall_png=png("yellow"))


@pytest.fixture
def client(hub: FakeMediaHub) -> HubClient:
    return HubClient("http://hub.test", "sw_k_test", transport=hub.transport())


def test_the_wall_is_pulled_for_the_screen_size_then_only_when_it_changed(
    hub: FakeMediaHub, client: HubClient, tmp_path: Path
) -> None:
    wall = WallImage(tmp_path / "wall", (720, 1280))
    assert wall.path is None and wall.version is None
    assert wall.pull(client) is True
    assert wall.path is not None and wall.path.read_bytes() == png("yellow")
    assert wall.version == '"wall-1"'
    answer = client.pull_wall(None, width=720, height=1280)
    assert answer.png == png("yellow")
    assert wall.pull(client) is False  # 304: one small request
    hub.wall_png, hub.wall_etag = png("purple"), '"wall-2"'
    assert wall.pull(client) is True
    assert wall.path.read_bytes() == png("purple") and wall.version == '"wall-2"'
    assert not [p for p in wall.folder.iterdir() if p.name.startswith(".")]


def test_the_request_names_the_screen_size(
    hub: FakeMediaHub, client: HubClient, tmp_path: Path
) -> None:
    seen: list[httpx.Request] = []
    handle = hub.handle

    def spy(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handle(request)

    spied = HubClient("http://hub.test", "t", transport=httpx.MockTransport(spy))
    WallImage(tmp_path / "wall", (800, 480)).pull(spied)
    assert dict(seen[0].url.params) == {"w": "800", "h": "480"}
    assert "If-None-Match" not in seen[0].headers


def test_the_cached_image_survives_a_restart_and_an_offline_hub(
    hub: FakeMediaHub, client: HubClient, tmp_path: Path
) -> None:
    WallImage(tmp_path / "wall", (800, 480)).pull(client)
    again = WallImage(tmp_path / "wall", (800, 480))
    assert again.path is not None and again.version == '"wall-1"'
    assert again.pull(client) is False  # asked with the stored ETag: 304
    hub.wall_png = None  # the hub stops serving one (404): keep what we have
    assert again.pull(client) is False
    assert again.path is not None and again.path.read_bytes() == png("yellow")


def test_an_image_cached_for_another_size_is_shown_but_asked_for_again(
    hub: FakeMediaHub, client: HubClient, tmp_path: Path
) -> None:
    WallImage(tmp_path / "wall", (800, 480)).pull(client)
    rotated = WallImage(tmp_path / "wall", (480, 800))
    assert rotated.path is not None
    assert rotated.pull(client) is True  # no If-None-Match for another size


def test_a_hub_without_a_wall_image_is_not_an_error(
    client: HubClient,
    hub: FakeMediaHub,
    tmp_path: Path,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
) -> None:
    hub.wall_png = None
    wall = WallImage(tmp_path / "wall", (800, 480))
    worker = SyncWorker(
        outbox, client, kiosk_clock, config_store, wall=wall, backoff=Backoff(rand=lambda: 0)
    )
    report = worker.sync_once()
    assert report.ok, report.error
    assert config_store.config is not None and wall.path is None
    assert "GET /api/v1/kiosk/wall.png" in hub.requests


def test_the_worker_pulls_the_wall_with_the_configuration(
    client: HubClient,
    hub: FakeMediaHub,
    tmp_path: Path,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
) -> None:
    wall = WallImage(tmp_path / "wall", (800, 480))
    worker = SyncWorker(outbox, client, kiosk_clock, config_store, wall=wall)
    assert worker.sync_once().ok
    assert wall.version == '"wall-1"'
    assert worker.sync_once(pull_config=False).ok
    assert hub.requests.count("GET /api/v1/kiosk/wall.png") == 1


def test_something_that_is_not_a_png_is_not_cached(
    hub: FakeMediaHub, client: HubClient, tmp_path: Path
) -> None:
    hub.wall_png = b"<html>captive portal</html>"
    wall = WallImage(tmp_path / "wall", (800, 480))
    assert wall.pull(client) is False and wall.path is None
