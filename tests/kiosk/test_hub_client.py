"""HubClient against the real hub, and how it maps each kind of answer to an error."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from kiosk.clock import KioskClock
from kiosk.errors import AuthRejected, HubUnavailable, ProtocolError, SyncError
from kiosk.hub_client import HubClient, parse_retry_after
from kiosk.outbox import Outbox
from storywall.protocol.batch import ResultStatus
from tests.kiosk.conftest import KIOSK_ID
from tests.support.live_hub import LiveHub


@pytest.fixture
def client(hub: LiveHub, token: str) -> Iterator[HubClient]:
    with HubClient(hub.url + "/", token, timeout=5) as client:
        yield client


def test_push_answers_per_event(
    hub: LiveHub, client: HubClient, outbox: Outbox, kiosk_clock: KioskClock
) -> None:
    prompt_id = hub.set_prompt("How was the park today?")
    outbox.record("reaction", {"prompt_id": prompt_id, "emoji": "🌳"}, clock=kiosk_clock)
    outbox.record("heartbeat", {}, clock=kiosk_clock)
    batch = outbox.take_batch()
    answer = client.push(batch, boot_id=kiosk_clock.boot_id, sent_mono_ms=kiosk_clock.mono_ms())
    assert [r.status for r in answer.results] == [ResultStatus.ACCEPTED] * 2
    again = client.push(batch, boot_id=kiosk_clock.boot_id, sent_mono_ms=kiosk_clock.mono_ms())
    assert [r.status for r in again.results] == [ResultStatus.DUPLICATE] * 2
    assert [row.id for row in hub.events(KIOSK_ID)] == [str(event.id) for event in batch]


def test_pull_config_with_etag(hub: LiveHub, client: HubClient) -> None:
    config, etag = client.pull_config(None)
    assert config is not None and config.kiosk_id == KIOSK_ID and etag
    assert client.pull_config(etag) == (None, etag)
    hub.set_prompt("Changed?")
    config, new_etag = client.pull_config(etag)
    assert config is not None and config.prompt is not None and new_etag != etag


def test_an_unknown_token_is_auth_rejected(hub: LiveHub) -> None:
    with HubClient(hub.url, "sw_k_not-a-real-token") as client, pytest.raises(AuthRejected):
        client.pull_config(None)


def test_a_hub_that_is_not_there_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on that port now.
    client = HubClient(f"http://127.0.0.1:{port}", "sw_k_x", timeout=2)
    with client, pytest.raises(HubUnavailable) as caught:
        client.pull_config(None)
    assert caught.value.retry_after is None
    assert "sw_k_x" not in repr(client)


def test_a_path_that_is_not_the_hub_is_a_protocol_error(hub: LiveHub) -> None:
    with HubClient(hub.url + "/not-the-hub", "sw_k_x") as client, pytest.raises(ProtocolError):
        client.pull_config(None)


def _response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("POST", "http://hub.test/api/v1/events")
    return httpx.Response(status, headers=headers, text="nope", request=request)


@pytest.mark.parametrize(
    ("status", "headers", "error", "retry_after"),
    [
        (401, None, AuthRejected, None),
        (429, {"Retry-After": "12"}, HubUnavailable, 12.0),
        (503, {"Retry-After": "5"}, HubUnavailable, 5.0),
        (502, None, HubUnavailable, None),
        (413, None, ProtocolError, None),
        (422, None, ProtocolError, None),
        (404, None, ProtocolError, None),
    ],
)
def test_each_answer_maps_to_one_error(
    status: int,
    headers: dict[str, str] | None,
    error: type[SyncError],
    retry_after: float | None,
) -> None:
    mapped = HubClient._unexpected(_response(status, headers))
    assert type(mapped) is error
    assert str(status) in str(mapped)
    if isinstance(mapped, HubUnavailable):
        assert mapped.retry_after == retry_after


def test_retry_after_seconds_and_dates() -> None:
    now = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30
    assert parse_retry_after("-3") == 0
    assert parse_retry_after("Fri, 01 May 2026 09:01:00 GMT", now=now) == 60
    assert parse_retry_after("Fri, 01 May 2026 08:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after(" ") is None
