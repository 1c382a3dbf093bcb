"""Events on their way to the hub: wire JSON built once, from the outbox's own columns.

The outbox stores each event's payload as the JSON its payload model wrote, checked
when the event was recorded. Pushing does not build a model per event again: each
row becomes its wire JSON with one f-string (`wire_json`), byte for byte what
`Event.model_dump_json()` writes for the same event (tests/kiosk/test_outgoing.py
checks it), and the push body is those bytes joined inside the envelope
(`push_body`). So a batch is sized by exactly the bytes it will send, and the body
is built once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from storywall.protocol.events import EVENT_SCHEMA_VERSION
from storywall.protocol.limits import MAX_BOOT_ID_CHARS, MAX_MONO_MS, PROTOCOL_VERSION

_UTC_SUFFIX = "+00:00"
# The envelope's keys, in PushRequest's field order; the events go last.
_ENVELOPE = '{{"protocol":{protocol},"boot_id":{boot_id},"sent_mono_ms":{sent},"events":['


@dataclass(frozen=True, slots=True)
class OutgoingEvent:
    """One event of a batch: its outbox seq, its id and its wire JSON (UTF-8)."""

    seq: int
    id: str
    type: str
    wire: bytes


@lru_cache(maxsize=64)
def _json_string(text: str) -> str:
    # Kiosk ids, boot ids and type names repeat on every row: escape each once.
    return json.dumps(text, ensure_ascii=False)


def wire_time(stored: str) -> str:
    """A stored wall time (ISO 8601 with offset) as the wire writes it: UTC, with "Z"."""
    if stored.endswith(_UTC_SUFFIX):
        return stored[: -len(_UTC_SUFFIX)] + "Z"
    return datetime.fromisoformat(stored).astimezone(UTC).isoformat().replace(_UTC_SUFFIX, "Z")


def wire_json(
    *,
    kiosk_id: str,
    event_id: str,
    boot_id: str,
    seq: int,
    mono_ms: int,
    wall_time: str,
    clock_synced: bool,
    type: str,
    payload_json: str,
) -> bytes:
    """The event's JSON as Event.model_dump_json() writes it (fields in model order)."""
    return (
        f'{{"v":{EVENT_SCHEMA_VERSION},"id":{json.dumps(event_id)},'
        f'"kiosk_id":{_json_string(kiosk_id)},"boot_id":{_json_string(boot_id)},'
        f'"seq":{seq},"mono_ms":{mono_ms},"wall_time":"{wire_time(wall_time)}",'
        f'"clock_synced":{"true" if clock_synced else "false"},"type":{_json_string(type)},'
        f'"payload":{payload_json}}}'
    ).encode()


def push_body(boot_id: str, sent_mono_ms: int, events: Sequence[bytes]) -> bytes:
    """A push request body (PushRequest's JSON) around events already in wire JSON."""
    head = _ENVELOPE.format(
        protocol=PROTOCOL_VERSION, boot_id=json.dumps(boot_id), sent=int(sent_mono_ms)
    )
    return b"".join((head.encode(), b",".join(events), b"]}"))


# The largest envelope a push can have: the longest boot id, the largest clock.
ENVELOPE_BYTES = len(push_body("0" * MAX_BOOT_ID_CHARS, MAX_MONO_MS, []))
