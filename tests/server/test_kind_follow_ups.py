"""A kind's follow-ups and per-event holds are its business, not the pipeline's: a
test-only `bell` type that decides each event's moderation state and writes a public
update in the push's transaction, with no change to ingest."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from server.events import EventKind, Stored, register_kind, unregister_kind
from server.models import APPROVED, HELD, Kiosk
from server.updates import record_update
from storywall.protocol import Event, Payload, register_event_type, unregister_event_type
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, push, reaction


class BellPayload(Payload):
    rings: int


class BellEvent(Event):
    type: Literal["bell"]
    payload: BellPayload


class BellKind(EventKind):
    """One ring arrives approved, two held, more not moderated; each push writes an update."""

    model = BellEvent
    decides_holds = True
    follows_up = True
    calls: list[list[Stored]] = []

    def arrival_states(
        self, session: Session, kiosk: Kiosk, events: Sequence[Event], now_ms: int
    ) -> list[str | None]:
        states = {1: APPROVED, 2: HELD}
        return [states.get(event.payload.rings) for event in events]  # type: ignore[attr-defined]

    def after_store(
        self, session: Session, kiosk: Kiosk, stored: Sequence[Stored], now_ms: int
    ) -> None:
        self.calls.append(list(stored))
        for item in stored:
            record_update(
                session,
                site_id=kiosk.site_id,
                kind="check",
                key=f"bell:{item.id}",
                occurred_ms=item.placed_ms or now_ms,
                now_ms=now_ms,
                title="rang",
            )


@pytest.fixture
def bell() -> Iterator[BellKind]:
    register_event_type(BellEvent)
    kind = BellKind()
    kind.calls = []
    register_kind(kind)
    try:
        yield kind
    finally:
        unregister_kind("bell")
        unregister_event_type("bell")


def _bell(seed: Seed, seq: int, rings: int) -> dict[str, object]:
    event = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=seq)
    event.update(type="bell", payload={"rings": rings})
    return event


def test_a_kind_decides_holds_and_follows_up_once_per_push(
    client: httpx.Client, engine: Engine, seed: Seed, bell: BellKind
) -> None:
    bells = [_bell(seed, 1, 1), _bell(seed, 2, 2), _bell(seed, 3, 3)]
    plain = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=4)
    assert push(client, seed.token, [*bells, plain]).json()["accepted"] == 4
    with engine.connect() as connection:
        states = dict(connection.execute(text("SELECT event_id, state FROM moderation")).all())
        updates = connection.execute(text("SELECT key FROM fridge_update ORDER BY key")).all()
    assert states == {bells[0]["id"]: "approved", bells[1]["id"]: "held"}
    assert [[item.id for item in call] for call in bell.calls] == [[b["id"] for b in bells]]
    assert all(item.placed_ms == NOW_MS for item in bell.calls[0])
    assert sorted(row[0] for row in updates) == sorted(f"bell:{b['id']}" for b in bells)


def test_a_replayed_push_follows_up_nothing(
    client: httpx.Client, engine: Engine, seed: Seed, bell: BellKind
) -> None:
    bells = [_bell(seed, 1, 3)]
    push(client, seed.token, bells)
    push(client, seed.token, bells)
    assert len(bell.calls) == 1


def test_a_follow_up_that_fails_stores_nothing_of_the_push(
    client: httpx.Client,
    engine: Engine,
    seed: Seed,
    bell: BellKind,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("follow-up failed")

    monkeypatch.setattr(bell, "after_store", broken)
    with pytest.raises(RuntimeError):
        push(client, seed.token, [_bell(seed, 1, 3)])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM event")).scalar_one() == 0
