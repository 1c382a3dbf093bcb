"""A drop-off at a fridge kiosk, end to end: touches on the real screens, the dropoff event
in a real outbox file, its JPEG in the media folder, and both on the (fake) hub after a
sync, uploaded as image/jpeg, offline first. The hub side of media is the honest fake
of tests/kiosk/fake_media_hub.py, as for doodles."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from PIL import Image

from hardware.camera import MockCamera
from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.dropoff_link import DropoffLinks
from kiosk.fridge_kit import FridgeKit
from kiosk.fridge_telemetry import FridgeTelemetry
from kiosk.health import KioskHealth
from kiosk.hub_client import HubClient
from kiosk.media_store import MediaStore
from kiosk.media_sync import MediaSync
from kiosk.outbox import Outbox
from kiosk.parts import KioskParts
from kiosk.spotlight_images import SpotlightImages
from kiosk.sync_worker import SyncWorker
from kiosk.ui.feed import PartsFeed
from kiosk.ui.manager import ScreenManager
from kiosk.ui.screens.dropoff import DropoffScreen
from kiosk.ui.screens.dropoff_thanks import DropoffThanksScreen
from kiosk.ui.screens.shelf_photo import ShelfPhotoScreen
from kiosk.ui.theme import Theme
from kiosk.wall_image import WallImage
from storywall.protocol.dropoff import DropoffEvent
from tests.kiosk.conftest import KIOSK_ID
from tests.kiosk.fake_media_hub import FakeMediaHub
from tests.kiosk.ui.flow import make_config

STICKER = "https://hub.example/d/elm-street"


class FridgeKiosk:
    """A fridge kiosk's real parts over the fake hub's wire, and its screen manager."""

    def __init__(self, hub: FakeMediaHub, data: Path, clock: KioskClock, theme: Theme) -> None:
        outbox = Outbox(data / "outbox.sqlite3", kiosk_id=KIOSK_ID)
        media = MediaStore(data / "media")
        client = HubClient("http://hub.test", "sw_k_test", transport=hub.transport())
        store = ConfigStore(data / "config.json")
        fridge = {"accepts": ["Bread"], "refuses": ["Alcohol"], "sticker_url": STICKER}
        store.save(make_config(fridge=fridge), '"c1"')
        worker = SyncWorker(
            outbox,
            client,
            clock,
            store,
            media=MediaSync(outbox, media, client),
            backoff=Backoff(rand=lambda: 0.0),
        )
        core = KioskCore(outbox, clock, store, worker=worker, media=media)
        self.parts = KioskParts(
            clock,
            outbox,
            store,
            client,
            worker,
            core,
            media,
            WallImage(data / "wall", (800, 480)),
            KioskHealth(data),
            SpotlightImages(data / "spotlights"),
        )
        self.kit = FridgeKit(
            FridgeTelemetry(outbox, clock), MockCamera(seed=7), DropoffLinks(client)
        )
        self.manager = ScreenManager(
            theme, PartsFeed(self.parts, self.kit), button_count=4, size=(800, 480)
        )
        self.surface = pygame.Surface((800, 480))
        self.frame()

    def frame(self, dt: float = 0.05) -> None:
        self.manager.poll()
        self.manager.update(dt)
        self.manager.draw(self.surface)

    def tap(self, key: str) -> None:
        rect = next(b.rect for b in self.manager.current.group.buttons if b.key == key)
        event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1, touch=False)
        assert self.manager.handle_event(event), key
        self.frame()

    def drop_off(self) -> None:
        self.tap("dropoff")
        assert isinstance(self.manager.current, DropoffScreen)
        self.tap("confirm")
        self.tap("photo")
        photo = self.manager.current
        assert isinstance(photo, ShelfPhotoScreen) and photo.wait()
        self.frame()
        self.tap("next")
        for key in ("plus:produce", "plus:produce", "plus:bread", "level:3"):
            self.tap(key)
        self.tap("done")
        assert isinstance(self.manager.current, DropoffThanksScreen)

    def sync(self) -> bool:
        return self.parts.worker.sync_once(pull_config=False).ok

    def close(self) -> None:
        self.kit.close()
        self.parts.close()


@pytest.fixture
def fridge(tmp_path: Path, kiosk_clock: KioskClock, theme: Theme) -> Iterator[FridgeKiosk]:
    hub = FakeMediaHub()
    kiosk = FridgeKiosk(hub, tmp_path / "data", kiosk_clock, theme)
    kiosk.hub = hub  # type: ignore[attr-defined]
    yield kiosk
    kiosk.close()


def test_a_drop_off_offline_waits_on_disk_and_reaches_the_hub_as_jpeg(
    fridge: FridgeKiosk,
) -> None:
    hub: FakeMediaHub = fridge.hub  # type: ignore[attr-defined]
    hub.offline = True
    fridge.drop_off()
    assert not fridge.sync()  # no network: nothing lost, nothing acknowledged

    # On disk, before any hub saw it: the event in the outbox file, the photo beside it.
    with Outbox(fridge.parts.outbox.path, kiosk_id=KIOSK_ID) as again:
        [event] = [e for e in again.take_batch() if isinstance(e, DropoffEvent)]
        again.release()
    payload = event.payload
    assert payload.via == "kiosk" and payload.rules_confirmed is True
    assert payload.items == {"produce": 2, "bread": 1} and payload.level == 3
    assert payload.photo is not None
    media = fridge.parts.media
    assert media.held() == {payload.photo}
    assert media.path(payload.photo).suffix == ".jpg"
    assert media.content_type(payload.photo) == "image/jpeg"
    jpeg = media.read(payload.photo)
    assert jpeg is not None and media.sha256_of(jpeg) == payload.photo
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.format == "JPEG" and not image.getexif()

    hub.offline = False
    assert fridge.sync()
    assert [d.payload.photo for d in hub.dropoffs()] == [payload.photo]
    assert hub.media[payload.photo] == jpeg
    assert hub.content_types == ["image/jpeg"]
    fridge.sync()  # the next round prunes what the hub confirmed it holds
    assert media.held() == set()
    assert fridge.parts.outbox.counts().pending == 0


def test_a_photo_the_hub_refuses_sets_its_drop_off_aside(fridge: FridgeKiosk) -> None:
    hub: FakeMediaHub = fridge.hub  # type: ignore[attr-defined]
    hub.media_status = 415  # an older hub that takes PNG doodles only
    fridge.drop_off()
    fridge.sync()
    [rejected] = fridge.parts.outbox.rejected()
    assert rejected.event.type == "dropoff" and "media" in rejected.reason
    assert fridge.parts.outbox.counts().pending == 0  # not retried for ever


def test_the_qr_code_becomes_the_hubs_fresh_link(fridge: FridgeKiosk) -> None:
    hub: FakeMediaHub = fridge.hub  # type: ignore[attr-defined]
    hub.dropoff_url = "https://hub.example/d/signed-and-short-lived"
    fridge.tap("dropoff")
    screen = fridge.manager.current
    assert isinstance(screen, DropoffScreen)
    assert screen.url == STICKER  # at once, while the link is fetched off this thread
    deadline = time.monotonic() + 10
    while screen.url != hub.dropoff_url and time.monotonic() < deadline:
        fridge.frame(1.0)
        time.sleep(0.02)
    assert screen.url == hub.dropoff_url
    assert "POST /api/v1/kiosk/dropoff-link" in hub.requests
