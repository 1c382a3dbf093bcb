"""Drop-off and check events through a kiosk's push: taken only at a fridge; a drop-off's
photo held for moderation unless the fridge opted out (and then logged as the site's
setting); the photo reported missing until its bytes arrive."""

from __future__ import annotations

import httpx
from sqlalchemy import Engine, text
from sqlmodel import Session

from server.fridges import update_fridge
from server.models_fridge import Fridge
from server.services.holds import AUTO_APPROVER
from tests.server.conftest import Seed
from tests.server.factories import check, dropoff, push
from tests.server.helpers import stored_ids

FRIDGE_KIOSK = "harbour-1"
PHOTO = "ab" * 32


def _moderation(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT event_id, state, decided_by FROM moderation"))
        return {event_id: (state, by) for event_id, state, by in rows}


def test_a_fridge_kiosk_s_dropoffs_and_checks_are_taken(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    events = [
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=1),
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=2, items={"prepared": 1}, prepared_on="2025-06-20"),
        check(kiosk_id=FRIDGE_KIOSK, seq=3, done=["temperature_read"], celsius_read=4.5),
    ]
    body = push(client, seed.other_token, events).json()
    assert [r["status"] for r in body["results"]] == ["accepted"] * 3
    assert stored_ids(engine) == {event["id"] for event in events}
    # No photo, nothing to moderate: the counts are public at once.
    assert _moderation(engine) == {}
    assert body["missing_media"] == []


def test_a_park_kiosk_cannot_log_dropoffs_or_checks(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    events = [dropoff(kiosk_id="riverside-1"), check(kiosk_id="riverside-1", seq=2)]
    body = push(client, seed.token, events).json()
    assert [r["reason"] for r in body["results"]] == ["type: this kiosk's site is not a fridge"] * 2
    assert stored_ids(engine) == set()


def test_a_dropoff_payload_breaking_the_rules_is_refused_with_its_reason(
    client: httpx.Client, seed: Seed, fridge: Fridge
) -> None:
    wrong = [
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=1, items={}),
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=2, items={"produce": 10_000}),
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=3, items={"prepared": 2}),
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=4, best_before="1900-01-01"),
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=5, rules_confirmed=False),
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=6, allergens=["milk", "milk"]),
        dropoff(kiosk_id=FRIDGE_KIOSK, seq=7, items={"beer": 2}),
        check(kiosk_id=FRIDGE_KIOSK, seq=8, done=["shelves_wiped"], celsius_read=4.0),
    ]
    results = push(client, seed.other_token, wrong).json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * len(wrong)
    reasons = [r["reason"] for r in results]
    assert reasons[0].startswith("payload.items:")
    assert "200" in reasons[1]
    assert "prepared_on" in reasons[2]
    assert "2020" in reasons[3]
    assert "rules_confirmed" in reasons[4]
    assert "allergen" in reasons[5]
    assert "items.beer" in reasons[6]
    assert "temperature_read" in reasons[7]


def test_a_dropoff_photo_is_held_and_reported_missing(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    with_photo = dropoff(kiosk_id=FRIDGE_KIOSK, seq=1, photo=PHOTO)
    without = dropoff(kiosk_id=FRIDGE_KIOSK, seq=2)
    body = push(client, seed.other_token, [with_photo, without]).json()
    assert body["accepted"] == 2
    assert body["missing_media"] == [PHOTO]
    assert _moderation(engine) == {with_photo["id"]: ("held", None)}


def test_a_fridge_that_publishes_photos_approves_them_on_arrival_and_says_why(
    client: httpx.Client, engine: Engine, session: Session, seed: Seed, fridge: Fridge
) -> None:
    update_fridge(session=session, site_slug="harbour", moderate_photos=False)
    event = dropoff(kiosk_id=FRIDGE_KIOSK, photo=PHOTO)
    assert push(client, seed.other_token, [event]).json()["accepted"] == 1
    assert _moderation(engine) == {event["id"]: ("approved", AUTO_APPROVER)}
    with engine.connect() as connection:
        log = connection.execute(text("SELECT state, decided_by, reason FROM moderation_log"))
        assert [tuple(row) for row in log] == [
            ("approved", AUTO_APPROVER, "this site publishes these without moderation")
        ]


def test_a_replayed_dropoff_is_a_duplicate_with_one_hold(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    event = dropoff(kiosk_id=FRIDGE_KIOSK, photo=PHOTO)
    push(client, seed.other_token, [event])
    again = push(client, seed.other_token, [event]).json()
    assert [r["status"] for r in again["results"]] == ["duplicate"]
    assert len(_moderation(engine)) == 1
