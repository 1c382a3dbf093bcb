"""The push path's wire JSON, built from the outbox's columns without a model per event,
is byte for byte what the protocol's models write, and the hub's parser accepts it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.clock import KioskClock
from kiosk.outbox import DEFAULT_MAX_BATCH_BYTES, Outbox
from kiosk.outgoing import ENVELOPE_BYTES, push_body, wire_time
from storywall.protocol import EventType, HeartbeatPayload, OutboxCounts, ReactionPayload
from storywall.protocol.batch import PushRequest, parse_push
from storywall.protocol.limits import MAX_BODY_BYTES, MAX_MONO_MS
from tests.kiosk.conftest import ManualTime


def fill(outbox: Outbox, clock: KioskClock, manual_time: ManualTime) -> None:
    for emoji, source in [("😀", "button"), ("🦔", "touch"), ('say "hi" \\ ☃', "simulated")]:
        outbox.record(
            EventType.REACTION,
            ReactionPayload(prompt_id=7, emoji=emoji, source=source),
            clock=clock,
        )
        manual_time.advance(0.123456)  # microseconds in the wall time
    outbox.record(
        EventType.HEARTBEAT,
        HeartbeatPayload(outbox=OutboxCounts(pending=3), software="1.2.3"),
        clock=clock,
    )


def test_each_events_wire_json_is_what_its_model_writes(
    outbox: Outbox, kiosk_clock: KioskClock, manual_time: ManualTime
) -> None:
    fill(outbox, kiosk_clock, manual_time)
    outgoing = outbox.take_outgoing()
    outbox.release()
    events = outbox.take_batch()  # the same rows, read back as typed models
    assert len(outgoing) == len(events) == 4
    for item, event in zip(outgoing, events, strict=True):
        assert item.wire == event.model_dump_json().encode()
        assert (item.seq, item.id, item.type) == (event.seq, str(event.id), event.type)


def test_the_push_body_is_a_push_request_the_hub_parses(
    outbox: Outbox, kiosk_clock: KioskClock, manual_time: ManualTime
) -> None:
    fill(outbox, kiosk_clock, manual_time)
    outgoing = outbox.take_outgoing()
    outbox.release()
    events = outbox.take_batch()

    body = push_body(kiosk_clock.boot_id, 1234, [item.wire for item in outgoing])

    request = PushRequest(boot_id=kiosk_clock.boot_id, sent_mono_ms=1234, events=events)
    assert body == request.model_dump_json().encode()
    parsed = parse_push(body)  # the hub's own strict parser
    assert parsed.events == events


def test_a_batch_with_its_envelope_stays_within_the_byte_bound(
    outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    big = HeartbeatPayload(outbox=OutboxCounts(pending=1), software="x" * 40)
    for _ in range(40):
        outbox.record(EventType.HEARTBEAT, big, clock=kiosk_clock)
    for max_bytes in (1, 600, 2_000, 5_000, DEFAULT_MAX_BATCH_BYTES, 10 * MAX_BODY_BYTES):
        outbox.release()
        batch = outbox.take_outgoing(max_bytes=max_bytes)
        body = push_body("0" * 36, MAX_MONO_MS, [item.wire for item in batch])
        assert len(batch) == 1 or len(body) <= min(max_bytes, MAX_BODY_BYTES)
        assert len(batch) >= 1
    assert len(push_body("0" * 36, MAX_MONO_MS, [])) <= ENVELOPE_BYTES


@pytest.mark.parametrize(
    ("stored", "wire"),
    [
        ("2026-05-01T09:00:00+00:00", "2026-05-01T09:00:00Z"),
        ("2026-05-01T09:00:00.000120+00:00", "2026-05-01T09:00:00.000120Z"),
        ("2026-05-01T11:00:00+02:00", "2026-05-01T09:00:00Z"),
    ],
)
def test_wall_times_go_as_utc_with_z(stored: str, wire: str) -> None:
    assert wire_time(stored) == wire
    when = datetime.fromisoformat(stored)
    assert datetime.fromisoformat(wire_time(stored)) == when.astimezone(UTC)
