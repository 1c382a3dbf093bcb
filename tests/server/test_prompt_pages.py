"""/dashboard/prompts and its calendar, as an organiser uses them in a browser: forms
posted with the session's CSRF token, and what the kiosks and the wall then show."""

from __future__ import annotations

import re
import warnings
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from server import crud, prompt_calendar, prompts
from tests.server.accounts_support import signed_in
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, push, reaction

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGE = "/dashboard/prompts"
CONFIG = "/api/v1/kiosk/config"
TOMORROW = "2025-06-22"
MORNINGS_TILE = r'Mornings without a prompt</span>\s*<span class="tile-value">%d<'
# NOW_MS is 2025-06-21 13:00 in London


def _post(client: TestClient, path: str, csrf: str, **fields: Any) -> Any:
    return client.post(path, data={"csrf_token": csrf, **fields}, follow_redirects=False)


def _new(client: TestClient, csrf: str, **fields: Any) -> Any:
    form = {
        "text": "What did you see today?",
        "kind": "emoji",
        "emoji": "🐦 🦊 🦔",
        "site": ["riverside"],
        "when": "now",
        "follow_up": "on",
        **fields,
    }
    return _post(client, PAGE, csrf, **form)


def _id(response: Any) -> int:
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/dashboard/prompts/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def _config(client: TestClient, token: str) -> dict[str, Any]:
    return dict(client.get(CONFIG, headers=auth(token)).json())


def test_only_accounts_that_run_prompts_open_the_pages(client: TestClient, engine: Engine) -> None:
    assert client.get(PAGE, follow_redirects=False).status_code == 303  # to /login
    signed_in(client, engine, role="moderator")
    for path in (PAGE, f"{PAGE}/calendar", f"{PAGE}/new"):
        assert client.get(path, follow_redirects=False).status_code == 403
    assert 'href="/dashboard/prompts"' not in client.get("/dashboard").text


def test_a_new_prompt_from_the_form_reaches_the_kiosks(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    assert 'href="/dashboard/prompts"' in client.get("/dashboard").text
    prompt_id = _id(_new(client, csrf))
    config = _config(client, seed.token)
    assert (config["prompt"]["id"], config["prompt"]["emoji"]) == (prompt_id, ["🐦", "🦊", "🦔"])
    assert _config(client, seed.other_token)["prompt"]["id"] == seed.other_prompt.id
    page = client.get(f"{PAGE}/{prompt_id}").text
    assert "What did you see today?" in page and "showing now" in page
    listing = client.get(PAGE).text
    assert "Live now" in listing and "results hidden" in listing


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"emoji": "yes no"}, "Emoji 1: &#39;yes&#39; is not an emoji (for words, make the prompt"),
        ({"emoji": "😀😀 😢"}, "is not one emoji"),
        ({"site": []}, "Choose at least one site"),
        ({"kind": "poll", "options": "Oak"}, "a poll has 2-4 options"),
        ({"when": "window", "start": "2025-06-22T10:00", "end": "2025-06-22T09:00"}, "end after"),
        ({"when": "day", "day": "someday"}, "Give the day as a date."),
    ],
)  # fmt: skip
def test_a_wrong_form_comes_back_with_what_to_correct(
    client: TestClient, engine: Engine, seed: Seed, fields: dict[str, Any], message: str
) -> None:
    csrf = signed_in(client, engine)
    response = _new(client, csrf, text="<b>Keep me</b>", **fields)
    assert response.status_code == 422
    assert message in response.text
    assert 'value="&lt;b&gt;Keep me&lt;/b&gt;"' in response.text
    with Session(engine) as session:
        assert len(crud.list_prompts(session=session, site_slug="riverside")) == 1


def test_a_daily_poll_in_two_languages_at_two_sites(
    client: TestClient, engine: Engine, session: Session, seed: Seed, clock: FakeClock
) -> None:
    crud.update_site(session=session, slug="harbour", languages=["en", "es"])
    csrf = signed_in(client, engine)
    prompt_id = _id(
        _new(
            client,
            csrf,
            text="Which bench?",
            text_es="¿Qué banco?",
            kind="poll",
            emoji="",
            options="Oak\nSteel\n",
            options_es="Roble\nAcero",
            site=["riverside", "harbour"],
            when="day",
            day=TOMORROW,
        )
    )
    harbour = crud.get_site(session=session, slug="harbour")
    clock.now_ms = prompt_calendar.morning_ms(harbour, date.fromisoformat(TOMORROW))
    prompt = _config(client, seed.other_token)["prompt"]
    assert prompt["id"] == prompt_id
    assert prompt["options"] == ["Oak", "Steel"]
    assert prompt["option_texts"] == {"es": ["Roble", "Acero"]}
    assert prompt["texts"] == {"es": "¿Qué banco?"}


def test_the_buttons_lock_reveal_close_archive_and_restore(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    prompt_id = _id(_new(client, csrf))
    page = f"{PAGE}/{prompt_id}"
    push(client, seed.token, [reaction(kiosk_id="riverside-1", prompt_id=prompt_id, emoji="🦊")])

    assert _post(client, f"{page}/lock", csrf).status_code == 303
    assert _config(client, seed.token)["prompt"]["locked"] is True
    assert "Take answers again" in client.get(page).text

    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]
    assert wall["tallies"] == []
    assert _post(client, f"{page}/reveal", csrf).status_code == 303
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]
    assert {t["choice"]: t["total"] for t in wall["tallies"]}["🦊"] == 1

    assert _post(client, f"{page}/close", csrf).status_code == 303
    assert _config(client, seed.token)["prompt"]["id"] == seed.prompt_id
    assert _post(client, f"{page}/archive", csrf).status_code == 303
    assert "What did you see today?" not in client.get(PAGE).text
    assert "What did you see today?" in client.get(PAGE, params={"archived": 1}).text
    refused = _post(client, f"{page}/lock", csrf)
    assert refused.status_code == 409
    assert "is archived: restore it before you lock it" in refused.text
    assert _post(client, f"{page}/restore", csrf).status_code == 303
    assert "What did you see today?" in client.get(PAGE).text
    assert _post(client, f"{PAGE}/999/lock", csrf).status_code == 404


def test_editing_keeps_the_answers_once_people_answered(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    prompt_id = _id(_new(client, csrf))
    page = f"{PAGE}/{prompt_id}"
    form = {"kind": "emoji", "site": ["riverside"], "when": "now", "follow_up": "on"}
    changed = _post(client, page, csrf, text="What did you spot?", emoji="🐦 🦊", **form)
    assert changed.status_code == 303
    assert _config(client, seed.token)["prompt"]["emoji"] == ["🐦", "🦊"]
    push(client, seed.token, [reaction(kiosk_id="riverside-1", prompt_id=prompt_id, emoji="🐦")])
    edit = client.get(page).text
    assert "<fieldset disabled>" in edit and "People have answered" in edit
    # A post that still carries other emoji (an old tab) changes only the words.
    again = _post(client, page, csrf, text="What did you spot today?", emoji="🐸 🐢", **form)
    assert again.status_code == 303
    prompt = _config(client, seed.token)["prompt"]
    assert (prompt["text"], prompt["emoji"]) == ("What did you spot today?", ["🐦", "🦊"])
    wrong = _post(client, page, csrf, text="", emoji="🐦 🦊", **form)
    assert wrong.status_code == 422
    assert "The question" in wrong.text


def test_the_calendar_marks_gaps_and_fills_them(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    with Session(engine) as session:
        prompts.close(session=session, prompt_id=seed.prompt_id, now_ms=NOW_MS)
    calendar = client.get(f"{PAGE}/calendar", params={"from": "2025-06-21", "days": 7})
    assert calendar.status_code == 200
    html = calendar.text
    # Today shows what runs now (nothing since 13:00), then riverside's next six mornings;
    # harbour has its open-ended prompt every day.
    assert "How was the park today?" not in html
    assert html.count('class="day gap"') == 7
    fill = f"/dashboard/prompts/new?day={TOMORROW}&amp;site=riverside"
    assert fill in html
    form = client.get(f"{PAGE}/new", params={"day": TOMORROW, "site": "riverside"}).text
    assert f'name="day" type="date" value="{TOMORROW}"' in form
    assert 'value="riverside" checked' in form
    _id(_new(client, csrf, when="day", day=TOMORROW))
    html = client.get(f"{PAGE}/calendar", params={"from": "2025-06-21", "days": 7}).text
    assert html.count('class="day gap"') == 6
    assert "What did you see today?" in html
    assert client.get(f"{PAGE}/calendar", params={"days": 0}).status_code == 422


def test_prompt_text_is_escaped_on_every_page(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    csrf = signed_in(client, engine)
    prompt_id = _id(_new(client, csrf, text="<script>alert(1)</script>"))
    for path in (PAGE, f"{PAGE}/{prompt_id}", f"{PAGE}/calendar"):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_home_page_counts_the_coming_mornings_without_a_prompt(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    with Session(engine) as session:
        prompts.close(session=session, prompt_id=seed.prompt_id, now_ms=NOW_MS)
    csrf = signed_in(client, engine)
    home = client.get("/dashboard").text
    assert "Mornings without a prompt" in home
    # Riverside's next seven mornings; harbour has its open-ended prompt.
    assert re.search(MORNINGS_TILE % 7, home), home
    _id(_new(client, csrf, when="day", day=TOMORROW))
    assert re.search(MORNINGS_TILE % 6, client.get("/dashboard").text)
