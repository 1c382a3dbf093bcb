"""A fridge end to end: a kiosk's drop-off with its shelf photo travels through the
outbox to the real hub on a real socket, is held until a moderator approves the
photo, and then shows on the fridge's public page; the kiosk's short-lived QR link
opens the hub's drop-off form."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from hardware.camera import build_camera
from kiosk.app import KioskApp, build_kiosk
from kiosk.settings import KioskSettings
from server.fridges import make_fridge
from server.models import Photo
from server.services import moderation
from tests.support.live_hub import SITE, LiveHub, running_hub

KIOSK = "riverside-fridge"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    with running_hub(tmp_path / "hub", "What did you bring?") as live:
        with Session(live.engine) as session:
            make_fridge(session=session, site_slug=SITE)
        yield live


@pytest.fixture
def kiosk(hub: LiveHub, tmp_path: Path) -> Iterator[KioskApp]:
    settings = KioskSettings(
        kiosk_id=KIOSK,
        hub_url=hub.url,
        token=hub.add_kiosk(KIOSK),
        data_dir=tmp_path / KIOSK,
        hardware_backend="mock",
        display_mode="headless",
        assume_clock_synced=True,
    )
    app = build_kiosk(settings)
    try:
        yield app
    finally:
        app.close()


def _until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_a_kiosk_drop_off_and_its_photo_reach_the_fridge_page(
    hub: LiveHub, kiosk: KioskApp
) -> None:
    worker = kiosk.parts.worker
    worker.sync_once(pull_config=True)
    stored = kiosk.parts.config_store.current()
    assert stored is not None and stored.config.fridge is not None
    with build_camera("mock") as camera:
        photo = camera.capture()
    sha = hashlib.sha256(photo).hexdigest()
    kiosk.parts.core.record_dropoff({"produce": 4, "bread": 1}, photo=photo, level=2)

    def delivered() -> bool:
        worker.sync_once(pull_config=False)
        with Session(hub.engine) as session:
            kept = session.get(Photo, sha) is not None
        return kiosk.parts.outbox.counts().pending == 0 and kept

    _until(delivered, "the drop-off and its photo to reach the hub")
    (dropoff,) = [row for row in hub.events(KIOSK) if row.type == "dropoff"]

    thumb = f"{hub.url}/media/photos/{sha}/thumb.jpg"
    page = f"{hub.url}/fridges/{SITE}.json"
    assert httpx.get(thumb, timeout=5).status_code == 404  # held for moderation

    def restock() -> dict[str, Any]:
        updates = httpx.get(page, timeout=5).json()["updates"]
        (found,) = [update for update in updates if "restocked" in update["title"]]
        return dict(found)

    assert "restocked: 4 produce, 1 bread" in restock()["title"]
    assert restock()["photo"] is None

    with Session(hub.engine) as session:
        moderation.approve(session, event_id=dropoff.id, decided_by="test", now_ms=0)
    answer = httpx.get(thumb, timeout=5)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/jpeg"
    assert b"Exif" not in answer.content[:4096]
    assert restock()["photo"]["thumb_url"].endswith(f"/media/photos/{sha}/thumb.jpg")


def test_the_kiosk_s_qr_link_opens_the_drop_off_form(hub: LiveHub, kiosk: KioskApp) -> None:
    link = kiosk.parts.client.dropoff_link()
    assert link is not None
    assert link.url.startswith(f"{hub.url}/d/")
    form = httpx.get(link.url, timeout=5)
    assert form.status_code == 200
    assert "Riverside Park" in form.text and 'name="csrf_token"' in form.text
