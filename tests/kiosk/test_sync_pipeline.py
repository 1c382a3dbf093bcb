"""The worker takes the next batch while the hub stores the current one; whatever happens,
no event is left in flight after a round, and every event reaches the hub once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.errors import HubUnavailable
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.outgoing import OutgoingEvent
from kiosk.sync_worker import SyncWorker
from storywall.protocol import EventType, OutboxCounts, ReactionPayload
from storywall.protocol.batch import PushResponse
from storywall.protocol.config import KioskConfig
from tests.kiosk.conftest import KIOSK_ID
from tests.support.live_hub import LiveHub


class Hub:
    """The real client, with something to do after the n-th push has been sent."""

    def __init__(self, client: HubClient, outbox: Outbox) -> None:
        self.client, self.outbox = client, outbox
        self.pushes = 0
        self.after: dict[int, Callable[[], None]] = {}

    def push(self, events: list[OutgoingEvent], *, boot_id: str, sent_mono_ms: int) -> PushResponse:
        self.pushes += 1
        answer = self.client.push(events, boot_id=boot_id, sent_mono_ms=sent_mono_ms)
        self.after.get(self.pushes, lambda: None)()
        return answer

    def pull_config(self, etag: str | None) -> tuple[KioskConfig | None, str | None]:
        return self.client.pull_config(etag)


@pytest.fixture
def spy(hub: LiveHub, token: str, outbox: Outbox) -> Iterator[Hub]:
    with HubClient(hub.url, token, timeout=5) as client:
        yield Hub(client, outbox)


def press(outbox: Outbox, clock: KioskClock, count: int, prompt_id: int) -> None:
    for _ in range(count):
        payload = ReactionPayload(prompt_id=prompt_id, emoji="😀")
        outbox.record(EventType.REACTION, payload, clock=clock)


def worker(outbox: Outbox, spy: Hub, clock: KioskClock, store: ConfigStore) -> SyncWorker:
    return SyncWorker(
        outbox, spy, clock, store, max_batch_events=2, backoff=Backoff(rand=lambda: 0.0)
    )


def test_every_batch_arrives_once_and_nothing_stays_in_flight(
    hub: LiveHub, spy: Hub, outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore
) -> None:
    prompt_id = hub.set_prompt("How was the park today?")
    press(outbox, kiosk_clock, 7, prompt_id)
    report = worker(outbox, spy, kiosk_clock, config_store).sync_once()
    assert report.ok and report.accepted == 7
    assert spy.pushes == 4
    assert outbox.counts() == OutboxCounts(acked=7)
    assert len(hub.events(KIOSK_ID)) == 7


def test_a_failed_push_puts_the_batch_taken_after_it_back_too(
    hub: LiveHub, spy: Hub, outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore
) -> None:
    prompt_id = hub.set_prompt("How was the park today?")
    press(outbox, kiosk_clock, 7, prompt_id)

    def hub_goes_down() -> None:
        raise HubUnavailable("the answer to the second push was lost")

    spy.after[2] = hub_goes_down
    report = worker(outbox, spy, kiosk_clock, config_store).sync_once()
    assert "HubUnavailable" in (report.error or "")
    # Batch 1 acked; batch 2 (held by the hub, unacknowledged) and batch 3 (taken
    # while batch 2 was on its way) are pending again, to be sent again.
    assert outbox.counts() == OutboxCounts(pending=5, acked=2)

    spy.after.clear()
    assert worker(outbox, spy, kiosk_clock, config_store).sync_once().ok
    assert outbox.counts() == OutboxCounts(acked=7)
    assert len(hub.events(KIOSK_ID)) == 7  # the resent batch 2 counted once


def test_stopping_mid_round_leaves_the_next_batch_pending(
    hub: LiveHub, spy: Hub, outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore
) -> None:
    prompt_id = hub.set_prompt("How was the park today?")
    press(outbox, kiosk_clock, 7, prompt_id)
    sync = worker(outbox, spy, kiosk_clock, config_store)
    spy.after[1] = lambda: sync.stop()
    sync.sync_once()
    assert spy.pushes == 1
    assert outbox.counts() == OutboxCounts(pending=5, acked=2)
