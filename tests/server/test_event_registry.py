"""A new kind of event is one payload model, one hub module and two registrations.

The test-only `ping` type below goes through the same generic pipeline as every
built-in type; nothing in ingest knows about it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Literal

import httpx
import pytest
from pydantic import Field
from sqlalchemy import Engine
from sqlmodel import Session

from server.events import Derived, EventKind, register_kind, unregister_kind
from server.models import Kiosk
from storywall.protocol import (
    Event,
    Payload,
    event_models,
    register_event_type,
    unregister_event_type,
)
from tests.server.conftest import Seed
from tests.server.factories import push, reaction
from tests.server.helpers import stored_event, stored_ids


class PingPayload(Payload):
    """A test-only payload: a word, and a count the hub refuses above 3."""

    word: Annotated[str, Field(min_length=1, max_length=10)]
    count: int = 1


class PingEvent(Event):
    type: Literal["ping"]
    payload: PingPayload


class PingKind(EventKind):
    """Refuses a count over 3 (a database-free check) and derives `choice` from the word."""

    model = PingEvent

    def check(self, session: Session, kiosk: Kiosk, events: Sequence[Event]) -> list[str | None]:
        reasons: list[str | None] = []
        for event in events:
            assert isinstance(event, PingEvent)
            reasons.append("payload.count: too many pings" if event.payload.count > 3 else None)
        return reasons

    def derive(self, event: Event) -> Derived:
        assert isinstance(event, PingEvent)
        return Derived(choice=event.payload.word)


@pytest.fixture
def ping_type() -> Iterator[None]:
    register_event_type(PingEvent)
    register_kind(PingKind())
    try:
        yield
    finally:
        unregister_kind("ping")
        unregister_event_type("ping")


def _ping(seq: int, word: str = "hello", count: int = 1) -> dict[str, object]:
    event = reaction(kiosk_id="riverside-1", prompt_id=1, emoji="😀", seq=seq)
    event.update(type="ping", payload={"word": word, "count": count})
    return event


def test_a_type_added_through_the_registry_alone_is_accepted_end_to_end(
    client: httpx.Client, engine: Engine, seed: Seed, ping_type: None
) -> None:
    good, refused, malformed = _ping(1), _ping(2, count=7), _ping(3, word="x" * 40)
    body = push(client, seed.token, [good, refused, malformed]).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "rejected", "rejected"]
    assert body["results"][1]["reason"] == "payload.count: too many pings"
    assert body["results"][2]["reason"].startswith("payload.word:")
    assert stored_ids(engine) == {good["id"]}
    row = stored_event(engine, str(good["id"]))
    assert (row.type, row.payload, row.choice, row.prompt_id) == (
        "ping",
        {"word": "hello", "count": 1},
        "hello",
        None,
    )
    # Sent again, it is a duplicate like any other event.
    again = push(client, seed.token, [good]).json()
    assert again["results"][0]["status"] == "duplicate"


def test_an_unregistered_type_is_rejected_naming_the_known_ones(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    assert "ping" not in event_models()
    body = push(client, seed.token, [_ping(1)]).json()
    [result] = body["results"]
    assert result["status"] == "rejected"
    assert result["reason"].startswith("type: unknown event type 'ping'")
    assert "reaction" in result["reason"] and "heartbeat" in result["reason"]
    assert stored_ids(engine) == set()


def test_a_protocol_type_without_a_hub_kind_is_rejected(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    register_event_type(PingEvent)
    try:
        body = push(client, seed.token, [_ping(1)]).json()
    finally:
        unregister_event_type("ping")
    [result] = body["results"]
    assert result["status"] == "rejected"
    assert result["reason"] == "type: this hub does not take 'ping' events"
    assert stored_ids(engine) == set()


def test_a_type_name_cannot_be_taken_twice() -> None:
    class OtherReaction(Event):
        type: Literal["reaction"]
        payload: PingPayload

    with pytest.raises(ValueError, match="already registered"):
        register_event_type(OtherReaction)
