"""Signed links and the forms' CSRF tokens: a purpose per signature, lives that end,
and a form post taken only with a field that matches its cookie."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI, Form, Request, Response
from fastapi.testclient import TestClient

from server.signing import LinkExpired, LinkRefused, sign, unsign
from server.web import csrf

SECRET = "s" * 40


def test_a_link_reads_back_only_for_its_purpose_and_key() -> None:
    token = sign(SECRET, "dropoff", {"fridge": "harbour"})
    assert unsign(SECRET, "dropoff", token) == {"fridge": "harbour"}
    for purpose, key, damaged in (
        ("rota", SECRET, token),
        ("dropoff", "t" * 40, token),
        ("dropoff", SECRET, token[:-2] + ("AA" if token[-2:] != "AA" else "BB")),
    ):
        with pytest.raises(LinkRefused):
            unsign(key, purpose, damaged)


def test_a_link_with_a_life_expires() -> None:
    token = sign(SECRET, "kiosk-dropoff", "harbour-1")
    assert unsign(SECRET, "kiosk-dropoff", token, max_age_s=60) == "harbour-1"
    time.sleep(1.1)
    with pytest.raises(LinkExpired):
        unsign(SECRET, "kiosk-dropoff", token, max_age_s=0)


def _form_app() -> FastAPI:
    app = FastAPI()

    @app.get("/form")
    def form(request: Request, response: Response) -> dict[str, str]:
        return {"token": csrf.issue(request, response, SECRET)}

    @app.post("/form")
    def post(request: Request, csrf_token: str = Form("")) -> dict[str, bool]:
        try:
            csrf.verify(request, csrf_token, SECRET)
        except csrf.CsrfRefused:
            return {"taken": False}
        return {"taken": True}

    return app


def test_a_form_post_needs_the_field_matching_its_cookie() -> None:
    with TestClient(_form_app()) as browser, TestClient(_form_app()) as attacker:
        token = browser.get("/form").json()["token"]
        cookie = browser.cookies.get(csrf.COOKIE)
        assert cookie and len(cookie) == 43
        assert browser.post("/form", data={"csrf_token": token}).json() == {"taken": True}
        # Another site can make the browser post, but cannot read the token...
        assert browser.post("/form", data={}).json() == {"taken": False}
        # ...and its own token is for its own cookie.
        theirs = attacker.get("/form").json()["token"]
        assert browser.post("/form", data={"csrf_token": theirs}).json() == {"taken": False}
        # Without the cookie (a cross-site request under SameSite=Strict) nothing is taken.
        browser.cookies.clear()
        assert browser.post("/form", data={"csrf_token": token}).json() == {"taken": False}


def test_the_cookie_is_httponly_and_strict() -> None:
    with TestClient(_form_app()) as browser:
        header = browser.get("/form").headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header
