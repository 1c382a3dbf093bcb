"""Replies and spotlights from the real hub to a real kiosk's parts, on a real socket.

A reply rides on its note in the configuration pull; a spotlighted doodle's PNG is
fetched from the hub's public address, checked against its hash and kept in the
kiosk's spotlight folder; when the doodle is rejected later, the next pull drops the
spotlight and the folder lets the picture go."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlmodel import Session

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.errors import ProtocolError
from kiosk.hub_client import HubClient
from kiosk.media_store import MediaStore
from kiosk.media_sync import MediaSync
from kiosk.outbox import Outbox
from kiosk.spotlight_images import SpotlightImages
from kiosk.sync_worker import SyncWorker
from server.services import moderation, replies
from storywall.protocol.config import Spotlight
from storywall.protocol.media import sha256_hex
from tests.kiosk.conftest import KIOSK_ID
from tests.support.live_hub import LiveHub

DAY_MS = 86_400_000


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 60), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class Kiosk:
    """A kiosk's outbox, folders, sync worker and core, as KioskParts wires them."""

    def __init__(self, hub: LiveHub, token: str, data: Path, clock: KioskClock) -> None:
        self.outbox = Outbox(data / "outbox.sqlite3", kiosk_id=KIOSK_ID)
        self.media = MediaStore(data / "media")
        self.spotlights = SpotlightImages(data / "spotlights")
        self.client = HubClient(hub.url, token, timeout=5)
        self.store = ConfigStore(data / "config.json")
        self.worker = SyncWorker(
            self.outbox,
            self.client,
            clock,
            self.store,
            media=MediaSync(self.outbox, self.media, self.client),
            spotlights=self.spotlights,
            backoff=Backoff(rand=lambda: 0.0),
        )
        self.core = KioskCore(self.outbox, clock, self.store, worker=self.worker, media=self.media)

    def sync(self) -> None:
        report = self.worker.sync_once(pull_config=True)
        assert report.ok, report.error

    def close(self) -> None:
        self.client.close()
        self.outbox.close()


@pytest.fixture
def kiosk(hub: LiveHub, token: str, tmp_path: Path, kiosk_clock: KioskClock) -> Iterator[Kiosk]:
    hub.set_prompt("How was the park today?")
    kiosk = Kiosk(hub, token, tmp_path / "kiosk", kiosk_clock)
    kiosk.sync()
    yield kiosk
    kiosk.close()


def test_replies_and_spotlights_reach_the_kiosk_and_leave_it(hub: LiveHub, kiosk: Kiosk) -> None:
    drawing = png("orange")
    drawn = kiosk.core.record_doodle(drawing, width=90, height=60)
    sha = drawn.payload.model_dump()["media"]
    said = kiosk.core.record_note("The pond needs a bench", language="en")
    kiosk.sync()
    now = int(time.time() * 1000)
    with Session(hub.engine) as session:
        for event in (drawn, said):
            moderation.approve(session, event_id=str(event.id), decided_by="sam", now_ms=now)
        replies.post_reply(
            session, note_id=str(said.id), text="Bench fitted on Monday", author_id=None, now_ms=now
        )
        for event in (drawn, said):
            replies.add_spotlight(
                session, event_id=str(event.id), ends_ms=now + DAY_MS, author_id=None, now_ms=now
            )
    kiosk.sync()
    config = kiosk.core.config
    assert config is not None
    assert [(n.text, n.reply) for n in config.notes] == [
        ("The pond needs a bench", "Bench fitted on Monday")
    ]
    assert sorted(pin.kind for pin in config.spotlights) == ["doodle", "note"]
    picture = kiosk.spotlights.path(sha)
    assert picture is not None and picture.read_bytes() == drawing

    with Session(hub.engine) as session:
        moderation.reject(
            session, event_id=str(drawn.id), reason="not for the wall", decided_by="sam", now_ms=now
        )
    kiosk.sync()
    config = kiosk.core.config
    assert config is not None
    assert [(pin.kind, pin.text, pin.reply) for pin in config.spotlights] == [
        ("note", "The pond needs a bench", "Bench fitted on Monday")
    ]
    assert kiosk.spotlights.path(sha) is None
    assert list((kiosk.spotlights.folder).iterdir()) == []


class _Hub:
    """A hub that answers doodle fetches from a dict (None: 404)."""

    def __init__(self, served: dict[str, bytes | None]) -> None:
        self.served = served
        self.asked: list[str] = []

    def fetch_doodle(self, sha256: str) -> bytes | None:
        self.asked.append(sha256)
        return self.served.get(sha256)


def _pin(sha: str, kind: str = "doodle") -> Spotlight:
    return Spotlight(id=1, kind=kind, media=sha, width=90, height=60)


def test_the_folder_fetches_once_skips_what_is_not_served_and_prunes(tmp_path: Path) -> None:
    one, two = png("red"), png("blue")
    a, b, c = sha256_hex(one), sha256_hex(two), "c" * 64
    hub = _Hub({a: one, b: b"not a png", c: None})
    images = SpotlightImages(tmp_path / "spotlights")
    assert images.sync(hub, [_pin(a), _pin(b), _pin(c), _pin("d" * 64, kind="sculpture")]) == 1
    assert images.path(a) is not None and images.path(b) is None and images.path(c) is None
    hub.asked.clear()
    images.sync(hub, [_pin(a)])
    assert hub.asked == []  # already here: no request
    images.sync(hub, [])
    assert images.path(a) is None
    assert images.path("../etc/passwd") is None


def test_the_client_refuses_bytes_that_are_not_the_hash(tmp_path: Path) -> None:
    good = png("green")

    def answer(request: httpx.Request) -> httpx.Response:
        name = request.url.path.removeprefix("/media/").removesuffix(".png")
        if name == sha256_hex(good):
            return httpx.Response(200, content=good)
        if name == "e" * 64:
            return httpx.Response(200, content=good)  # someone else's bytes
        return httpx.Response(404, json={"detail": "no such media"})

    client = HubClient("http://hub", "t", transport=httpx.MockTransport(answer))
    assert client.fetch_doodle(sha256_hex(good)) == good
    assert client.fetch_doodle("f" * 64) is None
    with pytest.raises(ProtocolError):
        client.fetch_doodle("e" * 64)
    client.close()
