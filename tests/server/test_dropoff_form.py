"""The drop-off form end to end through the ASGI app, on SQLite and PostgreSQL: the
sticker's link opens it, a sent form is a `dropoff` event stored by the real pipeline
(once, however often it is sent), and every refusal shows the form again with a
message by the field and everything typed kept."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.core.config import Settings
from server.models import Event
from server.models_fridge import Fridge
from server.services.dropoff_links import sticker_code
from server.web.dropoff_form import RATE_LIMIT
from tests.server.conftest import FakeClock, Seed
from tests.server.dropoff_helpers import (
    ALL_RULES,
    GOOD,
    checked,
    error_of,
    field_value,
    open_form,
    send,
    sticker_path,
)


def _dropoffs(engine: Engine) -> list[Event]:
    with Session(engine) as session:
        return list(session.exec(select(Event).where(col(Event.type) == "dropoff")).all())


def test_the_sticker_link_opens_the_form(
    client: httpx.Client, settings: Settings, fridge: Fridge
) -> None:
    page = client.get(sticker_path(settings))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "sw_csrf=" in page.headers["set-cookie"]
    text = page.text
    assert "Harbour Fridge" in text
    for label in ("Fruit and vegetables", "Bread and bakery", "Prepared meals"):
        assert label in text
    assert len(re.findall(r'name="allergen"', text)) == 14
    assert re.findall(r'name="rule" value="([^"]+)"', text) == ALL_RULES
    assert "Raw meat or fish" in text  # the fridge's own rules, from its row
    assert 'accept="image/*" capture="environment"' in text
    assert 'enctype="multipart/form-data"' in text
    # The photo is the form's last field (form_body.py relies on it).
    assert text.rindex('name="photo"') > max(text.rindex(f'name="{n}"') for n in ("nickname",))
    assert "<script" not in text


def test_a_sent_form_is_a_dropoff_event_and_a_confirmation(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    answer = send(client, path, GOOD)
    assert answer.status_code == 200, answer.text
    assert "Thank you" in answer.text
    assert 'href="/fridges/harbour"' in answer.text
    assert "Sam" not in answer.text  # the nickname is the organisers' alone
    [event] = _dropoffs(engine)
    assert event.kiosk_id == fridge.form_kiosk_id
    assert event.payload == {
        "via": "form",
        "items": {"produce": 6, "bread": 2},
        "rules_confirmed": True,
        "best_before": "2025-06-25",
        "allergens": ["gluten", "milk"],
        "level": 2,
        "condition": "good",
        "nickname": "Sam <the baker>",
    }


def test_sending_the_same_page_twice_stores_one_event(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    hidden_fields = open_form(client, path)
    first = send(client, path, GOOD, hidden_fields=hidden_fields)
    second = send(client, path, GOOD, hidden_fields=hidden_fields)
    assert (first.status_code, second.status_code) == (200, 200)
    assert "already arrived" in second.text and "Thank you" in second.text
    assert [event.id for event in _dropoffs(engine)] == [hidden_fields["event_id"]]
    # A new page is a new drop-off.
    assert send(client, path, GOOD).status_code == 200
    assert len(_dropoffs(engine)) == 2


def test_prepared_food_with_its_day_is_taken(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    fields = {**GOOD, "count_prepared": "3", "prepared_on": "2025-06-20"}
    answer = send(client, sticker_path(settings), fields)
    assert answer.status_code == 200, answer.text
    [event] = _dropoffs(engine)
    assert event.payload["prepared_on"] == "2025-06-20"
    assert event.payload["items"] == {"produce": 6, "bread": 2, "prepared": 3}


BAD_INPUT = [
    # (what is wrong, fields changed, field whose message shows, words in it)
    ("no category", {"count_produce": "", "count_bread": ""}, "items", "at least one kind"),
    ("a count of 10,000", {"count_produce": "10000"}, "count_produce", "At most 200"),
    ("a count that is not a number", {"count_bread": "lots"}, "count_bread", "whole number"),
    ("a date in 1900", {"best_before": "1900-01-01"}, "best_before", "1900 is not a year"),
    (
        "a made-on date in the future",
        {"count_prepared": "2", "prepared_on": "2025-06-22"},
        "prepared_on",
        "cannot be in the future",
    ),
    (
        "prepared food without its day",
        {"count_prepared": "2"},
        "prepared_on",
        "need the day they were made",
    ),
    ("a best-before long past", {"best_before": "2025-04-01"}, "best_before", "long past"),
    ("a rule left unticked", {"rule": ALL_RULES[:-1]}, "rules", "Tick each box"),
    ("a nickname of 41 characters", {"nickname": "n" * 41}, "nickname", "At most 40"),
    ("a level not offered", {"level": "7"}, "level", "Choose one"),
]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_shows_the_form_again_with_everything_kept(
    client: httpx.Client,
    settings: Settings,
    fridge: Fridge,
    engine: Engine,
    changes: dict[str, Any],
    field: str,
    words: str,
) -> None:
    path = sticker_path(settings)
    hidden_fields = open_form(client, path)
    fields = {**GOOD, **changes}
    answer = send(client, path, fields, hidden_fields=hidden_fields)
    assert answer.status_code == 422
    page = answer.text
    assert words in error_of(page, field), page
    assert "Not sent yet" in page
    # Everything typed is on the page again, the bad value too.
    for name in ("count_produce", "count_bread", "best_before", "nickname", "prepared_on"):
        assert field_value(page, name) == fields.get(name, "")
    assert checked(page, "allergen") == set(fields["allergen"])
    assert checked(page, "rule") == set(fields["rule"])
    offered = fields["level"] in ("0", "1", "2", "3")
    assert checked(page, "level") == ({fields["level"]} if offered else set())
    assert '<option value="good" selected>' in page
    # The same event id, so sending the corrected page is still one drop-off.
    assert field_value(page, "event_id") == hidden_fields["event_id"]
    assert _dropoffs(engine) == []
    corrected = send(client, path, GOOD, hidden_fields=hidden_fields)
    assert corrected.status_code == 200
    assert [event.id for event in _dropoffs(engine)] == [hidden_fields["event_id"]]


def test_several_mistakes_are_all_named_at_once(
    client: httpx.Client, settings: Settings, fridge: Fridge
) -> None:
    fields = {**GOOD, "count_produce": "10000", "best_before": "1900-01-01", "rule": []}
    page = send(client, sticker_path(settings), fields).text
    assert all(error_of(page, name) for name in ("count_produce", "best_before", "rules"))


def test_a_form_without_its_csrf_token_is_refused_and_kept(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    hidden_fields = open_form(client, path)
    answer = send(client, path, GOOD, hidden_fields={"event_id": hidden_fields["event_id"]})
    assert answer.status_code == 403
    assert "reload the page" in answer.text or "expired" in answer.text
    assert field_value(answer.text, "count_produce") == "6"
    assert _dropoffs(engine) == []


def test_a_csrf_token_of_another_browser_is_refused(
    app: FastAPI, client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    theirs = open_form(client, path)
    from fastapi.testclient import TestClient

    with TestClient(app) as other:
        open_form(other, path)  # its own cookie
        answer = send(other, path, GOOD, hidden_fields=theirs)
    assert answer.status_code == 403
    # Refused, and a fresh token for this browser is on the page: sending again works.
    assert field_value(answer.text, "nickname") == GOOD["nickname"]
    assert _dropoffs(engine) == []


def test_the_rate_limit_answers_429_with_the_form_kept(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine, clock: FakeClock
) -> None:
    path = sticker_path(settings)
    bad = {**GOOD, "count_produce": "10000"}
    for _ in range(RATE_LIMIT):
        assert send(client, path, bad).status_code == 422
    answer = send(client, path, GOOD)
    assert answer.status_code == 429
    # The window began as the clock did (a whole 10 minutes): that long to wait.
    assert answer.headers["retry-after"] == "600"
    assert "Wait 10 minutes" in answer.text
    assert field_value(answer.text, "count_produce") == "6"
    assert _dropoffs(engine) == []
    clock.now_ms += 7 * 60 * 1000 + 30_000  # later in the same window: less to wait
    answer = send(client, path, GOOD)
    assert (answer.headers["retry-after"], "Wait 3 minutes" in answer.text) == ("150", True)
    clock.now_ms += 150_000  # the next window
    assert send(client, path, GOOD).status_code == 200


def test_a_forged_or_unknown_link_is_404(
    client: httpx.Client, settings: Settings, fridge: Fridge, seed: Seed
) -> None:
    good = sticker_path(settings)
    code = sticker_code(settings.secret_key, "harbour")
    flipped = ("2" if code[0] != "2" else "3") + code[1:]
    for path in (
        f"/d/harbour.{flipped}",
        "/d/harbour",
        f"/d/riverside.{code}",  # another site with harbour's code
        f"/d/riverside.{sticker_code(settings.secret_key, 'riverside')}",  # not a fridge
        f"/d/nowhere.{sticker_code(settings.secret_key, 'nowhere')}",  # no such site
        "/d/eyJrIjoiaGFyYm91ci0xIn0.aGVsbG8.c2lnbmVk",  # shaped like a kiosk link
        f"/d/{good[3:]}x",
    ):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "not valid" in page.text
        assert send(client, path, GOOD, hidden_fields={}).status_code == 404
    assert client.get(f"/d/{'a' * 600}").status_code == 404  # longer than any token


def test_a_typed_short_link_is_forgiven_case_and_look_alikes(
    client: httpx.Client, settings: Settings, fridge: Fridge
) -> None:
    code = sticker_code(settings.secret_key, "harbour")
    typed = code.upper().replace("0", "O").replace("1", "L")
    assert client.get(f"/d/harbour.{typed}").status_code == 200


def test_a_post_that_is_not_a_form_is_400(
    client: httpx.Client, settings: Settings, fridge: Fridge
) -> None:
    answer = client.post(sticker_path(settings), json={"count_produce": 3})
    assert answer.status_code == 400
    assert "form" in answer.text


def test_every_word_of_the_fridge_vocabulary_has_a_label() -> None:
    from server.web import fridge_words as words
    from storywall.protocol.fridge import ALLERGENS, CONDITIONS, FOOD_CATEGORIES, FOOD_LEVELS

    assert tuple(words.CATEGORY_LABELS) == FOOD_CATEGORIES  # the form's order is the wire's
    assert tuple(words.ALLERGEN_LABELS) == ALLERGENS
    assert tuple(words.LEVEL_WORDS) == FOOD_LEVELS
    assert set(words.CONDITION_WORDS) == set(CONDITIONS)
    assert set(words.CONDITIONS_AT_THE_FRIDGE) <= set(CONDITIONS)


def test_a_too_warm_fridge_says_so_on_its_form(
    client: httpx.Client, settings: Settings, fridge: Fridge, session: Session
) -> None:
    from server.alerts import clear_alert, raise_alert
    from server.services.fridge_status import TOO_WARM_WARNING
    from tests.server.factories import NOW_MS

    path = sticker_path(settings)
    assert 'id="warning"' not in client.get(path).text
    raise_alert(
        session, site_id=fridge.site_id, kind="too_warm", key="warm:1", message="w", now_ms=NOW_MS
    )
    session.commit()
    page = client.get(path).text
    assert f'<p class="banner warn" id="warning">{TOO_WARM_WARNING}</p>' in page
    # A refused form shows it as well.
    assert TOO_WARM_WARNING in send(client, path, {**GOOD, "count_produce": "x"}).text
    clear_alert(session, key="warm:1", now_ms=NOW_MS)
    session.commit()
    assert 'id="warning"' not in client.get(path).text
