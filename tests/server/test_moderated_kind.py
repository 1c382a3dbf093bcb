"""Holding and media are the kind's business, not the pipeline's: a test-only `card`
type that says `moderated` and names media is held and asked for, with no change to
ingest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from server.events import EventKind, register_kind, unregister_kind
from server.models import Moderation
from storywall.protocol import Event, Payload, register_event_type, unregister_event_type
from storywall.protocol.media import sha256_hex
from tests.server.conftest import Seed
from tests.server.factories import push, reaction


class CardPayload(Payload):
    word: str


class CardEvent(Event):
    type: Literal["card"]
    payload: CardPayload


class CardKind(EventKind):
    """Held for moderation; names the media `sha256(word)`."""

    model = CardEvent
    moderated = True
    has_media = True

    def media_refs(self, event: Event) -> list[str]:
        assert isinstance(event, CardEvent)
        return [sha256_hex(event.payload.word.encode())]


@pytest.fixture
def card_type() -> Iterator[None]:
    register_event_type(CardEvent)
    register_kind(CardKind())
    try:
        yield
    finally:
        unregister_kind("card")
        unregister_event_type("card")


def test_a_moderated_kind_with_media_is_held_and_its_media_asked_for(
    client: httpx.Client, engine: Engine, seed: Seed, card_type: None
) -> None:
    card = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=1)
    card.update(type="card", payload={"word": "hello"})
    plain = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=2)
    answer = push(client, seed.token, [card, plain]).json()
    assert answer["accepted"] == 2
    assert answer["missing_media"] == [sha256_hex(b"hello")]
    with Session(engine) as session:
        held = session.exec(select(Moderation)).all()
    # The card is held; the reaction (not a moderated kind) is not.
    assert [(row.event_id, row.state) for row in held] == [(card["id"], "held")]
