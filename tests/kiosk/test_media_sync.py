"""Doodles reach the hub as media exactly once in effect: uploads before their events,
re-sent when the hub says it lacks them, across cut connections and a killed kiosk.

The hub side of media is a small honest fake (tests/kiosk/fake_media_hub.py) until the
hub's media route exists on this branch."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from PIL import Image

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.hub_client import HubClient
from kiosk.media_store import MediaStore
from kiosk.media_sync import MediaSync
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from tests.kiosk.conftest import KIOSK_ID
from tests.kiosk.fake_media_hub import FakeMediaHub


def png(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class Kiosk:
    """A kiosk's outbox, media, worker and core over the fake hub's wire."""

    def __init__(self, hub: FakeMediaHub, outbox_path: Path, clock: KioskClock) -> None:
        self.outbox = Outbox(outbox_path, kiosk_id=KIOSK_ID)
        self.media = MediaStore(outbox_path.parent / "media")
        self.client = HubClient("http://hub.test", "sw_k_test", transport=hub.transport())
        store = ConfigStore(outbox_path.parent / "config.json")
        self.worker = SyncWorker(
            self.outbox,
            self.client,
            clock,
            store,
            media=MediaSync(self.outbox, self.media, self.client),
            backoff=Backoff(rand=lambda: 0.0),
        )
        self.core = KioskCore(self.outbox, clock, store, worker=self.worker, media=self.media)

    def sync(self) -> bool:
        return self.worker.sync_once(pull_config=False).ok

    def close(self) -> None:
        self.client.close()
        self.outbox.close()


@pytest.fixture
def hub() -> FakeMediaHub:
    return FakeMediaHub()


@pytest.fixture
def kiosk(hub: FakeMediaHub, outbox_path: Path, kiosk_clock: KioskClock) -> Kiosk:
    kiosk = Kiosk(hub, outbox_path, kiosk_clock)
    yield kiosk  # type: ignore[misc]
    kiosk.close()


def test_the_bytes_go_up_before_the_event_and_the_file_goes_once_held(
    hub: FakeMediaHub, kiosk: Kiosk
) -> None:
    event = kiosk.core.record_doodle(png(), width=64, height=48)
    sha = event.payload.model_dump()["media"]
    assert kiosk.sync()
    assert hub.requests == [f"PUT /api/v1/media/{sha}", "POST /api/v1/events"]
    assert hub.media[sha] == png() and hub.stores == 1
    assert [d.id for d in hub.doodles()] == [event.id]
    assert kiosk.media.held() == set()  # the hub holds it: bounded disk


def test_cut_connections_leave_the_hub_with_the_bytes_once_and_the_event_once(
    hub: FakeMediaHub, kiosk: Kiosk
) -> None:
    event = kiosk.core.record_doodle(png(), width=64, height=48, prompt_id=7)
    sha = event.payload.model_dump()["media"]
    hub.cut_after = {"PUT"}  # stored, but the kiosk never hears so
    assert not kiosk.sync()
    assert kiosk.media.held() == {sha}
    hub.cut_after = {"POST"}  # the upload is answered; the push is held, unanswered
    assert not kiosk.sync()
    assert kiosk.outbox.counts().pending == 1
    assert kiosk.sync()
    assert hub.stores == 1 and list(hub.media) == [sha]
    assert [d.id for d in hub.doodles()] == [event.id]
    assert kiosk.outbox.counts().acked == 1
    assert kiosk.media.held() == set()


def test_a_killed_kiosk_uploads_again_and_the_hub_still_stores_once(
    hub: FakeMediaHub, outbox_path: Path, kiosk_clock: KioskClock
) -> None:
    first = Kiosk(hub, outbox_path, kiosk_clock)
    event = first.core.record_doodle(png("blue"), width=64, height=48)
    hub.cut_after = {"PUT"}
    assert not first.sync()
    first.close()  # the process dies; its memory of what the hub confirmed with it
    again = Kiosk(hub, outbox_path, kiosk_clock)
    try:
        assert again.sync()
        assert hub.stores == 1 and [d.id for d in hub.doodles()] == [event.id]
        assert again.media.held() == set()
    finally:
        again.close()


def test_media_the_hub_lacks_is_sent_again_after_the_push(hub: FakeMediaHub, kiosk: Kiosk) -> None:
    event = kiosk.core.record_doodle(png("green"), width=64, height=48)
    sha = event.payload.model_dump()["media"]
    hub.lose_next_upload = True  # answered 201, but the hub's disk lost it
    assert kiosk.sync()
    assert hub.requests == [
        f"PUT /api/v1/media/{sha}",
        "POST /api/v1/events",
        f"PUT /api/v1/media/{sha}",  # the push answer listed it in missing_media
    ]
    assert sha in hub.media and hub.stores == 1
    assert kiosk.media.held() == set()


def test_refused_media_sets_its_event_aside_and_is_not_retried(
    hub: FakeMediaHub, kiosk: Kiosk
) -> None:
    bad = kiosk.core.record_doodle(png("black"), width=64, height=48)
    kiosk.core.record_note("Lovely swings", language="en")
    hub.media_status = 422
    assert kiosk.sync()
    [kept] = kiosk.outbox.rejected()
    assert kept.event.id == bad.id and kept.reason.startswith("media: 422")
    assert [e.type for e in hub.events.values()] == ["note"]
    hub.requests.clear()
    assert kiosk.sync()
    assert not [r for r in hub.requests if r.startswith("PUT")]
    # Kept for inspection with its event, never silently dropped.
    assert kiosk.media.held() == {bad.payload.model_dump()["media"]}


def test_a_hub_without_a_media_route_still_gets_the_other_events(
    hub: FakeMediaHub, kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk")
    hub.media_status = 404
    event = kiosk.core.record_doodle(png(), width=64, height=48)
    for _ in range(3):
        assert kiosk.sync()
    assert [d.id for d in hub.doodles()] == [event.id]
    assert kiosk.media.held() == {event.payload.model_dump()["media"]}  # kept for later
    assert caplog.text.count("takes no media uploads") == 1


def test_a_refused_token_on_upload_pauses_and_keeps_everything(
    hub: FakeMediaHub, kiosk: Kiosk
) -> None:
    kiosk.core.record_doodle(png(), width=64, height=48)
    hub.refuse_token = True
    report = kiosk.worker.sync_once(pull_config=False)
    assert not report.ok and kiosk.worker.status.paused
    assert kiosk.outbox.counts().pending == 1 and len(kiosk.media.held()) == 1
