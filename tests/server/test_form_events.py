"""Events born on the hub's forms go through the same ingest as a kiosk's: stored as
the fridge's form kiosk, placed by the hub's clock, once per page (its event id)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from server import crud
from server.errors import InvalidInput, NotFound
from server.fridges import form_kiosk_id, make_fridge
from server.models_fridge import Fridge
from server.services.form_events import submit_form_event
from server.services.ingest import REASON_WRONG_KIOSK
from storywall.protocol import CheckPayload, DropoffPayload, ResultStatus
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, dropoff, push

PAYLOAD = DropoffPayload(via="form", items={"produce": 3}, rules_confirmed=True, nickname="Sam")


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT id, kiosk_id, type, placed_ms, placed_by FROM event ORDER BY seq")
            )
        ]


def test_a_form_dropoff_is_stored_as_the_form_kiosk_once(
    engine: Engine, session: Session, seed: Seed, fridge: Fridge
) -> None:
    event_id = uuid.uuid4()
    first = submit_form_event(
        session,
        fridge=fridge,
        event_id=event_id,
        type_name="dropoff",
        payload=PAYLOAD,
        now_ms=NOW_MS,
    )
    again = submit_form_event(
        session,
        fridge=fridge,
        event_id=event_id,
        type_name="dropoff",
        payload=PAYLOAD,
        now_ms=NOW_MS + 5_000,
    )
    assert (first.status, again.status) == (ResultStatus.ACCEPTED, ResultStatus.DUPLICATE)
    assert fridge.form_kiosk_id == form_kiosk_id(seed.other_site) == f"form-{seed.other_site.id}"
    assert _rows(engine) == [(str(event_id), fridge.form_kiosk_id, "dropoff", NOW_MS, "kiosk")]


def test_a_form_check_is_taken_and_its_payload_is_checked_again(
    engine: Engine, session: Session, seed: Seed, fridge: Fridge
) -> None:
    check = CheckPayload(via="form", done=["shelves_wiped", "temperature_read"], celsius_read=3.5)
    outcome = submit_form_event(
        session,
        fridge=fridge,
        event_id=uuid.uuid4(),
        type_name="check",
        payload=check,
        now_ms=NOW_MS,
    )
    assert outcome.status == ResultStatus.ACCEPTED
    assert [row[2] for row in _rows(engine)] == ["check"]


def test_no_kiosk_can_push_as_a_fridge_s_forms(
    client: httpx.Client, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    # The form kiosk's token is the hash of bytes nobody kept; a real kiosk's token
    # cannot post in its name either.
    event = dropoff(kiosk_id=fridge.form_kiosk_id)
    result = push(client, seed.other_token, [event]).json()["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", REASON_WRONG_KIOSK)
    assert _rows(engine) == []


def test_a_revoked_form_kiosk_closes_the_forms(
    session: Session, seed: Seed, fridge: Fridge
) -> None:
    crud.revoke_kiosk(session=session, kiosk_id=fridge.form_kiosk_id, revoked_ms=NOW_MS)
    with pytest.raises(NotFound, match="closed"):
        submit_form_event(
            session,
            fridge=fridge,
            event_id=uuid.uuid4(),
            type_name="dropoff",
            payload=PAYLOAD,
            now_ms=NOW_MS,
        )


def test_an_event_id_of_another_kiosk_is_refused_with_the_reason(
    session: Session, seed: Seed, fridge: Fridge
) -> None:
    other = make_fridge(session=session, site_slug="riverside")
    event_id = uuid.uuid4()
    submit_form_event(
        session,
        fridge=other,
        event_id=event_id,
        type_name="dropoff",
        payload=PAYLOAD,
        now_ms=NOW_MS,
    )
    with pytest.raises(InvalidInput, match="another kiosk"):
        submit_form_event(
            session,
            fridge=fridge,
            event_id=event_id,
            type_name="dropoff",
            payload=PAYLOAD,
            now_ms=NOW_MS,
        )
