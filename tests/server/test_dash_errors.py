"""A browser on the dashboard that asks for something missing (a site, an item, a
page) or sends a malformed address gets a page in the dashboard's frame with the right
status, never the API's JSON; the API and the public JSON answer as before."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.server.accounts_support import signed_in

MISSING = [
    ("/dashboard/replies?site=nowhere", 404, "No such site"),
    ("/dashboard/moderation/media/00000000-0000-4000-8000-000000000000", 404, "No note"),
    ("/dashboard/no-such-page", 404, "not one the dashboard knows"),
    ("/dashboard/replies?site=Not%20A%20Slug!", 422, "not one the dashboard knows"),
    ("/dashboard/prompts/not-a-number", 422, "not one the dashboard knows"),
]


def _is_page(response: object, status: int) -> str:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html"), response.text
    assert response.headers["cache-control"] == "no-store"
    assert '"detail"' not in response.text
    return response.text


@pytest.mark.parametrize(("path", "status", "words"), MISSING)
def test_a_signed_in_browser_gets_a_page_in_the_dashboard_frame(
    client: TestClient, engine: Engine, path: str, status: int, words: str
) -> None:
    signed_in(client, engine)
    page = _is_page(client.get(path, headers={"Accept": "text/html"}), status)
    assert words.casefold() in page.casefold()
    # The frame: the navigation the account may use, and the way back.
    assert 'href="/dashboard/moderation"' in page
    assert 'href="/dashboard"' in page


def test_a_missing_thing_in_a_posted_form_is_a_page_too(client: TestClient, engine: Engine) -> None:
    csrf = signed_in(client, engine)
    answer = client.post(
        "/dashboard/moderation/sites/nowhere/mode",
        data={"csrf_token": csrf, "mode": "post"},
        follow_redirects=False,
    )
    assert "site" in _is_page(answer, 404).casefold()


def test_signed_out_a_missing_page_offers_the_sign_in(client: TestClient) -> None:
    page = _is_page(client.get("/dashboard/no-such-page"), 404)
    assert 'href="/login"' in page
    assert 'href="/dashboard/moderation"' not in page  # no navigation without a session


def test_the_api_and_json_clients_still_get_json(client: TestClient, engine: Engine) -> None:
    signed_in(client, engine)
    assert client.get("/api/v1/no-such-thing").json() == {"detail": "Not Found"}
    poster = client.get("/poster/nowhere/2026-W01.json")
    assert poster.status_code == 404
    assert "detail" in poster.json()
    assert client.get("/sites/nowhere/feed.json").status_code == 404
    asked = client.get("/dashboard/replies?site=nowhere", headers={"Accept": "application/json"})
    assert asked.status_code == 404
    assert asked.json() == {"detail": "no such site"}
