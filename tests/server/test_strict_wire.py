"""The wire is strict: values are checked, never coerced (docs/protocol.md, "Strict")."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from tests.server.conftest import Seed
from tests.server.factories import auth, push, reaction
from tests.server.helpers import event_count

URL = "/api/v1/events"


def _good(seed: Seed) -> dict[str, Any]:
    return reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀")


@pytest.mark.parametrize(
    ("field", "value", "reason_starts"),
    [
        ("seq", True, "seq:"),
        ("seq", "7", "seq:"),
        ("mono_ms", "60000", "mono_ms:"),
        ("clock_synced", "yes", "clock_synced:"),
        ("clock_synced", 1, "clock_synced:"),
        ("wall_time", 1_750_507_200, "wall_time:"),
        ("wall_time", 1_750_507_200.5, "wall_time:"),
        ("v", "1", "v:"),
        ("v", True, "v:"),
        ("prompt_id", "1", "payload.prompt_id:"),
        ("prompt_id", 1.0, "payload.prompt_id:"),
        ("emoji", 5, "payload.emoji:"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_rejected_not_coerced(
    client: httpx.Client, engine: Engine, seed: Seed, field: str, value: Any, reason_starts: str
) -> None:
    event = _good(seed)
    if field in ("prompt_id", "emoji"):
        event["payload"][field] = value
    else:
        event[field] = value
    [result] = push(client, seed.token, [event]).json()["results"]
    assert result["status"] == "rejected", result
    assert result["reason"].startswith(reason_starts), result["reason"]
    assert event_count(engine) == 0


def test_an_event_without_a_version_is_rejected(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    event = _good(seed)
    del event["v"]
    [result] = push(client, seed.token, [event]).json()["results"]
    assert (result["status"], result["reason"]) == ("rejected", "v: Field required")
    assert event_count(engine) == 0


@pytest.mark.parametrize(
    ("field", "value"), [("sent_mono_ms", "5"), ("sent_mono_ms", True), ("protocol", "1")]
)
def test_the_envelope_is_strict_too(
    client: httpx.Client, engine: Engine, seed: Seed, field: str, value: Any
) -> None:
    envelope: dict[str, Any] = {"boot_id": "boot-a", "sent_mono_ms": 5, "events": [_good(seed)]}
    envelope[field] = value
    response = client.post(URL, json=envelope, headers=auth(seed.token))
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert event_count(engine) == 0


def _post(client: httpx.Client, seed: Seed, body: bytes) -> httpx.Response:
    headers = {**auth(seed.token), "Content-Type": "application/json"}
    return client.post(URL, content=body, headers=headers)


def _body(seed: Seed) -> str:
    return json.dumps({"boot_id": "boot-a", "sent_mono_ms": 5, "events": [_good(seed)]})


def test_a_utf16_body_is_400_and_stores_nothing(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    response = _post(client, seed, _body(seed).encode("utf-16"))
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["detail"]
    assert event_count(engine) == 0


def test_a_byte_order_mark_is_400(client: httpx.Client, engine: Engine, seed: Seed) -> None:
    response = _post(client, seed, b"\xef\xbb\xbf" + _body(seed).encode())
    assert response.status_code == 400
    assert "byte-order mark" in response.json()["detail"]
    assert event_count(engine) == 0


@pytest.mark.parametrize("body", [b"this is not json", b"", b'{"boot_id": "b",'])
def test_unparseable_json_is_400(
    client: httpx.Client, engine: Engine, seed: Seed, body: bytes
) -> None:
    response = _post(client, seed, body)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("the body is not JSON")
    assert event_count(engine) == 0


def test_the_token_is_checked_before_the_body(client: httpx.Client, seed: Seed) -> None:
    response = client.post(
        URL, content=b"not json at all", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "missing bearer token"}
