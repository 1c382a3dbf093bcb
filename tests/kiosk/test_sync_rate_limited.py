"""A kiosk against a hub whose per-kiosk rate limit it reaches (a week of catch-up on a
hub set tight): the 429 is taken like a 503. The round stops, nothing acknowledged is
lost and nothing unacknowledged is dropped, the worker waits at least Retry-After, and
the next round, in the next minute, delivers the rest once and in order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.errors import HubUnavailable
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from storywall.protocol import OutboxCounts
from storywall.protocol.media import sha256_hex
from tests.kiosk.conftest import KIOSK_ID
from tests.support.live_hub import LiveHub

LIMIT = 10
# A minute boundary, and 20 s into that minute.
MINUTE_START_MS = 1_750_507_200_000
NOW_MS = MINUTE_START_MS + 20_000


class HubClock:
    def __init__(self) -> None:
        self.now_ms = NOW_MS

    def __call__(self) -> int:
        return self.now_ms


@pytest.fixture
def hub_clock() -> HubClock:
    return HubClock()


@pytest.fixture
def tight_hub(tmp_path: Path, hub_clock: HubClock) -> Iterator[LiveHub]:
    hub = LiveHub(tmp_path / "hub", clock=hub_clock, kiosk_requests_per_minute=LIMIT)
    hub.add_site()
    hub.start()
    yield hub
    hub.stop()


def test_a_429_backs_off_like_a_503_and_loses_nothing(
    tight_hub: LiveHub,
    hub_clock: HubClock,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
) -> None:
    token = tight_hub.add_kiosk(KIOSK_ID)
    tight_hub.set_prompt("How was the park today?")
    with HubClient(tight_hub.url, token, timeout=5) as client:
        worker = SyncWorker(
            outbox,
            client,
            kiosk_clock,
            config_store,
            max_batch_events=5,
            backoff=Backoff(rand=lambda: 0.0),
        )
        core = KioskCore(outbox, kiosk_clock, config_store, worker=worker)
        assert worker.sync_once(pull_config=True).ok  # request 1: the prompt
        recorded = [core.record_press(n % 4, "button") for n in range(60)]
        assert all(event is not None for event in recorded)

        # 12 batches of 5 to send, 9 requests left in this minute.
        report = worker.sync_once(pull_config=False)
        assert not report.ok and "HubUnavailable" in (report.error or "")
        assert "429" in (report.error or "")
        assert report.delay_s == 40.0  # Retry-After: the rest of the hub's minute
        assert worker.status.state == "offline"
        assert outbox.counts() == OutboxCounts(acked=45, pending=15)
        with pytest.raises(HubUnavailable) as refused:
            client.pull_config(None)
        assert refused.value.retry_after == 40.0

        hub_clock.now_ms = MINUTE_START_MS + 60_000  # the next minute
        report = worker.sync_once(pull_config=False)
        assert report.ok, report.error
        assert (report.pushed, report.accepted) == (15, 15)
        assert outbox.counts() == OutboxCounts(acked=60)

    held = tight_hub.events(KIOSK_ID)
    assert [row.id for row in held] == [str(event.id) for event in recorded if event]


def test_a_media_upload_refused_for_the_rate_is_kept_to_send_again(
    tight_hub: LiveHub, hub_clock: HubClock
) -> None:
    token = tight_hub.add_kiosk(KIOSK_ID)
    data = b"\x89PNG\r\n\x1a\n" + b"\0" * 64  # never read: the limit answers first
    with HubClient(tight_hub.url, token, timeout=5) as client:
        for _ in range(LIMIT):
            client.pull_config(None)
        # Not MediaRefused (which sets the doodle's events aside for good): retry later.
        with pytest.raises(HubUnavailable) as refused:
            client.put_media(sha256_hex(data), data)
        assert refused.value.retry_after == 40.0
