"""The caretaker rota through the hub: slots made from a check time, a slot taken through
the organisers' signed link (CSRF, a nickname never shown in public), given back, and
links that are forged or expired refused. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from server.core.config import Settings
from server.models_fridge import Fridge
from server.services import rota
from server.services.rota_links import take_token
from server.web.rota_common import POSTS_PER_WINDOW
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS
from tests.server.rota_support import (
    DAY_MS,
    HOUR_MS,
    TODAY_10,
    daily_at_ten,
    hidden,
    slots,
    take,
    take_path,
)


def test_a_daily_check_time_makes_a_slot_a_day_at_local_ten(
    session: Session, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    made = daily_at_ten(session, seed.other_site)
    assert made == rota.ROTA_DAYS_AHEAD + 1
    due = [slot.due_ms for slot in slots(engine, fridge.site_id)]
    # 10:00 in New York (EDT, UTC-4) is 14:00 UTC, every day from today.
    assert due == [TODAY_10 + n * DAY_MS for n in range(rota.ROTA_DAYS_AHEAD + 1)]
    # Expanding again makes nothing new.
    assert rota.expand_slots(session, site=seed.other_site, now_ms=NOW_MS + HOUR_MS) == 0
    weekdays = rota.add_schedule(
        session, site=seed.other_site, at="18:30", days="sat,Sunday", now_ms=NOW_MS
    )[0]
    assert weekdays.days == "sat,sun"


def test_the_public_rota_page_shows_open_and_taken_never_the_nickname(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    first = slots(engine, fridge.site_id)[0]
    assert first.id is not None
    answer = take(client, take_path(settings, fridge.site_id), first.id, "Ada <b>Lovelace</b>")
    assert answer.status_code == 303
    page = client.get("/fridges/harbour/rota")
    assert page.status_code == 200
    assert "Ada" not in page.text and "Lovelace" not in page.text
    assert page.text.count(">Taken<") == 1
    assert page.text.count(">Open<") == rota.ROTA_DAYS_AHEAD
    assert "Sat 21 Jun" in page.text and "10:00" in page.text
    # The organisers (the database) know who is coming.
    assert slots(engine, fridge.site_id)[0].nickname == "Ada <b>Lovelace</b>"
    assert client.get("/fridges/riverside/rota").status_code == 404
    assert client.get("/fridges/nowhere/rota").status_code == 404


def test_taking_a_slot_gives_a_personal_link_and_giving_it_back_reopens_it(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    slot_id = slots(engine, fridge.site_id)[1].id
    assert slot_id is not None
    path = take_path(settings, fridge.site_id)
    answer = take(client, path, slot_id, "  Sam  ")
    assert answer.status_code == 303
    personal = answer.headers["location"].split("?")[0]
    assert personal.startswith("/rota/slot/")
    page = client.get(answer.headers["location"])
    assert page.status_code == 200
    assert "Sun 22 Jun, 10:00" in page.text
    assert "the slot is yours" in page.text
    check_link = re.search(r'href="(/c/[^"]+)"', page.text)
    assert check_link is not None
    assert client.get(check_link.group(1)).status_code == 200
    held = slots(engine, fridge.site_id)[1]
    assert (held.nickname, held.taken_ms) == ("Sam", NOW_MS)
    # Someone else cannot take it now.
    assert take(client, path, slot_id, "Bo").status_code == 409
    # Giving it back: CSRF first.
    refused = client.post(personal + "/release", data={"csrf_token": "forged"})
    assert refused.status_code == 422
    assert slots(engine, fridge.site_id)[1].nickname == "Sam"
    released = client.post(
        personal + "/release", data={"csrf_token": hidden(page.text, "csrf_token")}
    )
    assert released.status_code == 200
    assert "open again" in released.text
    again = slots(engine, fridge.site_id)[1]
    assert (again.nickname, again.claim, again.taken_ms) == (None, None, None)
    # The old personal link opens nothing, and the slot can be taken again.
    assert client.get(personal).status_code == 404
    assert take(client, path, slot_id, "Bo").status_code == 303
    assert slots(engine, fridge.site_id)[1].nickname == "Bo"


def test_forged_expired_and_cross_purpose_links_are_refused(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge, clock: FakeClock,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    slot_id = slots(engine, fridge.site_id)[0].id
    assert slot_id is not None
    good = take_path(settings, fridge.site_id, until_ms=NOW_MS + DAY_MS)
    assert client.get(good).status_code == 200
    # Forged: signed with another key, or tampered with.
    other = take_token("another-secret-key-of-enough-length-0123456789", site_id=fridge.site_id,
                       until_ms=NOW_MS + DAY_MS)  # fmt: skip
    assert client.get(f"/rota/take/{other}").status_code == 403
    assert client.get(good[:-3] + "xyz").status_code == 403
    # A take token is no slot link and no check link.
    token = good.removeprefix("/rota/take/")
    assert client.get(f"/rota/slot/{token}").status_code == 403
    assert client.get(f"/c/{token}").status_code == 403
    # Expired on the hub's clock: the form page and the post both refuse it.
    page = client.get(good)
    clock.now_ms = NOW_MS + DAY_MS + 1
    assert client.get(good).status_code == 410
    late = client.post(good, data={"slot": str(slot_id), "nickname": "Sam",
                                   "csrf_token": hidden(page.text, "csrf_token")})  # fmt: skip
    assert late.status_code == 410
    assert slots(engine, fridge.site_id)[0].nickname is None


def test_bad_input_comes_back_with_what_was_typed(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    slot_id = slots(engine, fridge.site_id)[2].id
    path = take_path(settings, fridge.site_id)
    page = client.get(path)
    csrf = hidden(page.text, "csrf_token")
    no_name = client.post(path, data={"slot": str(slot_id), "nickname": " ", "csrf_token": csrf})
    assert no_name.status_code == 422
    assert "Give a nickname" in no_name.text
    assert re.search(rf'value="{slot_id}" checked', no_name.text)
    long = "x" * 41
    too_long = client.post(path, data={"slot": str(slot_id), "nickname": long, "csrf_token": csrf})
    assert too_long.status_code == 422
    assert f'value="{long}"' in too_long.text
    no_slot = client.post(path, data={"nickname": "Sam &amp; co", "csrf_token": csrf})
    assert no_slot.status_code == 422
    assert "Choose a slot" in no_slot.text
    # What was typed is kept, escaped.
    assert 'value="Sam &amp;amp; co"' in no_slot.text
    no_csrf = client.post(path, data={"slot": str(slot_id), "nickname": "Sam"})
    assert no_csrf.status_code == 422
    assert 'value="Sam"' in no_csrf.text
    # Another fridge's slot, or one that does not exist.
    assert (
        client.post(
            path, data={"slot": "999999", "nickname": "Sam", "csrf_token": csrf}
        ).status_code
        == 422
    )
    assert all(slot.nickname is None for slot in slots(engine, fridge.site_id))


def test_a_past_slot_cannot_be_taken(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge, clock: FakeClock,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    first = slots(engine, fridge.site_id)[0].id
    assert first is not None
    clock.now_ms = TODAY_10 + rota.MISSED_AFTER_MS + 1
    answer = take(client, take_path(settings, fridge.site_id), first, "Sam")
    assert answer.status_code == 409
    assert slots(engine, fridge.site_id)[0].nickname is None


def test_posting_too_often_is_refused(
    client: httpx.Client, session: Session, engine: Engine, settings: Settings, seed: Seed,
    fridge: Fridge,
) -> None:  # fmt: skip
    daily_at_ten(session, seed.other_site)
    path = take_path(settings, fridge.site_id)
    csrf = hidden(client.get(path).text, "csrf_token")
    codes = [
        client.post(path, data={"nickname": "", "csrf_token": csrf}).status_code
        for _ in range(POSTS_PER_WINDOW + 1)
    ]
    assert codes == [422] * POSTS_PER_WINDOW + [429]
    slot_id = slots(engine, fridge.site_id)[0].id
    late = client.post(path, data={"slot": str(slot_id), "nickname": "Sam", "csrf_token": csrf})
    assert late.status_code == 429
    assert slots(engine, fridge.site_id)[0].nickname is None


def test_removing_a_check_time_cancels_its_coming_slots(
    client: httpx.Client, session: Session, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    schedule, _made = rota.add_schedule(
        session, site=seed.other_site, at="10:00", days="mon", now_ms=NOW_MS
    )
    assert schedule.id is not None
    cancelled = rota.remove_schedule(
        session, site_id=fridge.site_id, schedule_id=schedule.id, now_ms=NOW_MS
    )
    assert cancelled == 2  # Mondays 23 and 30 Jun (slots reach Sat 5 Jul)
    assert all(slot.cancelled_ms == NOW_MS for slot in slots(engine, fridge.site_id))
    assert "no check times" in client.get("/fridges/harbour/rota").text


def test_check_times_are_said_in_words(
    client: httpx.Client, session: Session, seed: Seed, fridge: Fridge
) -> None:
    daily_at_ten(session, seed.other_site)
    rota.add_schedule(session, site=seed.other_site, at="18:30", days="thu,mon", now_ms=NOW_MS)
    rota.add_schedule(session, site=seed.other_site, at="07:00", days="mon,tue,wed,thu,fri",
                      now_ms=NOW_MS)  # fmt: skip
    page = client.get("/fridges/harbour/rota").text
    assert "on weekdays at 07:00, every day at 10:00, on Mon and Thu at 18:30." in page


def test_a_check_time_across_the_clock_change_stays_local(
    session: Session, engine: Engine, seed: Seed
) -> None:
    # London springs forward at 01:00 UTC on Sunday 30 March 2025: 01:30 does not exist.
    saturday = 1_743_206_400_000  # 2025-03-29 00:00 UTC, 00:00 GMT
    assert seed.site.id is not None
    rota.add_schedule(session, site=seed.site, at="01:30", days="daily", now_ms=saturday)
    due = [slot.due_ms for slot in slots(engine, seed.site.id)][:3]
    half_past_one_utc = saturday + 90 * 60_000
    assert due == [
        half_past_one_utc,  # Sat 01:30 GMT
        half_past_one_utc + DAY_MS,  # Sun: 01:30 skipped, so 02:30 BST
        half_past_one_utc + 2 * DAY_MS - HOUR_MS,  # Mon 01:30 BST
    ]
