"""The kiosk's sync against the real hub on a real socket: down, back, rejected, config."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from storywall.protocol import EventType, OutboxCounts, ReactionPayload
from tests.kiosk.conftest import KIOSK_ID
from tests.support.live_hub import LiveHub


@pytest.fixture
def client(hub: LiveHub, token: str) -> Iterator[HubClient]:
    with HubClient(hub.url, token, timeout=5) as client:
        yield client


class Kiosk:
    """One kiosk's parts wired together as the app will wire them."""

    def __init__(
        self,
        outbox: Outbox,
        clock: KioskClock,
        store: ConfigStore,
        client: HubClient,
        **worker_options: object,
    ) -> None:
        worker_options.setdefault("backoff", Backoff(rand=lambda: 0.0))
        self.worker = SyncWorker(
            outbox,
            client,
            clock,
            store,
            **worker_options,  # type: ignore[arg-type]
        )
        self.core = KioskCore(outbox, clock, store, worker=self.worker)
        self.outbox = outbox


@pytest.fixture
def kiosk(
    outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore, client: HubClient
) -> Iterator[Kiosk]:
    kiosk = Kiosk(outbox, kiosk_clock, config_store, client, max_batch_events=25)
    yield kiosk
    assert kiosk.worker.stop(timeout=10)


def test_presses_while_the_hub_is_down_arrive_once_in_order_when_it_is_back(
    hub: LiveHub, kiosk: Kiosk
) -> None:
    hub.set_prompt("How was the park today?")
    assert kiosk.worker.sync_once().ok  # the kiosk learns today's prompt
    hub.stop()

    recorded = []
    for i in range(60):
        event = kiosk.core.record_press(i % 4, "button")
        assert event is not None  # committed to the outbox: "thanks" is honest
        recorded.append(event)
    report = kiosk.worker.sync_once()
    assert not report.ok and "HubUnavailable" in (report.error or "")
    assert kiosk.worker.status.state == "offline"
    assert kiosk.worker.status.counts == OutboxCounts(pending=60)

    hub.start()
    report = kiosk.worker.sync_once()
    assert report.ok, report.error
    assert report.pushed == 60 and report.accepted == 60
    status = kiosk.worker.status
    assert status.online and status.last_success is not None and status.last_error is None
    assert status.counts == OutboxCounts(acked=60)

    held = hub.events(KIOSK_ID)
    assert [row.id for row in held] == [str(event.id) for event in recorded]
    assert [row.seq for row in held] == [event.seq for event in recorded] == list(range(1, 61))


def test_a_lost_answer_is_replayed_and_held_once(
    hub: LiveHub, kiosk: Kiosk, client: HubClient, kiosk_clock: KioskClock
) -> None:
    prompt_id = hub.set_prompt("Favourite tree?")
    kiosk.worker.sync_once()
    for i in range(10):
        assert kiosk.core.press(i % 4)
    # A push reaches the hub but its answer is lost (Wi-Fi drops): nothing settled.
    batch = kiosk.outbox.take_batch(max_events=6)
    client.push(batch, boot_id=kiosk_clock.boot_id, sent_mono_ms=kiosk_clock.mono_ms())
    kiosk.outbox.release()

    report = kiosk.worker.sync_once()
    assert report.ok
    assert (report.duplicate, report.accepted) == (6, 4)
    held = hub.events(KIOSK_ID)
    assert len(held) == len({row.id for row in held}) == 10
    assert kiosk.outbox.counts() == OutboxCounts(acked=10)
    assert prompt_id >= 1


def test_rejected_events_are_kept_aside_and_counted(
    hub: LiveHub, kiosk: Kiosk, kiosk_clock: KioskClock
) -> None:
    hub.set_prompt("How was the park today?")
    kiosk.worker.sync_once()
    assert kiosk.core.press(0)
    # A reaction to a prompt the hub has never heard of: it can never be accepted.
    bad = kiosk.outbox.record(
        EventType.REACTION, ReactionPayload(prompt_id=999_999, emoji="😀"), clock=kiosk_clock
    )
    assert kiosk.core.press(1)

    report = kiosk.worker.sync_once()
    assert report.ok
    assert (report.accepted, report.rejected) == (2, 1)
    assert kiosk.worker.status.counts == OutboxCounts(acked=2, rejected=1)
    [kept] = kiosk.outbox.rejected()
    assert kept.event.id == bad.id
    assert kept.reason
    # Never sent again, and the queue behind it flows.
    assert kiosk.core.press(2)
    report = kiosk.worker.sync_once()
    assert (report.pushed, report.accepted) == (1, 1)
    assert kiosk.outbox.counts() == OutboxCounts(acked=3, rejected=1)
    assert str(bad.id) not in {row.id for row in hub.events(KIOSK_ID)}


def test_config_is_pulled_then_unchanged_costs_a_304(
    hub: LiveHub, kiosk: Kiosk, config_store: ConfigStore, client: HubClient
) -> None:
    report = kiosk.worker.sync_once(pull_config=True)
    assert report.config_changed
    assert config_store.config is not None and config_store.config.prompt is None
    assert kiosk.core.press(0) is False  # no prompt yet: nothing recorded

    first_id = hub.set_prompt("How was the park today?")
    assert kiosk.worker.sync_once(pull_config=True).config_changed
    assert kiosk.core.prompt is not None and kiosk.core.prompt.id == first_id
    etag = config_store.etag
    assert etag

    assert not kiosk.worker.sync_once(pull_config=True).config_changed
    assert client.pull_config(etag) == (None, etag)
    assert config_store.etag == etag

    second_id = hub.set_prompt("Did you see a heron?", ["🐦", "❌"])
    assert kiosk.worker.sync_once(pull_config=True).config_changed
    assert kiosk.core.prompt is not None and kiosk.core.prompt.id == second_id
    assert second_id != first_id
    # After a power cut with no network, the kiosk still shows today's prompt.
    hub.stop()
    reopened = ConfigStore(config_store.path)
    assert reopened.config is not None and reopened.config.prompt is not None
    assert reopened.config.prompt.text == "Did you see a heron?"


def test_config_pull_is_not_repeated_before_it_is_due(
    hub: LiveHub,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    client: HubClient,
) -> None:
    now = [0.0]
    kiosk = Kiosk(
        outbox, kiosk_clock, config_store, client, config_interval_s=60, timer=lambda: now[0]
    )
    assert kiosk.worker.sync_once().config_changed
    hub.set_prompt("New?")
    assert not kiosk.worker.sync_once().config_changed  # not due yet
    now[0] = 61
    assert kiosk.worker.sync_once().config_changed


def test_a_revoked_token_is_reported_and_nothing_is_lost(hub: LiveHub, kiosk: Kiosk) -> None:
    hub.set_prompt("How was the park today?")
    kiosk.worker.sync_once()
    hub.revoke(KIOSK_ID)
    assert kiosk.core.press(0)
    report = kiosk.worker.sync_once()
    assert "AuthRejected" in (report.error or "")
    assert kiosk.worker.status.state == "unauthorised"
    assert kiosk.outbox.counts() == OutboxCounts(pending=1)


def test_the_worker_thread_syncs_presses_soon_and_stops_cleanly(hub: LiveHub, kiosk: Kiosk) -> None:
    hub.set_prompt("How was the park today?")
    kiosk.worker.sync_once()
    kiosk.worker.start()
    assert kiosk.worker.running
    with pytest.raises(RuntimeError):
        kiosk.worker.start()
    for i in range(5):
        kiosk.core.submit_press(i % 4, "touch")
    kiosk.core.drain()  # the main loop records; the worker is only woken
    deadline = time.monotonic() + 10
    while kiosk.worker.status.counts.acked < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert kiosk.worker.status.counts == OutboxCounts(acked=5)
    assert len(hub.events(KIOSK_ID)) == 5
    assert kiosk.worker.stop(timeout=10)
    assert not kiosk.worker.running
    assert "SyncWorker online" in repr(kiosk.worker)


def test_the_worker_backs_off_while_the_hub_is_down(
    hub: LiveHub,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    client: HubClient,
) -> None:
    hub.set_prompt("How was the park today?")
    # A real jittered back-off from 0.05 s: a few retries while down, not a storm.
    backoff = Backoff(base_s=0.05, cap_s=0.2)
    kiosk = Kiosk(outbox, kiosk_clock, config_store, client, coalesce_s=0.01, backoff=backoff)
    kiosk.worker.sync_once()
    hub.stop()
    kiosk.worker.start()
    for i in range(20):
        assert kiosk.core.press(i % 4)
    time.sleep(0.5)
    assert kiosk.worker.status.state == "offline"
    assert 1 <= kiosk.worker.status.consecutive_failures <= 30
    hub.start()
    deadline = time.monotonic() + 10
    while kiosk.worker.status.counts.acked < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert kiosk.worker.status.counts == OutboxCounts(acked=20)
    assert kiosk.worker.stop(timeout=10)
    assert len(hub.events(KIOSK_ID)) == 20


def test_acknowledged_events_are_pruned_to_bound_disk_use(
    hub: LiveHub,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    client: HubClient,
) -> None:
    hub.set_prompt("How was the park today?")
    kiosk = Kiosk(outbox, kiosk_clock, config_store, client, keep_acked=5)
    kiosk.worker.sync_once()
    for i in range(12):
        assert kiosk.core.press(i % 4)
    assert kiosk.worker.sync_once().ok
    assert outbox.counts() == OutboxCounts(acked=5)
    assert len(hub.events(KIOSK_ID)) == 12


def test_a_local_failure_is_reported_not_raised(
    hub: LiveHub,
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    client: HubClient,
) -> None:
    worker = SyncWorker(outbox, client, kiosk_clock, config_store)
    assert worker.sync_once().config_changed
    assert config_store.config is not None
    outbox.close()
    report = worker.sync_once()
    assert "OutboxError" in (report.error or "")
    assert worker.status.state == "offline"
    assert worker.status.consecutive_failures == 1
