"""The outbox on a real SQLite file: states, batches, settling, crashes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from kiosk.clock import KioskClock
from kiosk.errors import OutboxError
from kiosk.outbox import Outbox
from kiosk.outbox_file import SCHEMA_VERSION
from storywall.protocol import (
    Event,
    EventType,
    HeartbeatPayload,
    OutboxCounts,
    ReactionPayload,
)
from storywall.protocol.batch import PushResult, ResultStatus
from tests.kiosk.conftest import BOOT_ID, KIOSK_ID, ManualTime


def react(outbox: Outbox, clock: KioskClock, emoji: str = "😀") -> Event:
    return outbox.record(EventType.REACTION, ReactionPayload(prompt_id=7, emoji=emoji), clock=clock)


def answer(
    events: list[Event], status: ResultStatus, reason: str | None = None
) -> list[PushResult]:
    return [
        PushResult(index=i, id=str(event.id), status=status, reason=reason)
        for i, event in enumerate(events)
    ]


def test_record_returns_the_committed_event(
    outbox: Outbox, outbox_path: Path, kiosk_clock: KioskClock, manual_time: ManualTime
) -> None:
    event = react(outbox, kiosk_clock)
    assert event.kiosk_id == KIOSK_ID
    assert event.boot_id == BOOT_ID
    assert event.seq == 1
    assert event.mono_ms == 1_234_500
    assert event.wall_time == manual_time.wall_now
    assert event.clock_synced is False
    assert event.payload.model_dump() == {"prompt_id": 7, "emoji": "😀", "source": "button"}
    # Committed: another connection sees it at once.
    with Outbox(outbox_path, kiosk_id=KIOSK_ID) as other:
        assert other.counts() == OutboxCounts(pending=1)
        assert other.take_batch() == [event]


def test_seq_increases_per_event(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    assert [react(outbox, kiosk_clock).seq for _ in range(3)] == [1, 2, 3]


def test_clock_synced_is_recorded(outbox: Outbox, kiosk_clock: KioskClock, sync_flag: Path) -> None:
    sync_flag.parent.mkdir(parents=True)
    sync_flag.touch()
    assert react(outbox, kiosk_clock).clock_synced is True


def test_a_heartbeat_payload_from_a_dict(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    event = outbox.record(
        "heartbeat", {"outbox": {"pending": 2}, "software": "0.1.0"}, clock=kiosk_clock
    )
    assert event.type is EventType.HEARTBEAT
    assert isinstance(event.payload, HeartbeatPayload)


@pytest.mark.parametrize(
    ("type_", "payload"),
    [
        ("reaction", {"prompt_id": 0, "emoji": "😀"}),
        ("reaction", {"prompt_id": 1, "emoji": "😀", "extra": True}),
        ("doodle", {}),
        ("heartbeat", {"software": "x" * 41}),
    ],
)
def test_invalid_events_are_refused_and_not_stored(
    outbox: Outbox, kiosk_clock: KioskClock, type_: str, payload: dict[str, object]
) -> None:
    with pytest.raises(OutboxError):
        outbox.record(type_, payload, clock=kiosk_clock)
    assert outbox.counts() == OutboxCounts()


def test_an_event_the_protocol_refuses_is_rolled_back(outbox: Outbox, tmp_path: Path) -> None:
    # Pretend the monotonic clock is broken beyond what the protocol allows.
    clock = KioskClock(boot_id_path=tmp_path / "none", mono=lambda: 1e12)
    with pytest.raises(OutboxError):
        react(outbox, clock)
    assert outbox.counts() == OutboxCounts()


def test_batches_are_oldest_first_and_bounded_in_count(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    events = [react(outbox, kiosk_clock) for _ in range(7)]
    first = outbox.take_batch(max_events=3)
    assert first == events[:3]
    assert outbox.counts() == OutboxCounts(pending=4, in_flight=3)
    assert outbox.take_batch(max_events=3) == events[3:6]
    assert outbox.take_batch(max_events=3) == events[6:]
    assert outbox.take_batch() == []


def test_batches_are_bounded_in_bytes(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    events = [react(outbox, kiosk_clock) for _ in range(10)]
    one = len(events[0].model_dump_json().encode()) + 1
    batch = outbox.take_batch(max_bytes=256 + 3 * one + one // 2)
    assert batch == events[:3]
    # A single event always goes, even over a tiny budget: never stuck.
    assert outbox.take_batch(max_bytes=1) == events[3:4]


def test_a_full_batch_fits_the_hubs_body_limit(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    big = {"outbox": {"pending": 1}, "software": "x" * 40}
    for _ in range(600):
        outbox.record("heartbeat", big, clock=kiosk_clock)
    batch = outbox.take_batch()
    assert len(batch) == 500
    body = sum(len(event.model_dump_json().encode()) + 1 for event in batch)
    assert body < 1024 * 1024


def test_settle_acks_accepted_and_duplicate(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    events = [react(outbox, kiosk_clock) for _ in range(2)]
    batch = outbox.take_batch()
    results = [
        PushResult(index=0, id=str(events[0].id), status=ResultStatus.ACCEPTED),
        PushResult(index=1, id=str(events[1].id), status=ResultStatus.DUPLICATE),
    ]
    assert outbox.settle(results, batch) == 2
    assert outbox.counts() == OutboxCounts(acked=2)
    assert outbox.take_batch() == []


def test_rejected_events_are_kept_aside_and_never_block_the_queue(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    bad, good = react(outbox, kiosk_clock), react(outbox, kiosk_clock)
    batch = outbox.take_batch(max_events=1)
    outbox.settle(
        [PushResult(index=0, id=None, status=ResultStatus.REJECTED, reason="prompt: unknown")],
        batch,
    )
    assert outbox.counts() == OutboxCounts(pending=1, rejected=1)
    assert outbox.take_batch() == [good]
    [kept] = outbox.rejected()
    assert kept.event == bad
    assert kept.reason == "prompt: unknown"
    assert kept.attempts == 1
    outbox.release()
    assert bad not in outbox.take_batch()


def test_events_without_an_answer_go_back_to_pending(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    events = [react(outbox, kiosk_clock) for _ in range(3)]
    batch = outbox.take_batch()
    results = [
        PushResult(index=0, id=str(events[0].id), status=ResultStatus.ACCEPTED),
        # Wrong id for index 1: not trusted. Index 2 missing. Index 9 out of range.
        PushResult(index=1, id=str(events[0].id), status=ResultStatus.ACCEPTED),
        PushResult(index=9, id=None, status=ResultStatus.ACCEPTED),
    ]
    assert outbox.settle(results, batch) == 1
    assert outbox.counts() == OutboxCounts(pending=2, acked=1)
    assert outbox.take_batch() == events[1:]


def test_release_after_a_failed_push(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    events = [react(outbox, kiosk_clock) for _ in range(3)]
    assert outbox.take_batch() == events
    assert outbox.release() == 3
    assert outbox.counts() == OutboxCounts(pending=3)
    assert outbox.take_batch() == events


def test_a_late_settle_does_not_resurrect_acked_events(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    react(outbox, kiosk_clock)
    batch = outbox.take_batch()
    outbox.settle(answer(batch, ResultStatus.ACCEPTED), batch)
    outbox.settle([], batch)  # a replayed, empty answer
    assert outbox.counts() == OutboxCounts(acked=1)


def test_in_flight_events_are_resumed_on_reopen(outbox_path: Path, kiosk_clock: KioskClock) -> None:
    with Outbox(outbox_path, kiosk_id=KIOSK_ID) as first:
        events = [react(first, kiosk_clock) for _ in range(4)]
        first.take_batch(max_events=2)
    with Outbox(outbox_path, kiosk_id=KIOSK_ID) as again:
        assert again.counts() == OutboxCounts(pending=4)
        assert again.take_batch() == events


def test_prune_keeps_the_newest_acked_and_never_reuses_seq(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    for _ in range(10):
        react(outbox, kiosk_clock)
    batch = outbox.take_batch(max_events=8)
    outbox.settle(answer(batch, ResultStatus.ACCEPTED), batch)
    assert outbox.prune_acked(keep=3) == 5
    assert outbox.counts() == OutboxCounts(pending=2, acked=3)
    assert outbox.prune_acked(keep=3) == 0
    rest = outbox.take_batch()
    outbox.settle(answer(rest, ResultStatus.ACCEPTED), rest)
    assert outbox.prune_acked(keep=0) == 5
    assert react(outbox, kiosk_clock).seq == 11
    assert outbox.integrity_ok()


def test_payloads_are_json_and_sql_is_parameterised(
    outbox: Outbox, outbox_path: Path, kiosk_clock: KioskClock
) -> None:
    react(outbox, kiosk_clock, emoji="'); DROP")
    batch = outbox.take_batch()
    outbox.settle(answer(batch, ResultStatus.REJECTED, reason="x'); DROP TABLE outbox; --"), batch)
    with sqlite3.connect(outbox_path) as db:
        payload, state, reason = db.execute("SELECT payload, state, reason FROM outbox").fetchone()
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert payload == '{"prompt_id":7,"emoji":"\'); DROP","source":"button"}'
    assert (state, reason) == ("rejected", "x'); DROP TABLE outbox; --")
    assert version == (str(SCHEMA_VERSION),)


def test_the_file_is_wal_and_intact(outbox: Outbox, outbox_path: Path) -> None:
    assert outbox.integrity_ok()
    with sqlite3.connect(outbox_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_another_kiosks_outbox_is_refused(outbox_path: Path) -> None:
    Outbox(outbox_path, kiosk_id=KIOSK_ID).close()
    with pytest.raises(OutboxError, match="belongs to kiosk"):
        Outbox(outbox_path, kiosk_id="fridge-2")


def test_a_newer_schema_is_refused(outbox_path: Path) -> None:
    Outbox(outbox_path, kiosk_id=KIOSK_ID).close()
    with sqlite3.connect(outbox_path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(OutboxError, match="newer"):
        Outbox(outbox_path, kiosk_id=KIOSK_ID)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(OutboxError, match="cannot open"):
        Outbox(path, kiosk_id=KIOSK_ID)


def test_close_is_idempotent(outbox_path: Path, kiosk_clock: KioskClock) -> None:
    outbox = Outbox(outbox_path, kiosk_id=KIOSK_ID)
    outbox.close()
    outbox.close()
    assert outbox.closed
    assert "closed" in repr(outbox)
    with pytest.raises(OutboxError, match="closed"):
        react(outbox, kiosk_clock)


def test_one_thread_records_while_another_syncs(outbox: Outbox, kiosk_clock: KioskClock) -> None:
    total = 300
    done = threading.Event()
    acked: list[int] = []

    def sync() -> None:
        while not (done.is_set() and outbox.counts().pending == 0):
            batch = outbox.take_batch(max_events=7)
            outbox.settle(answer(batch, ResultStatus.ACCEPTED), batch)
            acked.extend(event.seq for event in batch)

    syncer = threading.Thread(target=sync)
    syncer.start()
    for _ in range(total):
        react(outbox, kiosk_clock)
    done.set()
    syncer.join(timeout=30)
    assert acked == list(range(1, total + 1))
    assert outbox.counts() == OutboxCounts(acked=total)
