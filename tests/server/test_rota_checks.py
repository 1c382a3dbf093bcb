"""Checks and the rota: the check form (CSRF, rate limit, bad input kept), a check that
fulfils its slot by the slot's link or by a kiosk's push, and a missed slot flagged
once by the rota job and cleared by a later check. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.core.config import Settings
from server.jobs import run_due_jobs
from server.models import Event
from server.models_fridge import Fridge
from server.models_updates import Alert
from server.services import rota
from server.services.rota_checks import alert_key
from server.services.rota_links import check_token
from server.web.rota_common import POSTS_PER_WINDOW
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, push
from tests.server.rota_support import (
    HOUR_MS,
    TODAY_10,
    daily_at_ten,
    hidden,
    kiosk_check,
    slots,
    sticker_check_path,
    take,
    take_path,
)

MINUTE_MS = 60_000


def _form(client: httpx.Client, path: str, **fields: object) -> httpx.Response:
    page = client.get(path)
    assert page.status_code == 200, page.text
    data = {
        "csrf_token": hidden(page.text, "csrf_token"),
        "event_id": hidden(page.text, "event_id"),
    }
    return client.post(path, data={**data, **fields})


def _alerts(engine: Engine) -> list[Alert]:
    with Session(engine) as session:
        return list(session.exec(select(Alert).order_by(col(Alert.id))).all())


def _checks(engine: Engine) -> list[Event]:
    with Session(engine) as session:
        return list(session.exec(select(Event).where(col(Event.type) == "check")).all())


def test_the_slot_link_check_fulfils_the_slot(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge, clock: FakeClock,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    slot_id = slots(engine, fridge.site_id)[0].id
    assert slot_id is not None
    taken = take(client, take_path(settings, fridge.site_id), slot_id, "Sam")
    clock.now_ms = TODAY_10 + 10 * MINUTE_MS
    path = f"/c/{check_token(settings.secret_key, site_id=fridge.site_id, slot_id=slot_id)}"
    assert "Sat 21 Jun, 10:00" in client.get(path).text
    done = _form(
        client, path, done=["shelves_wiped", "temperature_read"], celsius="4,5", level="2",
        condition="good", nickname="Sam",
    )  # fmt: skip
    assert done.status_code == 200, done.text
    assert "Check logged at 10:10" in done.text
    assert "Your rota slot is marked as done" in done.text
    (event,) = _checks(engine)
    assert event.kiosk_id == fridge.form_kiosk_id
    assert event.payload["via"] == "form"
    assert event.payload["slot_id"] == slot_id
    assert event.payload["celsius_read"] == 4.5
    assert event.payload["done"] == ["shelves_wiped", "temperature_read"]
    slot = slots(engine, fridge.site_id)[0]
    assert (slot.done_event_id, slot.done_ms) == (event.id, clock.now_ms)
    assert "Checked" in client.get("/fridges/harbour/rota").text
    own = client.get(taken.headers["location"])
    assert "checked, thank you" in own.text
    # Nothing is missed once the grace has passed.
    clock.now_ms = TODAY_10 + 3 * HOUR_MS
    assert "rota" in run_due_jobs(engine, settings, clock.now_ms, "test", only={"rota"})
    assert _alerts(engine) == []


def test_the_sticker_form_keeps_bad_input_and_refuses_without_csrf(
    client: httpx.Client, engine: Engine, settings: Settings, fridge: Fridge
) -> None:
    path = sticker_check_path(settings, fridge.site_id)
    page = client.get(path)
    event_id = hidden(page.text, "event_id")
    uuid.UUID(event_id)
    data = {"csrf_token": hidden(page.text, "csrf_token"), "event_id": event_id}
    nothing = client.post(path, data={**data, "celsius": "4", "nickname": "Jo <i>"})
    assert nothing.status_code == 422
    assert "Tick at least one" in nothing.text
    assert 'value="Jo &lt;i&gt;"' in nothing.text and 'value="4"' in nothing.text
    assert hidden(nothing.text, "event_id") == event_id
    hot = client.post(path, data={**data, "done": ["temperature_read"], "celsius": "400"})
    assert hot.status_code == 422 and "between -30 and 40" in hot.text
    assert 'value="temperature_read" checked' in hot.text
    words = client.post(path, data={**data, "done": ["temperature_read"], "celsius": "cold"})
    assert words.status_code == 422 and "Type the number" in words.text
    for bad in ("nan", "inf", "4" * 5000):
        odd = client.post(path, data={**data, "done": ["temperature_read"], "celsius": bad})
        assert odd.status_code == 422 and "Type the number" in odd.text
    long_name = client.post(path, data={**data, "done": ["shelves_wiped"], "nickname": "n" * 300})
    assert long_name.status_code == 422 and "At most 40 characters" in long_name.text
    assert 'value="' + "n" * 300 + '"' in long_name.text
    level = client.post(path, data={**data, "done": ["shelves_wiped"], "level": "9"})
    assert level.status_code == 422 and "how full" in level.text
    no_csrf = client.post(path, data={"event_id": event_id, "done": ["shelves_wiped"]})
    assert no_csrf.status_code == 422
    assert _checks(engine) == []
    # The same page sent twice (a double tap) is stored once.
    ok = {**data, "done": ["shelves_wiped"]}
    assert client.post(path, data=ok).status_code == 200
    assert client.post(path, data=ok).status_code == 200
    assert len(_checks(engine)) == 1


def test_the_check_form_is_rate_limited(
    client: httpx.Client, engine: Engine, settings: Settings, fridge: Fridge
) -> None:
    path = sticker_check_path(settings, fridge.site_id)
    page = client.get(path)
    data = {
        "csrf_token": hidden(page.text, "csrf_token"),
        "event_id": hidden(page.text, "event_id"),
    }
    codes = [client.post(path, data=data).status_code for _ in range(POSTS_PER_WINDOW + 1)]
    assert codes == [422] * POSTS_PER_WINDOW + [429]
    assert client.post(path, data={**data, "done": ["shelves_wiped"]}).status_code == 429
    assert _checks(engine) == []


def test_a_kiosk_check_in_the_window_fulfils_the_slot(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge, clock: FakeClock,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    # An hour early: inside the window (from two hours before).
    event = kiosk_check(seq=1, wall_ms=TODAY_10 - HOUR_MS)
    clock.now_ms = TODAY_10 - HOUR_MS + MINUTE_MS
    answer = push(client, seed.other_token, [event]).json()
    assert answer["accepted"] == 1, answer
    assert "rota" in run_due_jobs(engine, settings, clock.now_ms, "test", only={"rota"})
    first, second = slots(engine, fridge.site_id)[:2]
    assert (first.done_event_id, first.done_ms) == (event["id"], TODAY_10 - HOUR_MS)
    assert second.done_event_id is None
    # A kiosk check naming tomorrow's slot fulfils that one, whenever it is made.
    named = kiosk_check(seq=2, wall_ms=clock.now_ms, slot_id=second.id)
    push(client, seed.other_token, [named])
    run_due_jobs(engine, settings, clock.now_ms + MINUTE_MS, "test", only={"rota"})
    assert slots(engine, fridge.site_id)[1].done_event_id == named["id"]


def test_a_missed_slot_is_flagged_once_and_a_later_check_clears_it(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge, clock: FakeClock,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    slot_id = slots(engine, fridge.site_id)[0].id
    assert slot_id is not None
    take(client, take_path(settings, fridge.site_id), slot_id, "Sam")
    # A check far outside the window fulfils nothing.
    push(client, seed.other_token, [kiosk_check(seq=1, wall_ms=NOW_MS - 5 * HOUR_MS)])
    # Not yet: within the grace.
    clock.now_ms = TODAY_10 + rota.MISSED_AFTER_MS - MINUTE_MS
    run_due_jobs(engine, settings, clock.now_ms, "test", only={"rota"})
    assert _alerts(engine) == []
    clock.now_ms = TODAY_10 + rota.MISSED_AFTER_MS + MINUTE_MS
    assert "rota" in run_due_jobs(engine, settings, clock.now_ms, "test", only={"rota"})
    (alert,) = _alerts(engine)
    assert (alert.kind, alert.key, alert.site_id) == (
        "missed_slot",
        alert_key(slot_id),
        fridge.site_id,
    )
    assert alert.raised_ms == clock.now_ms and alert.cleared_ms is None
    # Organisers are told who had taken it; 10:00 is the fridge's local time.
    assert "10:00" in alert.message and "Sam" in alert.message
    assert slots(engine, fridge.site_id)[0].missed_ms == clock.now_ms
    flagged_at = clock.now_ms
    for minutes in range(2, 6):
        run_due_jobs(engine, settings, flagged_at + minutes * MINUTE_MS, "test", only={"rota"})
    assert len(_alerts(engine)) == 1
    summary = rota.rota_summary(session, fridge.site_id, flagged_at)
    assert summary.last_missed_ms == TODAY_10
    public = client.get("/fridges/harbour/rota").text
    assert public.count(">Not checked<") == 1 and "Sam" not in public
    # A check at the fridge later that day clears the flag; the slot stays missed.
    clock.now_ms = flagged_at + HOUR_MS
    path = sticker_check_path(settings, fridge.site_id)
    assert _form(client, path, done=["shelves_wiped"]).status_code == 200
    run_due_jobs(engine, settings, clock.now_ms + MINUTE_MS, "test", only={"rota"})
    (cleared,) = _alerts(engine)
    assert cleared.cleared_ms is not None
    first = slots(engine, fridge.site_id)[0]
    assert (first.done_ms, first.missed_ms, first.cleared_ms) == (None, flagged_at, clock.now_ms)


def test_a_late_kiosk_check_placed_in_the_window_fulfils_a_flagged_slot(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge, clock: FakeClock,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    clock.now_ms = TODAY_10 + 3 * HOUR_MS
    run_due_jobs(engine, settings, clock.now_ms, "test", only={"rota"})
    assert len(_alerts(engine)) == 1
    # The kiosk was offline: its check, made at 10:05, arrives a day later.
    clock.now_ms = TODAY_10 + 24 * HOUR_MS
    late = kiosk_check(seq=1, wall_ms=TODAY_10 + 5 * MINUTE_MS)
    push(client, seed.other_token, [late])
    run_due_jobs(engine, settings, clock.now_ms, "test", only={"rota"})
    first = slots(engine, fridge.site_id)[0]
    assert (first.done_event_id, first.done_ms) == (late["id"], TODAY_10 + 5 * MINUTE_MS)
    assert _alerts(engine)[0].cleared_ms == clock.now_ms
    assert rota.rota_summary(session, fridge.site_id, clock.now_ms).last_missed_ms is None


def test_the_summary_names_the_next_slot_and_the_open_ones(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge,
) -> None:  # fmt: skip
    assert rota.rota_summary(session, fridge.site_id, NOW_MS).next_slot is None
    daily_at_ten(session, seed.other_site)
    first = slots(engine, fridge.site_id)[0].id
    assert first is not None
    take(client, take_path(settings, fridge.site_id), first, "Sam")
    summary = rota.rota_summary(session, fridge.site_id, NOW_MS)
    assert summary.next_slot is not None
    assert (summary.next_slot.id, summary.next_slot.state) == (first, "taken")
    assert (summary.next_slot.local_day, summary.next_slot.local_time) == ("Sat 21 Jun", "10:00")
    assert summary.open_slots == rota.ROTA_DAYS_AHEAD
    assert summary.last_missed_ms is None
    assert "Sam" not in summary.model_dump_json()
