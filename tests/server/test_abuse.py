"""Hostile or broken input: always a clear 4xx or a per-event rejection, never a 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.server.conftest import Seed
from tests.server.factories import auth, push, reaction
from tests.server.helpers import event_count

URL = "/api/v1/events"


def _good(seed: Seed, **changes: Any) -> dict[str, Any]:
    event = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀")
    event.update(changes)
    return event


@pytest.mark.parametrize(
    ("changes", "reason_starts"),
    [
        ({"seq": -1}, "seq:"),
        ({"seq": 2**80}, "seq:"),
        ({"seq": 1.5}, "seq:"),
        ({"mono_ms": 10**18}, "mono_ms:"),
        ({"mono_ms": -1}, "mono_ms:"),
        ({"wall_time": "2025-06-21T12:00:00"}, "wall_time:"),
        ({"wall_time": "yesterday"}, "wall_time:"),
        ({"boot_id": "../etc"}, "boot_id:"),
        ({"kiosk_id": "<script>"}, "kiosk_id:"),
        ({"id": "not-a-uuid"}, "id:"),
        ({"v": 2}, "v:"),
        ({"clock_synced": "maybe"}, "clock_synced:"),
        ({"type": "graffiti"}, "type:"),
        ({"extra": 1}, "extra:"),
        ({"payload": {"prompt_id": 1, "emoji": "😀", "blob": "x" * 10_000}}, "payload:"),
        ({"payload": {"prompt_id": 1, "emoji": "😀", "colour": "red"}}, "payload."),
        ({"payload": {"prompt_id": 2**80, "emoji": "😀"}}, "payload."),
        ({"payload": {"prompt_id": 999, "emoji": "😀"}}, "payload.prompt_id:"),
        ({"payload": {"prompt_id": 1, "emoji": "🦄"}}, "payload.emoji:"),
        ({"payload": {"prompt_id": 1, "emoji": "x" * 100}}, "payload."),
        ({"payload": []}, "payload:"),
        ({"payload": None}, "payload:"),
    ],
)
def test_absurd_event_is_rejected_with_a_reason(
    client: httpx.Client,
    engine: Engine,
    seed: Seed,
    changes: dict[str, Any],
    reason_starts: str,
) -> None:
    assert seed.prompt_id == 1  # the payloads above name prompt 1 directly
    response = push(client, seed.token, [_good(seed, **changes), _good(seed)])
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert first["status"] == "rejected"
    assert first["reason"].startswith(reason_starts), first["reason"]
    assert second["status"] == "accepted"
    assert event_count(engine) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"this is not json",
        b"",
        b"null",
        b"[]",
        b'{"boot_id": "boot-a", "sent_mono_ms": 1, "events": "not a list"}',
        b'{"boot_id": "boot-a", "sent_mono_ms": 1, "events": {"0": {}}}',
        b'{"sent_mono_ms": 1, "events": []}',
        b'{"boot_id": "boot-a", "events": []}',
        b'{"boot_id": "boot a", "sent_mono_ms": 1, "events": []}',
        b'{"boot_id": "boot-a", "sent_mono_ms": -1, "events": []}',
        b'{"boot_id": "boot-a", "sent_mono_ms": 1e400, "events": []}',
        b'{"boot_id": "boot-a", "sent_mono_ms": 1208925819614629174706176, "events": []}',
        b'{"boot_id": "boot-a", "sent_mono_ms": 1, "events": [], "protocol": 2}',
        b'{"boot_id": "boot-a", "sent_mono_ms": 1, "events": [], "surprise": true}',
        b'{"boot_id": "boot-a", "sent_mono_ms": NaN, "events": []}',
        b'{"boot_id": "boot-a", "sent_mono_ms": ' + b"9" * 5000 + b', "events": []}',
        b'{"boot_id": "boot-a", "sent_mono_ms": 1, "events": ' + b"[" * 100_000,
        b"\xff\xfe\x00garbage",
    ],
    ids=lambda body: body[:40].decode("latin-1"),
)
def test_malformed_envelope_is_a_clear_4xx(
    client: httpx.Client, engine: Engine, seed: Seed, body: bytes
) -> None:
    response = client.post(
        URL, content=body, headers={**auth(seed.token), "Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "detail" in response.json()
    assert event_count(engine) == 0


def test_deeply_nested_payload_is_rejected_not_crashing(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    nested = "[" * 5000 + "]" * 5000
    event = json.dumps(_good(seed)).replace('"source": "button"', f'"source": {nested}')
    body = f'{{"boot_id": "boot-a", "sent_mono_ms": 1, "events": [{event}]}}'
    response = client.post(
        URL, content=body, headers={**auth(seed.token), "Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500 or response.json()["rejected"] == 1
    assert event_count(engine) == 0


def test_body_over_one_mib_is_413(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    padding = "x" * (1024 * 1024)
    body = json.dumps({"boot_id": "boot-a", "sent_mono_ms": 1, "events": [padding]})
    response = client.post(
        URL, content=body, headers={**auth(seed.token), "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "detail" in response.json()
    assert event_count(engine) == 0


def test_streamed_body_over_the_limit_is_413(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    def chunks() -> Any:
        yield b'{"boot_id": "boot-a", "sent_mono_ms": 1, "events": ["'
        for _ in range(17):
            yield b"x" * 65_536
        yield b'"]}'

    response = client.post(
        URL, content=chunks(), headers={**auth(seed.token), "Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert event_count(engine) == 0


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
FIELDS = ["v", "id", "kiosk_id", "boot_id", "seq", "mono_ms", "wall_time", "clock_synced"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    mutations=st.lists(
        st.tuples(st.sampled_from([*FIELDS, "type", "payload", "prompt_id", "emoji"]), JSON),
        max_size=3,
    )
)
def test_fuzzed_events_never_break_the_hub(
    client: httpx.Client, seed: Seed, mutations: list[tuple[str, Any]]
) -> None:
    event = _good(seed)
    for field, value in mutations:
        if field in ("prompt_id", "emoji"):
            payload = event["payload"] if isinstance(event["payload"], dict) else {}
            event["payload"] = {**payload, field: value}
        else:
            event[field] = value
    response = push(client, seed.token, [event])
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] in {"accepted", "rejected"}
    assert result["status"] == "accepted" or result["reason"]


def test_non_standard_json_numbers_inside_events(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    event = json.dumps(_good(seed))
    nan_mono = event.replace('"mono_ms": 60000', '"mono_ms": NaN')
    inf_source = event.replace('"source": "button"', '"source": Infinity')
    assert nan_mono != event and inf_source != event
    body = f'{{"boot_id": "boot-a", "sent_mono_ms": 1, "events": [{nan_mono}, {inf_source}]}}'
    response = client.post(
        URL, content=body, headers={**auth(seed.token), "Content-Type": "application/json"}
    )
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == ["rejected", "rejected"]
    assert event_count(engine) == 0
