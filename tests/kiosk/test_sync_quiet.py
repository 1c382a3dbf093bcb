"""A hub away for days: a few log lines, not one per retry; a refused token pauses."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.sync_log import SyncLog, duration
from kiosk.sync_worker import SyncWorker
from tests.kiosk.conftest import KIOSK_ID
from tests.kiosk.fake_media_hub import FakeMediaHub
from tests.kiosk.test_core import Timer
from tests.kiosk.test_core_answers import EMOJI
from tests.support.live_hub import LiveHub


@dataclass
class DownHub(FakeMediaHub):
    """The fake hub, with its network cable pulled while `down` is set."""

    down: bool = True

    def handle(self, request):  # type: ignore[no-untyped-def]
        import httpx

        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return super().handle(request)


@pytest.fixture
def timer() -> Timer:
    return Timer()


def worker_for(
    client: HubClient,
    outbox: Outbox,
    clock: KioskClock,
    store: ConfigStore,
    timer: Timer,
    cap_s: float = 300,
) -> SyncWorker:
    return SyncWorker(
        outbox,
        client,
        clock,
        store,
        backoff=Backoff(rand=lambda: 1.0, cap_s=cap_s),
        timer=timer,
        summary_interval_s=600,
        paused_interval_s=900,
    )


def test_thousands_of_failed_retries_logs_state_changes_and_summaries_only(
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    timer: Timer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="kiosk")
    hub = DownHub()
    config_store.save(EMOJI, None)
    client = HubClient("http://hub.test", "sw_k_test", transport=hub.transport())
    # Retries every 20 s (a short back-off cap) for 12 hours: thousands of failures.
    worker = worker_for(client, outbox, kiosk_clock, config_store, timer, cap_s=20)
    core = KioskCore(outbox, kiosk_clock, config_store, worker=worker, timer=timer)
    attempts = presses = 0
    while timer.now < 12 * 3600:
        if attempts % 10 == 0:
            core.record_press(0)
            presses += 1
        report = worker.sync_once()
        assert not report.ok
        attempts += 1
        timer.now += report.delay_s
    assert attempts > 2000
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("kiosk.sync")]
    # One line when the hub went away, then one summary per 10 minutes.
    assert 12 * 6 - 1 <= len(lines) <= 1 + 12 * 6
    assert len(lines) < attempts / 25
    assert lines[0].startswith("hub unreachable (HubUnavailable")
    assert re.fullmatch(r"hub unreachable for 10 min; \d events waiting", lines[1])
    assert re.fullmatch(r"hub unreachable for 11 h 5\d min; 2\d\d events waiting", lines[-1])
    assert worker.status.state == "offline" and not worker.status.paused

    caplog.clear()
    hub.down = False
    assert worker.sync_once().ok
    [back] = [r.getMessage() for r in caplog.records if r.name.startswith("kiosk.sync")]
    assert back == f"hub reachable again after 12 h 0 min; {presses:,} events sent"
    assert len(hub.events) == presses
    client.close()


def test_a_refused_token_pauses_the_kiosk_until_a_round_succeeds(
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    timer: Timer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk")
    hub = DownHub(down=False, refuse_token=True)
    config_store.save(EMOJI, None)
    client = HubClient("http://hub.test", "sw_k_test", transport=hub.transport())
    worker = worker_for(client, outbox, kiosk_clock, config_store, timer)
    core = KioskCore(outbox, kiosk_clock, config_store, worker=worker, timer=timer)
    for _ in range(50):
        core.record_press(1)
        report = worker.sync_once()
        assert report.delay_s == 900  # a long interval, not a fast back-off
        assert worker.status.paused and worker.status.state == "unauthorised"
        timer.now += 60
    assert outbox.counts().pending == 50  # everything kept
    messages = [r.getMessage() for r in caplog.records]
    assert len([m for m in messages if "refused this kiosk's token" in m]) == 1
    # The network failing while paused keeps the kiosk paused.
    hub.down = True
    assert not worker.sync_once().ok and worker.status.paused
    hub.down, hub.refuse_token = False, False
    assert worker.sync_once().ok
    assert not worker.status.paused and worker.status.online
    assert "accepts this kiosk's token again" in caplog.records[-1].getMessage()
    assert len(hub.events) == 50
    client.close()


def test_a_revoked_kiosk_on_the_real_hub_is_paused_with_its_events_kept(
    hub: LiveHub,
    token: str,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    timer: Timer,
    tmp_path: Path,
) -> None:
    hub.set_prompt("How was the park today?")
    with HubClient(hub.url, token, timeout=5) as client:
        worker = worker_for(client, outbox, kiosk_clock, config_store, timer)
        core = KioskCore(outbox, kiosk_clock, config_store, worker=worker, timer=timer)
        assert worker.sync_once().ok
        hub.revoke(KIOSK_ID)
        core.record_press(0)
        report = worker.sync_once()
        assert not report.ok and report.delay_s == 900
        assert worker.status.paused
        assert outbox.counts().pending == 1
        assert hub.events(KIOSK_ID) == []


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (119, "119 s"), (42 * 60, "42 min"), (3 * 3600 + 5 * 60, "3 h 5 min")],
)
def test_durations_read_like_a_person_would_say_them(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_a_summary_says_how_long_and_how_much(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    clock = Timer()
    log = SyncLog(logging.getLogger("kiosk.test"), summary_interval_s=600, timer=clock)
    log.failed("HubUnavailable: down", 3, paused=False, retry_s=1)
    clock.now = 42 * 60
    log.failed("HubUnavailable: down", 1234, paused=False, retry_s=1)
    clock.now += 1
    log.failed("HubUnavailable: down", 1235, paused=False, retry_s=1)
    assert [r.getMessage() for r in caplog.records] == [
        "hub unreachable (HubUnavailable: down); 3 events waiting, retrying quietly",
        "hub unreachable for 42 min; 1,234 events waiting",
    ]
    assert repr(log) == "<SyncLog away>"
