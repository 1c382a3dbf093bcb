"""The hub's whole OpenAPI surface, fuzzed in-process by Schemathesis.

Every operation in /openapi.json is called with generated requests (valid and
invalid: Schemathesis' positive and negative modes, plus its coverage phase),
once with a valid kiosk Bearer token and once without, against `create_app` on a
fresh SQLite file. Each answer must:

- never be a 5xx (`not_a_server_error`);
- use a status code the schema documents (`status_code_conformance`);
- match its documented content type and body schema (`content_type_conformance`,
  `response_schema_conformance`).

Without a token, no kiosk operation may succeed or store anything.

A second, targeted Hypothesis test pushes batches of arbitrary JSON "events" (NUL,
emoji, lone surrogates, huge integers, floats, deep nesting) mixed with valid ones:
never a 5xx, and the hub stores exactly as many events as it answered `accepted`.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.case import Case

from storywall.protocol import API_PREFIX
from tests.fuzz.conftest import FuzzHub, event_count, make_hub, stored_ids

with warnings.catch_warnings():
    # Starlette suggests httpx2 for its test client; httpx is what the project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded so the whole module stays well under a minute on two cores.
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# Schemathesis parametrizes at import time, so the hub under test is built then, on a
# fresh database file of its own. (`schemathesis.pytest.from_fixture` would defer this
# to a fixture, but schemathesis 4.32 uses `Function._nodeid`, which pytest 9 removed.)
_DATA_DIR = Path(tempfile.mkdtemp(prefix="storywall-fuzz-"))
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)  # collected but never run
HUB = make_hub(_DATA_DIR)
# An explicit config: no schemathesis.toml from the working directory changes the run.
schema = schemathesis.openapi.from_asgi("/openapi.json", HUB.app, config=SchemathesisConfig())


@pytest.fixture(scope="module", autouse=True)
def _remove_the_hub() -> Iterator[None]:
    yield
    HUB.engine.dispose()
    shutil.rmtree(_DATA_DIR, ignore_errors=True)


def _is_kiosk_operation(case: Case) -> bool:
    # A provisioning link is its own credential (its code), not a kiosk's token.
    path = case.operation.path
    return path.startswith(API_PREFIX) and not path.startswith(f"{API_PREFIX}/provision/")


def test_the_schema_lists_every_route() -> None:
    """Nothing the hub serves escapes the fuzzing below (static files aside)."""
    published = {
        (method.upper(), path)
        for path, item in schema.raw_schema["paths"].items()
        for method in item
    }
    assert published == {
        ("POST", f"{API_PREFIX}/events"),
        ("GET", f"{API_PREFIX}/kiosk/config"),
        ("GET", f"{API_PREFIX}/kiosk/wall.png"),
        ("POST", f"{API_PREFIX}/kiosk/dropoff-link"),
        ("PUT", f"{API_PREFIX}/media/{{sha256}}"),
        ("GET", f"{API_PREFIX}/provision/{{code}}"),
        ("GET", "/media/{sha256}.png"),
        ("GET", "/media/photos/{sha256}/{size}.jpg"),
        ("GET", "/healthz"),
        ("GET", "/"),
        ("GET", "/wall.json"),
        ("GET", "/wall/events"),
        ("GET", "/emoji/{name}.png"),
        ("GET", "/poster/{slug}/{week}.png"),
        ("GET", "/poster/{slug}/{week}.pdf"),
        ("GET", "/poster/{slug}/{week}.json"),
        ("GET", "/rules"),
        ("GET", "/login"),
        ("POST", "/login"),
        ("GET", "/invite/{token}"),
        ("POST", "/invite/{token}"),
        ("GET", "/fridges"),
        ("GET", "/fridges.json"),
        ("GET", "/fridges/{slug}"),
        ("GET", "/fridges/{slug}.json"),
        ("GET", "/fridges/feed.atom"),
        ("GET", "/fridges/feed.json"),
        ("GET", "/fridges/{slug}/feed.atom"),
        ("GET", "/fridges/{slug}/feed.json"),
        ("GET", "/sites/{slug}/feed.atom"),
        ("GET", "/sites/{slug}/feed.json"),
        ("GET", "/fridges/{slug}/rota"),
        ("GET", "/rota/take/{token}"),
        ("POST", "/rota/take/{token}"),
        ("GET", "/rota/slot/{token}"),
        ("POST", "/rota/slot/{token}/release"),
        ("GET", "/c/{token}"),
        ("POST", "/c/{token}"),
        ("GET", "/d/{token}"),
        ("POST", "/d/{token}"),
    }


@schema.parametrize()
@FUZZ
def test_every_operation_with_a_kiosk_token(case: Case) -> None:
    before = event_count(HUB.engine)
    response = case.call(headers=HUB.auth)
    case.validate_response(response, checks=CHECKS)
    if response.status_code != 200:
        # "Anything but 200 means nothing was acknowledged": nor stored.
        assert event_count(HUB.engine) == before
    ids = stored_ids(HUB.engine)
    assert len(ids) == len(set(ids))


@schema.parametrize()
@FUZZ
def test_every_operation_without_a_token(case: Case) -> None:
    # Whatever Authorization header Schemathesis generated is dropped: no token at all.
    case.headers.pop("Authorization", None)
    before = event_count(HUB.engine)
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    if _is_kiosk_operation(case):
        # 401, or an earlier 4xx (wrong method, unreadable body, over the size limit).
        assert 400 <= response.status_code < 500, response.text
        assert "application/json" in response.headers.get("content-type", "")
        assert event_count(HUB.engine) == before


@schema.parametrize()
@FUZZ
def test_every_operation_with_a_bogus_token(case: Case) -> None:
    before = event_count(HUB.engine)
    response = case.call(headers={"Authorization": "Bearer sw_k_" + "A" * 43})
    case.validate_response(response, checks=CHECKS)
    if _is_kiosk_operation(case):
        assert 400 <= response.status_code < 500, response.text
        assert event_count(HUB.engine) == before


# -- arbitrary JSON pushed as events ------------------------------------------------

NASTY_TEXT = st.text(
    alphabet=st.characters(codec=None, categories=None),  # NUL, controls, lone surrogates
    max_size=24,
) | st.sampled_from(
    [
        "\x00",
        "😀",
        "😀\x00",
        "\ud800",
        "\udfff😀",
        "<script>alert(1)</script>",
        "'; DROP TABLE event; --",
        "{{7*7}}",
        "riverside-1",
        "heartbeat",
        "reaction",
    ]
)
HUGE_INTS = st.integers() | st.sampled_from([2**53, 2**63, -(2**63) - 1, 2**64, 10**400])
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | HUGE_INTS
    | st.floats(allow_nan=False, allow_infinity=False)
    | NASTY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NASTY_TEXT, inner, max_size=4),
    max_leaves=12,
)
ENVELOPE_FIELDS = [
    "v",
    "id",
    "kiosk_id",
    "boot_id",
    "seq",
    "mono_ms",
    "wall_time",
    "clock_synced",
    "type",
    "payload",
]


def _valid_event(hub: FuzzHub, seq: int, kind: str) -> dict[str, Any]:
    payload: dict[str, Any] = (
        {"prompt_id": hub.prompt_id, "emoji": "😀", "source": "touch"}
        if kind == "reaction"
        else {"outbox": {"pending": 1}, "software": "fuzz"}
    )
    return {
        "v": 1,
        "id": str(uuid.uuid4()),
        "kiosk_id": hub.kiosk_id,
        "boot_id": "fuzz-boot",
        "seq": seq,
        "mono_ms": 1000 * seq,
        "wall_time": datetime(2025, 6, 21, 12, tzinfo=UTC).isoformat(),
        "clock_synced": seq % 2 == 0,
        "type": kind,
        "payload": payload,
    }


@st.composite
def events(draw: st.DrawFn, hub: FuzzHub) -> Any:
    """A valid event, one with fields replaced by arbitrary JSON, or arbitrary JSON."""
    shape = draw(st.sampled_from(["valid", "mutated", "mutated", "payload", "raw"]))
    if shape == "raw":
        return draw(JSON_VALUES)
    event = _valid_event(
        hub, draw(st.integers(1, 10_000)), draw(st.sampled_from(["reaction", "heartbeat"]))
    )
    if shape == "mutated":
        for field, value in draw(
            st.lists(st.tuples(st.sampled_from(ENVELOPE_FIELDS), JSON_VALUES), max_size=3)
        ):
            event[field] = value
        for key, value in draw(st.dictionaries(NASTY_TEXT, JSON_VALUES, max_size=2)).items():
            event[key] = value
    elif shape == "payload":
        payload = dict(event["payload"])
        payload.update(
            draw(
                st.dictionaries(
                    NASTY_TEXT
                    | st.sampled_from(["prompt_id", "emoji", "source", "software", "outbox"]),
                    JSON_VALUES,
                    max_size=3,
                )
            )
        )
        event["payload"] = payload
    return event


def _bucket(count: int) -> str:
    return "2+" if count >= 2 else str(count)


@pytest.fixture(scope="module")
def client(fuzz_hub: FuzzHub) -> Iterator[TestClient]:
    with TestClient(fuzz_hub.app, raise_server_exceptions=False) as test_client:
        yield test_client


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_arbitrary_json_events_never_break_the_hub(
    client: TestClient, fuzz_hub: FuzzHub, data: st.DataObject
) -> None:
    batch = data.draw(st.lists(events(fuzz_hub), max_size=6), label="events")
    if batch and data.draw(st.booleans(), label="replay one"):
        batch.append(data.draw(st.sampled_from(batch), label="replayed"))
    # ensure_ascii escapes lone surrogates (\ud800) the way another JSON library would.
    body = json.dumps(
        {"protocol": 1, "boot_id": "fuzz-boot", "sent_mono_ms": 5000, "events": batch},
        ensure_ascii=data.draw(st.booleans(), label="ensure_ascii"),
    ).encode("utf-8", "surrogatepass")
    before = stored_ids(fuzz_hub.engine)

    response = client.post(
        f"{API_PREFIX}/events",
        content=body,
        headers={**fuzz_hub.auth, "Content-Type": "application/json"},
    )

    assert response.status_code < 500, response.text
    after = stored_ids(fuzz_hub.engine)
    assert len(after) == len(set(after)), "an event id is held twice"
    if response.status_code != 200:
        assert after == before
        return
    answer = response.json()
    event(f"accepted={_bucket(answer['accepted'])} rejected={_bucket(answer['rejected'])}")
    results = answer["results"]
    assert [result["index"] for result in results] == list(range(len(batch)))
    statuses = [result["status"] for result in results]
    assert answer["accepted"] == statuses.count("accepted")
    assert answer["duplicate"] == statuses.count("duplicate")
    assert answer["rejected"] == statuses.count("rejected")
    assert len(after) - len(before) == answer["accepted"]
    new = set(after) - set(before)
    assert new == {r["id"] for r in results if r["status"] == "accepted"}
    for result, sent in zip(results, batch, strict=True):
        if result["status"] == "rejected":
            assert result["reason"], result
        else:
            assert isinstance(sent, dict)
            assert result["id"] == str(uuid.UUID(str(sent["id"])))
