"""The drop-off form's photo, through the hub's real photo pipeline: taken, named by
the event, held for moderation (or not, as the fridge says), refused with a message
by the field, and kept across a form refused for something else."""

from __future__ import annotations

import hashlib
import io

import httpx
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.core.config import Settings
from server.fridges import update_fridge
from server.models import APPROVED, HELD, Event, Moderation, Photo
from server.models_fridge import Fridge
from server.signing import sign
from server.web.dropoff_photo import DROP_FIELD, KEPT_FIELD
from tests.server.conftest import Seed
from tests.server.dropoff_helpers import (
    GOOD,
    error_of,
    field_value,
    hidden,
    open_form,
    send,
    sticker_path,
)


def _jpeg(colour: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _photo_part(data: bytes, name: str = "shelf.jpg") -> dict[str, tuple[str, bytes, str]]:
    return {"photo": (name, data, "image/jpeg")}


def _dropoffs(engine: Engine) -> list[Event]:
    with Session(engine) as session:
        return list(session.exec(select(Event).where(col(Event.type) == "dropoff")).all())


def _state(engine: Engine, event_id: str) -> str | None:
    with Session(engine) as session:
        row = session.get(Moderation, event_id)
        return row.state if row else None


def test_a_photo_is_taken_named_by_the_event_and_held(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    photo = _jpeg()
    answer = send(client, sticker_path(settings), GOOD, files=_photo_part(photo))
    assert answer.status_code == 200, answer.text
    assert "waits for a moderator" in answer.text
    [event] = _dropoffs(engine)
    assert event.payload["photo"] == hashlib.sha256(photo).hexdigest()
    assert _state(engine, event.id) == HELD
    with Session(engine) as session:
        kept = session.get(Photo, event.payload["photo"])
        assert kept is not None and kept.kiosk_id == fridge.form_kiosk_id
    # Held: not on the public address yet.
    assert client.get(f"/media/photos/{event.payload['photo']}/display.jpg").status_code == 404


def test_a_fridge_that_turned_moderation_off_shows_it_at_once(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine, session: Session
) -> None:
    update_fridge(session=session, site_slug="harbour", moderate_photos=False)
    answer = send(client, sticker_path(settings), GOOD, files=_photo_part(_jpeg()))
    assert answer.status_code == 200
    assert "shows drop-off photos at once" in answer.text
    [event] = _dropoffs(engine)
    assert _state(engine, event.id) == APPROVED
    display = client.get(f"/media/photos/{event.payload['photo']}/display.jpg")
    assert display.status_code == 200
    assert display.headers["content-type"] == "image/jpeg"


def test_an_unreadable_photo_is_refused_by_its_field_with_the_form_kept(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    for bad in (b"this is not a photo at all", _jpeg()[:400], b""):
        answer = send(client, sticker_path(settings), GOOD, files=_photo_part(bad or b"\0"))
        assert answer.status_code == 422, answer.text
        assert error_of(answer.text, "photo"), answer.text
        assert field_value(answer.text, "count_produce") == "6"
        assert field_value(answer.text, "nickname") == GOOD["nickname"]
        assert KEPT_FIELD not in answer.text
    assert _dropoffs(engine) == []


def test_a_photo_is_kept_across_a_form_refused_for_a_date(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    photo = _jpeg()
    hidden_fields = open_form(client, path)
    refused = send(
        client,
        path,
        {**GOOD, "best_before": "1900-01-01"},
        hidden_fields=hidden_fields,
        files=_photo_part(photo),
    )
    assert refused.status_code == 422
    assert "your photo too" in refused.text
    kept = hidden(refused.text, KEPT_FIELD)
    # Sent again with the date corrected and no file chosen: the same photo goes.
    answer = send(
        client,
        path,
        {**GOOD, KEPT_FIELD: kept},
        hidden_fields={**hidden_fields, "csrf_token": hidden(refused.text, "csrf_token")},
    )
    assert answer.status_code == 200, answer.text
    [event] = _dropoffs(engine)
    assert event.payload["photo"] == hashlib.sha256(photo).hexdigest()


def test_a_kept_photo_can_be_dropped(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    refused = send(client, path, {**GOOD, "count_bread": "x"}, files=_photo_part(_jpeg()))
    kept = hidden(refused.text, KEPT_FIELD)
    answer = send(client, path, {**GOOD, KEPT_FIELD: kept, DROP_FIELD: "1"})
    assert answer.status_code == 200
    [event] = _dropoffs(engine)
    assert "photo" not in event.payload


def test_a_kept_photo_field_for_another_fridge_or_forged_is_ignored(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine, seed: Seed
) -> None:
    path = sticker_path(settings)
    refused = send(client, path, {**GOOD, "count_bread": "x"}, files=_photo_part(_jpeg()))
    assert hidden(refused.text, KEPT_FIELD)  # the photo is held by the hub now
    sha = hashlib.sha256(_jpeg()).hexdigest()
    other_site = sign(settings.secret_key, "dropoff.photo", {"p": sha, "s": seed.site.id})
    for forged in (other_site, sha, "nonsense"):
        answer = send(client, path, {**GOOD, KEPT_FIELD: forged})
        assert answer.status_code == 200
    events = _dropoffs(engine)
    assert len(events) == 3
    assert all("photo" not in event.payload for event in events)
