"""Notes and doodles from a real kiosk's parts to the real hub on a real socket.

A doodle's bytes reach the hub once and its event once, whatever is lost on the way; a
note is on no public surface (the wall page, /wall.json, the kiosks' config) until a
person approves it, and a rejected one never is."""

from __future__ import annotations

import io
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
from kiosk.hub_client import HubClient
from kiosk.media_store import MediaStore
from kiosk.media_sync import MediaSync
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from server.services import moderation
from storywall.protocol import OutboxCounts
from tests.kiosk.conftest import KIOSK_ID
from tests.support.live_hub import LiveHub


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class Kiosk:
    """A kiosk's outbox, media folder, sync worker and core, as build_kiosk wires them."""

    def __init__(self, hub: LiveHub, token: str, data: Path, clock: KioskClock) -> None:
        self.outbox = Outbox(data / "outbox.sqlite3", kiosk_id=KIOSK_ID)
        self.media = MediaStore(data / "media")
        self.client = HubClient(hub.url, token, timeout=5)
        self.store = ConfigStore(data / "config.json")
        self.worker = SyncWorker(
            self.outbox,
            self.client,
            clock,
            self.store,
            media=MediaSync(self.outbox, self.media, self.client),
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
    kiosk.sync()  # today's prompt
    yield kiosk
    kiosk.close()


def hub_media_files(hub: LiveHub) -> dict[str, bytes]:
    root = hub.data_dir / "media"
    return {p.name: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_doodle_reaches_the_hub_once_across_a_restart_and_a_second_copy(
    hub: LiveHub, kiosk: Kiosk, token: str, tmp_path: Path, kiosk_clock: KioskClock
) -> None:
    drawing = png("green")
    event = kiosk.core.record_doodle(drawing, width=120, height=80)
    sha = event.payload.model_dump()["media"]
    kiosk.sync()
    assert hub_media_files(hub) == {sha: drawing}
    assert kiosk.media.held() == set()  # pruned once the hub confirmed the bytes

    # The same kiosk, restarted from its data folder, syncs again: nothing new arrives.
    kiosk.close()
    again = Kiosk(hub, token, tmp_path / "kiosk", kiosk_clock)
    again.sync()
    assert [row.type for row in hub.events(KIOSK_ID)].count("doodle") == 1

    # The same drawing again (a child draws the same smiley): a second event, the bytes
    # uploaded again and answered "held", still one file on the hub.
    again.core.record_doodle(drawing, width=120, height=80)
    again.sync()
    assert [row.type for row in hub.events(KIOSK_ID)].count("doodle") == 2
    assert hub_media_files(hub) == {sha: drawing}
    assert again.worker.status.counts.rejected == 0
    assert again.media.held() == set()
    again.close()


def public_text(hub: LiveHub) -> str:
    wall = httpx.get(f"{hub.url}/", timeout=5).text
    wall_json = httpx.get(f"{hub.url}/wall.json", timeout=5).text
    return wall + wall_json


def test_a_note_is_public_only_once_approved_and_a_rejected_one_never(
    hub: LiveHub, kiosk: Kiosk
) -> None:
    kind = kiosk.core.record_note("The new bench by the pond is lovely", language="en")
    rude = kiosk.core.record_note("Something nobody should read", language="en")
    kiosk.sync()
    assert kiosk.worker.status.counts == OutboxCounts(acked=kiosk.outbox.counts().acked)
    assert "bench by the pond" not in public_text(hub)
    assert kiosk.core.config is not None and kiosk.core.config.notes == []

    with Session(hub.engine) as session:
        moderation.approve(session, event_id=str(kind.id), decided_by="sam", now_ms=1)
        moderation.reject(
            session, event_id=str(rude.id), decided_by="sam", reason="unkind", now_ms=2
        )
    assert "bench by the pond" in public_text(hub)
    assert "nobody should read" not in public_text(hub)
    kiosk.sync()  # the next config pull brings it to the attract screen
    notes = kiosk.core.config.notes if kiosk.core.config is not None else []
    assert [n.text for n in notes] == ["The new bench by the pond is lovely"]
