"""Drop-offs and checks become public updates (docs/fridges.md, "Updates and feeds"):
once each, in the fridge's timezone, a status update when the fridge's state changed,
history rather than news when told late, and never a volunteer's nickname."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, col, select

from server.models_fridge import Fridge
from server.models_updates import FridgeUpdate
from server.services.form_events import submit_form_event
from storywall.protocol.check import CheckPayload
from storywall.protocol.dropoff import DropoffPayload
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, push
from tests.server.fridge_builders import NICKNAME, check, dropoff

MINUTE = 60_000
HOUR = 60 * MINUTE
SHA = "ab" * 32


def _updates(engine: Engine, kind: str | None = None) -> list[FridgeUpdate]:
    with Session(engine) as session:
        statement = select(FridgeUpdate).order_by(
            col(FridgeUpdate.occurred_ms), col(FridgeUpdate.id)
        )
        if kind is not None:
            statement = statement.where(col(FridgeUpdate.kind) == kind)
        return list(session.exec(statement).all())


def _accepted(response: httpx.Response, count: int) -> None:
    assert response.status_code == 200, response.text
    assert response.json()["accepted"] == count, response.json()


def _no_nickname(updates: list[FridgeUpdate]) -> None:
    for update in updates:
        assert NICKNAME not in update.title and NICKNAME not in update.body


def test_a_kiosk_dropoff_is_one_update_however_often_it_is_pushed(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    sent = dropoff(
        seq=1,
        items={"produce": 6, "bread": 2, "prepared": 1},
        prepared_on="2025-06-20",
        best_before="2025-06-24",
        allergens=["milk", "tree_nuts"],
        photo=SHA,
    )
    _accepted(push(client, seed.other_token, [sent]), 1)
    again = push(client, seed.other_token, [sent]).json()
    assert again["duplicate"] == 1

    (update,) = _updates(engine)
    # 12:00 UTC is 08:00 in New York (summer time).
    assert update.title == "Harbour Fridge restocked: 6 produce, 2 bread, 1 prepared meals · 08:00"
    assert update.body == (
        "Brought: 6 produce, 2 bread, 1 prepared meals. Contains: milk, tree nuts. "
        "Prepared food made on 2025-06-20. Best before 2025-06-24."
    )
    assert (update.kind, update.key, update.event_id) == (
        "dropoff",
        f"dropoff:{sent['id']}",
        sent["id"],
    )
    assert (update.photo, update.news, update.occurred_ms, update.created_ms) == (
        SHA,
        True,
        NOW_MS,
        NOW_MS,
    )
    assert update.site_id == seed.other_site.id
    _no_nickname([update])


def test_a_form_dropoff_is_one_update_and_a_second_post_adds_none(
    engine: Engine, session: Session, fridge: Fridge
) -> None:
    payload = DropoffPayload.model_validate(
        {"via": "form", "items": {"dairy": 3}, "rules_confirmed": True, "nickname": NICKNAME}
    )
    event_id = uuid.uuid4()
    when = NOW_MS + 5 * MINUTE
    for _ in range(2):
        submit_form_event(
            session,
            fridge=fridge,
            event_id=event_id,
            type_name="dropoff",
            payload=payload,
            now_ms=when,
        )
    (update,) = _updates(engine)
    assert update.title == "Harbour Fridge restocked: 3 dairy and eggs · 08:05"
    assert (update.key, update.occurred_ms, update.news, update.photo) == (
        f"dropoff:{event_id}",
        when,
        True,
        None,
    )
    _no_nickname([update])


def test_checks_are_updates_that_say_what_was_done(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge, session: Session
) -> None:
    _accepted(push(client, seed.other_token, [check(seq=1, celsius_read=3.5)]), 1)
    payload = CheckPayload.model_validate(
        {"via": "form", "done": ["out_of_date_removed"], "nickname": NICKNAME}
    )
    submit_form_event(
        session,
        fridge=fridge,
        event_id=uuid.uuid4(),
        type_name="check",
        payload=payload,
        now_ms=NOW_MS + 2 * HOUR + 12 * MINUTE,
    )
    cleaned, checked = _updates(engine, "check")
    assert cleaned.title == "Harbour Fridge cleaned and checked · 08:00"
    assert cleaned.body == "Done: shelves wiped, temperature read. The thermometer showed 3.5 °C."
    assert checked.title == "Harbour Fridge checked · 10:12"
    assert checked.body == "Done: out-of-date food removed."
    assert _updates(engine, "status") == []
    _no_nickname(_updates(engine))


def _statuses(engine: Engine) -> list[tuple[str, int, bool]]:
    return [(u.title, u.occurred_ms, u.news) for u in _updates(engine, "status")]


def test_a_report_that_changes_level_or_condition_is_a_status_update(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    token = seed.other_token
    t = NOW_MS - 50 * MINUTE
    _accepted(push(client, token, [dropoff(seq=1, wall_ms=t, level=3)]), 1)
    # The same level again is no change; a check that finds it dirty is.
    _accepted(push(client, token, [dropoff(seq=2, wall_ms=t + MINUTE, level=3)]), 1)
    _accepted(push(client, token, [check(seq=3, wall_ms=t + 2 * MINUTE, condition="dirty")]), 1)
    # One push: the first report lowers the level, the second repeats it and adds "good".
    pair = [
        dropoff(seq=4, wall_ms=t + 3 * MINUTE, level=1),
        check(seq=5, wall_ms=t + 4 * MINUTE, level=1, condition="good"),
    ]
    _accepted(push(client, token, pair), 2)
    assert _statuses(engine) == [
        ("Harbour Fridge is now full", t, True),
        ("Harbour Fridge needs cleaning", t + 2 * MINUTE, True),
        ("Harbour Fridge now has a few items", t + 3 * MINUTE, True),
        ("Harbour Fridge is in good condition", t + 4 * MINUTE, True),
    ]
    # Replayed: nothing new.
    push(client, token, pair)
    assert len(_statuses(engine)) == 4
    _no_nickname(_updates(engine))


def test_a_late_report_is_compared_with_the_one_before_it_in_time(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    token = seed.other_token
    _accepted(push(client, token, [dropoff(seq=10, wall_ms=NOW_MS - 10 * MINUTE, level=2)]), 1)
    # Two reports from three hours ago arrive now: both history; the second is no change.
    late = [
        dropoff(seq=1, wall_ms=NOW_MS - 3 * HOUR, level=0),
        check(seq=2, wall_ms=NOW_MS - 3 * HOUR + MINUTE, level=0),
    ]
    _accepted(push(client, token, late), 2)
    assert _statuses(engine) == [
        ("Harbour Fridge is now empty", NOW_MS - 3 * HOUR, False),
        ("Harbour Fridge now has many items", NOW_MS - 10 * MINUTE, True),
    ]


@pytest.mark.parametrize(
    ("placed_before_ms", "news"),
    [(0, True), (30 * MINUTE, True), (HOUR, True), (HOUR + 1000, False), (3 * HOUR, False)],
)
def test_an_event_placed_over_an_hour_before_it_arrived_is_history(
    client: httpx.Client,
    engine: Engine,
    seed: Seed,
    fridge: Fridge,
    placed_before_ms: int,
    news: bool,
) -> None:
    placed = NOW_MS - placed_before_ms
    _accepted(push(client, seed.other_token, [dropoff(seq=1, wall_ms=placed)]), 1)
    (update,) = _updates(engine)
    assert (update.occurred_ms, update.created_ms, update.news) == (placed, NOW_MS, news)


def test_an_undated_dropoff_is_history_without_a_time(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    sent = dropoff(seq=1, level=2)
    # A kiosk whose clock never synchronised, in a boot the hub cannot place.
    sent["clock_synced"] = False
    _accepted(push(client, seed.other_token, [sent], boot_id="boot-b"), 1)
    updates = _updates(engine)
    assert [u.kind for u in updates] == ["dropoff"]
    (update,) = updates
    assert update.title == "Harbour Fridge restocked: 6 produce, 2 bread"
    assert (update.occurred_ms, update.news) == (NOW_MS, False)


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs while the test watches."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def test_a_push_costs_the_same_queries_for_one_report_or_forty(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge, statements: list[str]
) -> None:
    token = seed.other_token
    _accepted(push(client, token, [dropoff(seq=1, wall_ms=NOW_MS - HOUR, level=1)]), 1)
    statements.clear()
    _accepted(push(client, token, [dropoff(seq=2, wall_ms=NOW_MS - 50 * MINUTE, level=2)]), 1)
    one = len(statements)
    statements.clear()
    many = [
        dropoff(seq=3 + n, wall_ms=NOW_MS - 40 * MINUTE + n * MINUTE, level=n % 4, condition="good")
        for n in range(40)
    ]
    _accepted(push(client, token, many), 40)
    assert len(statements) == one
    # Every level change in the forty is told (0, 1, 2, 3, 0, ...; the first is 0 after 2).
    assert len(_updates(engine, "status")) == 2 + 40


def test_a_full_batch_of_reports_writes_every_update(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    # 500 drop-offs, each changing the level: 1,000 updates, more than one insert holds.
    batch = [
        dropoff(seq=n + 1, wall_ms=NOW_MS - 50 * MINUTE + n * 100, level=n % 2) for n in range(500)
    ]
    _accepted(push(client, seed.other_token, batch), 500)
    assert len(_updates(engine, "dropoff")) == 500
    assert len(_updates(engine, "status")) == 500
