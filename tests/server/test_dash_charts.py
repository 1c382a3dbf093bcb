"""/dashboard/charts and its exports, through the app as a browser meets them.

Behind a sign-in with the `charts` permission (every role has it); the filter is a
GET form; each chart is an SVG with a text alternative beside it; the page counts
what was pushed a moment ago (it refreshes the rollup itself); the exports follow
the filter and carry no personal data.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from server import crud
from server.models_fridge import Fridge
from tests.server.accounts_support import signed_in
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS
from tests.server.test_chart_figures import DAY, HOUR, MIN, Outbox, _push

PAGE = "/dashboard/charts"


def _history(client: TestClient, seed: Seed) -> None:
    park = Outbox("riverside-1")
    park.add("reaction", {"prompt_id": seed.prompt_id, "emoji": "😀"}, NOW_MS - HOUR)
    park.add("note", {"text": "lovely", "language": "en"}, NOW_MS - HOUR + MIN)
    park.add("reaction", {"prompt_id": seed.prompt_id, "emoji": "😢"}, NOW_MS - 2 * HOUR)
    park.add("reaction", {"prompt_id": seed.prompt_id, "emoji": "😢", "play": True}, NOW_MS)
    _push(client, seed.token, park)
    fridge = Outbox("harbour-1")
    fridge.add("temperature", {"sensor_id": "28-0316a2795cff", "celsius": 6.5}, NOW_MS - HOUR)
    fridge.add(
        "dropoff",
        {
            "via": "kiosk",
            "items": {"produce": 2},
            "rules_confirmed": True,
            "nickname": "Sam Secret",
        },
        NOW_MS - HOUR,
    )
    _push(client, seed.other_token, fridge)


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}/export.csv", f"{PAGE}/export.json?site=riverside"])
def test_signing_in_comes_first(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["organiser", "moderator", "volunteer"])
def test_every_role_sees_the_charts_in_its_nav(
    client: TestClient, engine: Engine, seed: Seed, role: str
) -> None:
    signed_in(client, engine, role=role)
    home = client.get("/dashboard")
    assert f'href="{PAGE}"' in home.text
    assert client.get(PAGE).status_code == 200


def test_the_page_draws_what_was_just_pushed_with_text_alternatives(
    client: TestClient, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    _history(client, seed)
    signed_in(client, engine, role="volunteer")
    page = client.get(PAGE, params={"site": "riverside", "from": "2025-06-15", "to": "2025-06-21"})
    assert page.status_code == 200
    text = page.text
    svgs = re.findall(r"<svg .*?</svg>", text, re.S)
    assert len(svgs) == 4  # reactions, heatmap, notes, opinion and play
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 - our own page
        assert root.get("role") == "img" and root.get("viewBox")
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert "2 opinion presses 15 June 2025 to 21 June 2025: 😀 1, 😢 1." in text
    assert "2 opinion presses and 1 play presses" in text
    assert "50% of opinion presses were followed by a note or doodle (1 of 2" in text
    # The note is still held: no approved note to answer yet.
    assert "0 of 0 notes answered; no answers yet." in text
    assert "<table" in text and "The numbers as a table" in text
    assert "Temperature at" not in text  # Riverside has no fridge
    assert (
        'href="/dashboard/charts/export.csv?site=riverside&amp;from=2025-06-15&amp;to=2025-06-21"'
        in text
    )
    assert 'aria-current="page"' in text
    # Nothing inline for the CSP to refuse: no style attribute, no script without src.
    assert "style=" not in text
    assert re.search(r"<script(?![^>]*\bsrc=)", text) is None


def test_every_site_shows_the_fridge_too(
    client: TestClient, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    _history(client, seed)
    signed_in(client, engine)
    text = client.get(PAGE).text  # the last 30 days of every site
    assert "Drop-offs per fridge per day" in text
    assert "Harbour Fridge: 1 drop-offs bringing 2 items" in text
    assert "Temperature at Harbour Fridge" in text
    assert "the dashed line is the fridge&#39;s limit, 5 °C" in text
    assert "1 of 1 days had a reading above the limit" in text  # 30 days: by day


def test_a_wrong_filter_is_said_and_the_page_still_draws(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    signed_in(client, engine)
    page = client.get(PAGE, params={"site": "nowhere", "from": "2025-06-21", "to": "junk"})
    assert page.status_code == 200
    assert "site: no site &#39;nowhere&#39;" in page.text
    assert "to: not a date (YYYY-MM-DD)" in page.text
    swapped = client.get(PAGE, params={"from": "2025-06-21", "to": "2025-06-01"})
    assert "from: after to; the two were swapped" in swapped.text
    assert 'value="2025-06-01"' in swapped.text
    long = client.get(PAGE, params={"from": "2020-01-01", "to": "2025-06-21"})
    assert "at most 366 days at once" in long.text
    assert client.get(PAGE, params={"site": "x" * 64}).status_code == 422


def test_names_are_escaped(
    client: TestClient, engine: Engine, session: Session, seed: Seed
) -> None:
    crud.update_site(session=session, slug="riverside", name="<script>alert(1)</script>")
    signed_in(client, engine)
    text = client.get(PAGE).text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_exports_follow_the_filter_without_personal_data(
    client: TestClient, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    _history(client, seed)
    signed_in(client, engine, role="volunteer")
    response = client.get(f"{PAGE}/export.csv", params={"from": "2025-06-21", "to": "2025-06-21"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="storywall-events-all-2025-06-21-2025-06-21.csv"'
    )
    assert "Sam Secret" not in response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(row["type"] for row in rows) == sorted(
        ["reaction", "note", "reaction", "reaction", "temperature", "dropoff"]
    )
    assert next(row for row in rows if row["type"] == "note")["text"] == ""  # still held
    only_park = client.get(f"{PAGE}/export.json", params={"site": "riverside"})
    assert only_park.headers["content-type"].startswith("application/json")
    assert {row["site"] for row in only_park.json()} == {"riverside"}


def test_the_page_counts_a_few_days_itself_and_says_when_more_are_waiting(
    client: TestClient, engine: Engine, seed: Seed
) -> None:
    signed_in(client, engine)
    assert "catching up" not in client.get(PAGE).text  # built (empty) by this first visit
    park = Outbox("riverside-1", booted_ms=NOW_MS - 100 * DAY)
    for day in reversed(range(80)):  # a kiosk back with 80 days of presses
        park.add("reaction", {"prompt_id": seed.prompt_id, "emoji": "😀"}, NOW_MS - day * DAY)
    _push(client, seed.token, park)
    first = client.get(PAGE, params={"from": "2025-03-01", "to": "2025-06-21"}).text
    assert "The charts are catching up: 18 more days" in first
    second = client.get(PAGE, params={"from": "2025-03-01", "to": "2025-06-21"}).text
    assert "catching up" not in second
    assert "80 opinion presses" in second
