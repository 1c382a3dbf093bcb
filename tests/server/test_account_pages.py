"""The accounts' own pages: a password change, and the organisers' accounts page with
its invitations by signed link, role changes and disabling, through the app as a
browser uses them. Two TestClients are two browsers."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from server.services.invitations import INVITATION_LIFE_MS
from server.web.dash_auth import SESSION_COOKIE
from tests.server.accounts_support import (
    PASSWORD,
    csrf_of,
    log_in,
    login_form_token,
    make_account,
    signed_in,
)
from tests.server.conftest import FakeClock

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NEW = "a brand new passphrase"
LINK = re.compile(r'<p class="copy-link" id="invite-link">(http://testserver/invite/[^<]+)</p>')


@pytest.fixture
def other_browser(app: FastAPI) -> Iterator[TestClient]:
    """A second browser on the same hub."""
    with TestClient(app) as browser:
        yield browser


def _signed_in_as(client: TestClient, engine: Engine, email: str, role: str) -> str:
    make_account(engine, email=email, role=role)
    return log_in(client, email)


def _banner(response: httpx.Response) -> str:
    match = re.search(r'class="(?:banner warn|error)"[^>]*>([^<]+)<', response.text)
    assert match, response.text
    return match.group(1)


# -- password ---------------------------------------------------------------------


def test_a_password_change_needs_the_current_one_and_ends_other_sessions(
    client: TestClient, other_browser: TestClient, engine: Engine
) -> None:
    token = _signed_in_as(client, engine, "ana@example.org", "volunteer")
    log_in(other_browser, "ana@example.org")
    page = client.get("/account/password")
    assert page.status_code == 200 and 'autocomplete="current-password"' in page.text

    def change(current: str, new: str, again: str) -> httpx.Response:
        data = {"csrf_token": token, "current": current, "new": new, "again": again}
        return client.post("/account/password", data=data, follow_redirects=False)

    wrong = change("not my password", NEW, NEW)
    assert wrong.status_code == 422 and "not your current password" in _banner(wrong)
    assert change(PASSWORD, NEW, NEW + "x").status_code == 422
    weak = change(PASSWORD, "short", "short")
    assert weak.status_code == 422 and "at least 12 characters" in _banner(weak)
    done = change(PASSWORD, NEW, NEW)
    assert done.status_code == 303
    assert "Password changed" in client.get(done.headers["location"]).text
    # This browser stays signed in; the other is signed out.
    assert client.get("/dashboard", follow_redirects=False).status_code == 200
    assert other_browser.get("/dashboard", follow_redirects=False).status_code == 303
    other_browser.cookies.clear()
    data = {
        "email": "ana@example.org",
        "password": PASSWORD,
        "csrf_token": login_form_token(other_browser),
    }
    assert other_browser.post("/login", data=data, follow_redirects=False).status_code == 401
    log_in(other_browser, "ana@example.org", NEW)


# -- the accounts page ---------------------------------------------------------------


def test_only_organisers_open_the_accounts_page(client: TestClient, engine: Engine) -> None:
    signed_in(client, engine, role="moderator")
    assert client.get("/dashboard/accounts").status_code == 403
    assert 'href="/dashboard/accounts"' not in client.get("/dashboard").text


def _invite(client: TestClient, token: str, email: str, role: str) -> httpx.Response:
    return client.post(
        "/dashboard/accounts/invite", data={"csrf_token": token, "email": email, "role": role}
    )


def _accept(browser: TestClient, link: str, name: str, password: str, again: str | None = None):  # type: ignore[no-untyped-def]
    path = link.removeprefix("http://testserver")
    form = browser.get(path)
    field = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert field, form.text
    data = {
        "csrf_token": field.group(1),
        "name": name,
        "password": password,
        "again": password if again is None else again,
    }
    return browser.post(path, data=data, follow_redirects=False)


def test_an_invitation_link_makes_an_account_once(
    client: TestClient, other_browser: TestClient, engine: Engine
) -> None:
    token = signed_in(client, engine)
    invited = _invite(client, token, "Bo@Example.org", "moderator")
    assert invited.status_code == 201
    assert "the hub sends no e-mail" in invited.text
    link = LINK.search(invited.text)
    assert link, invited.text
    listing = client.get("/dashboard/accounts").text
    assert "bo@example.org" in listing and link.group(1) not in listing  # shown once
    assert "1 invitation open" in client.get("/dashboard").text

    page = other_browser.get(link.group(1).removeprefix("http://testserver"))
    assert (
        page.status_code == 200
        and "bo@example.org" in page.text
        and "Join as moderator" in page.text
    )
    assert _accept(other_browser, link.group(1), "Bo", NEW, NEW + "!").status_code == 422
    weak = _accept(other_browser, link.group(1), "Bo", "password")
    assert weak.status_code == 422 and "at least 12" in _banner(weak)
    done = _accept(other_browser, link.group(1), "  Bo   Reyes ", NEW)
    assert done.status_code == 303 and done.headers["location"] == "/dashboard"
    home = other_browser.get("/dashboard").text
    assert "Bo Reyes" in home and ">moderator<" in home
    # Used: the link opens nothing any more, for anyone.
    again = client.get(link.group(1).removeprefix("http://testserver"))
    assert again.status_code == 410 and "has been used" in again.text
    assert "None." in client.get("/dashboard/accounts").text.split("Open invitations")[1]


def test_invitations_expire_are_withdrawn_replaced_and_unforgeable(
    client: TestClient, other_browser: TestClient, engine: Engine, clock: FakeClock
) -> None:
    token = signed_in(client, engine)

    def link_for(email: str) -> str:
        match = LINK.search(_invite(client, token, email, "volunteer").text)
        assert match
        return match.group(1).removeprefix("http://testserver")

    first = link_for("cy@example.org")
    second = link_for("cy@example.org")  # replaces the first
    assert other_browser.get(first).status_code == 410
    assert other_browser.get(second).status_code == 200
    forged = second[:-3] + ("abc" if not second.endswith("abc") else "xyz")
    assert other_browser.get(forged).status_code == 403
    listing = client.get("/dashboard/accounts").text
    withdraw = re.search(r'action="(/dashboard/accounts/invitations/\d+/withdraw)"', listing)
    assert withdraw
    gone = client.post(withdraw.group(1), data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303
    assert "withdrawn" in other_browser.get(second).text
    late = link_for("dee@example.org")
    clock.now_ms += INVITATION_LIFE_MS
    expired = other_browser.get(late)
    assert expired.status_code == 410 and "expired" in expired.text


def test_an_invitation_is_refused_for_a_taken_or_bad_address_or_role(
    client: TestClient, engine: Engine
) -> None:
    token = signed_in(client, engine)
    for email, role, words in (
        ("organiser@example.org", "moderator", "already has an account"),
        ("not-an-address", "moderator", "is not an e-mail address"),
        ("ed@example.org", "admin", "ne of organiser, moderator, volunteer"),
    ):
        response = _invite(client, token, email, role)
        assert response.status_code == 422
        assert words in _banner(response)


def _action(listing: str, name: str, what: str) -> str:
    match = re.search(
        rf'action="(/dashboard/accounts/\d+/{what})">\s*<input[^>]+>\s*'
        rf'<button type="submit" class="\w+">\w+ {name}</button>',
        listing,
    )
    assert match, listing
    return match.group(1)


def test_roles_change_and_disabling_ends_sessions_but_never_the_last_organiser(
    client: TestClient, other_browser: TestClient, engine: Engine
) -> None:
    token = signed_in(client, engine)
    bo = make_account(engine, email="bo@example.org", role="organiser", name="Bo")
    log_in(other_browser, "bo@example.org")
    assert other_browser.get("/dashboard/accounts").status_code == 200
    # Bo becomes a volunteer: the accounts page closes to Bo at once.
    demoted = client.post(
        f"/dashboard/accounts/{bo.id}/role",
        data={"csrf_token": token, "role": "volunteer"},
        follow_redirects=False,
    )
    assert demoted.status_code == 303
    assert other_browser.get("/dashboard/accounts").status_code == 403
    # Now the only organiser: no demoting or disabling oneself.
    own = client.get("/dashboard/accounts").text
    mine = re.findall(r'action="/dashboard/accounts/(\d+)/role"', own)
    organiser_id = next(i for i in mine if i != str(bo.id))
    refused = client.post(
        f"/dashboard/accounts/{organiser_id}/role", data={"csrf_token": token, "role": "moderator"}
    )
    assert refused.status_code == 409 and "at least one organiser" in _banner(refused)
    refused = client.post(f"/dashboard/accounts/{organiser_id}/disable", data={"csrf_token": token})
    assert refused.status_code == 409 and "at least one organiser" in _banner(refused)
    # Disabling Bo signs Bo out everywhere, and Bo cannot sign in; enabling lets Bo back.
    disable = _action(client.get("/dashboard/accounts").text, "Bo", "disable")
    assert (
        client.post(disable, data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    assert other_browser.get("/dashboard", follow_redirects=False).status_code == 303
    assert "Disabled " in client.get("/dashboard/accounts").text
    enable = _action(client.get("/dashboard/accounts").text, "Bo", "enable")
    assert (
        client.post(enable, data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    other_browser.cookies.delete(SESSION_COOKIE)
    log_in(other_browser, "bo@example.org")
    assert csrf_of(other_browser)
    assert (
        client.post("/dashboard/accounts/9999/disable", data={"csrf_token": token}).status_code
        == 404
    )
