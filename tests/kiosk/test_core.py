"""KioskCore: presses become reactions for the current prompt, on one thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from hardware.buttons import MockButtonPanel, build_button_panel
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import DRAIN_LIMIT, KioskCore
from kiosk.outbox import Outbox
from storywall.protocol import EventType, OutboxCounts
from tests.kiosk.conftest import ManualTime
from tests.kiosk.test_config_store import CONFIG


class CountingWaker:
    def __init__(self) -> None:
        self.wakes = 0

    def wake(self) -> None:
        self.wakes += 1


class Timer:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def waker() -> CountingWaker:
    return CountingWaker()


@pytest.fixture
def timer() -> Timer:
    return Timer()


@pytest.fixture
def core(
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    waker: CountingWaker,
    timer: Timer,
) -> KioskCore:
    config_store.save(CONFIG, '"v1"')
    return KioskCore(
        outbox, kiosk_clock, config_store, worker=waker, heartbeat_interval_s=60, timer=timer
    )


def test_a_press_records_the_emoji_of_the_current_prompt(
    core: KioskCore, outbox: Outbox, waker: CountingWaker
) -> None:
    assert core.prompt is not None and core.prompt.id == 7
    assert core.press(3, "touch") is True
    [event] = outbox.take_batch()
    assert event.type is EventType.REACTION
    assert event.payload.model_dump() == {"prompt_id": 7, "emoji": "🌳", "source": "touch"}
    assert waker.wakes == 1
    assert "prompt=7" in repr(core)


@pytest.mark.parametrize("index", [-1, 4, 99])
def test_a_bad_index_records_nothing(core: KioskCore, outbox: Outbox, index: int) -> None:
    assert core.press(index) is False
    assert outbox.counts() == OutboxCounts()


def test_no_prompt_records_nothing(outbox: Outbox, kiosk_clock: KioskClock, tmp_path: Path) -> None:
    empty = KioskCore(outbox, kiosk_clock, ConfigStore(tmp_path / "none.json"))
    assert empty.prompt is None
    assert empty.press(0) is False
    store = ConfigStore(tmp_path / "noprompt.json")
    store.save(CONFIG.model_copy(update={"prompt": None}), None)
    assert KioskCore(outbox, kiosk_clock, store).press(0) is False
    assert outbox.counts() == OutboxCounts()


def test_presses_from_other_threads_are_recorded_by_drain_in_order(
    core: KioskCore, outbox: Outbox
) -> None:
    threads = [threading.Thread(target=core.submit_press, args=(i % 4, "button")) for i in range(8)]
    for thread in threads:
        thread.start()
        thread.join()
    assert outbox.counts() == OutboxCounts()  # nothing recorded off the main thread
    core.submit_press(9)  # not an emoji of this prompt: dropped
    events = core.drain()
    assert [event.payload.emoji for event in events] == ["😀", "😐", "😢", "🌳"] * 2
    assert [event.seq for event in events] == list(range(1, 9))
    assert core.drain() == []


def test_a_mock_button_panel_feeds_the_core(core: KioskCore, outbox: Outbox) -> None:
    with build_button_panel("mock") as panel:
        panel.when_pressed = core.submit_button_press
        assert isinstance(panel, MockButtonPanel)
        panel.press(1)
        events = core.drain()
    assert [event.payload.model_dump() for event in events] == [
        {"prompt_id": 7, "emoji": "😐", "source": "button"}
    ]


def test_heartbeat_reports_outbox_counts(core: KioskCore, outbox: Outbox) -> None:
    core.press(0)
    core.press(1)
    outbox.take_batch(max_events=1)
    event = core.heartbeat()
    assert event.type is EventType.HEARTBEAT
    assert event.payload.outbox == OutboxCounts(pending=1, in_flight=1, acked=0, rejected=0)
    assert event.payload.software


def test_tick_heartbeats_at_start_every_interval_and_when_the_clock_syncs(
    core: KioskCore,
    outbox: Outbox,
    timer: Timer,
    sync_flag: Path,
    manual_time: ManualTime,
) -> None:
    def heartbeats() -> int:
        return sum(event.type is EventType.HEARTBEAT for event in outbox.take_batch())

    core.tick()
    assert heartbeats() == 1
    timer.now = 30
    core.tick()
    assert heartbeats() == 0
    # NTP syncs: a heartbeat at once anchors this boot's events in time.
    sync_flag.parent.mkdir(parents=True)
    sync_flag.touch()
    core.tick()
    batch = outbox.take_batch()
    assert [event.clock_synced for event in batch] == [True]
    timer.now = 89
    core.tick()
    assert heartbeats() == 0
    timer.now = 91
    core.submit_press(2, "simulated")
    [press] = core.tick()
    assert press.payload.source == "simulated"
    assert heartbeats() == 1


def test_no_heartbeats_without_an_interval(
    outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore
) -> None:
    core = KioskCore(outbox, kiosk_clock, config_store)
    assert core.tick() == []
    assert outbox.counts() == OutboxCounts()


def test_a_flood_of_presses_is_recorded_over_several_frames_in_order(
    core: KioskCore, outbox: Outbox
) -> None:
    for i in range(DRAIN_LIMIT * 2 + 5):
        core.submit_press(i % 4, "button")
    first = core.drain()
    assert len(first) == DRAIN_LIMIT  # the main loop gets back to drawing
    rest = core.drain() + core.drain()
    assert core.drain() == []
    seqs = [event.seq for event in first + rest]
    assert seqs == list(range(1, DRAIN_LIMIT * 2 + 6))  # none lost, none reordered


def test_a_locked_prompt_records_nothing(
    outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore
) -> None:
    assert CONFIG.prompt is not None
    locked = CONFIG.prompt.model_copy(update={"locked": True})
    config_store.save(CONFIG.model_copy(update={"prompt": locked}), '"v2"')
    core = KioskCore(outbox, kiosk_clock, config_store)
    with build_button_panel("mock") as panel:
        panel.when_pressed = core.submit_button_press
        assert isinstance(panel, MockButtonPanel)
        panel.press(1)
        assert core.drain() == []
    assert core.press(0, "touch") is False
    assert outbox.counts() == OutboxCounts()
