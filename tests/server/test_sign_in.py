"""Signing in to the dashboard and out again, through the app as a browser does.

The session cookie is HttpOnly, SameSite=Lax and Secure over https; only its SHA-256
is stored; it ends when idle 12 h, after 7 days whatever, on logout, and when its
account is disabled. A wrong address and a wrong password get the same answer."""

from __future__ import annotations

import hashlib
import re
import warnings

from fastapi import FastAPI
from sqlalchemy import Engine, text
from sqlmodel import Session

from server.services import account_sessions, accounts
from server.web.dash_auth import SESSION_COOKIE
from tests.server.accounts_support import (
    PASSWORD,
    csrf_of,
    log_in,
    login_form_token,
    make_account,
)
from tests.server.conftest import FakeClock

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HOUR_MS = 3600 * 1000
# The CSP allows scripts from /static only: a <script> without src would be refused.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")


def _post_login(client: TestClient, email: str, password: str, **more: str):  # type: ignore[no-untyped-def]
    data = {"email": email, "password": password, "csrf_token": login_form_token(client), **more}
    return client.post("/login", data=data, follow_redirects=False)


def test_the_dashboard_sends_a_stranger_to_the_sign_in_form(client: TestClient) -> None:
    response = client.get("/dashboard", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    deeper = client.get("/account/password?x=1", follow_redirects=False)
    assert deeper.headers["location"] == "/login?next=/account/password%3Fx%3D1"
    page = client.get("/login")
    assert page.status_code == 200
    assert 'type="password"' in page.text and 'name="csrf_token"' in page.text
    assert "style=" not in page.text and not INLINE_SCRIPT.search(page.text)


def test_signing_in_sets_a_safe_cookie_and_stores_only_its_hash(
    client: TestClient, engine: Engine
) -> None:
    make_account(engine, email="ana@example.org", name="Ana Lima")
    response = _post_login(client, "ANA@example.org ", PASSWORD, next="/dashboard?tab=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard?tab=1"
    cookie = next(
        line for line in response.headers.get_list("set-cookie") if line.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here
    session_id = client.cookies[SESSION_COOKIE]
    with engine.connect() as connection:
        stored = [row[0] for row in connection.execute(text("SELECT id_hash FROM account_session"))]
    assert stored == [hashlib.sha256(session_id.encode()).hexdigest()]
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Ana Lima" in page.text and 'action="/logout"' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "style=" not in page.text and not INLINE_SCRIPT.search(page.text)


def test_the_cookie_is_secure_when_the_request_came_over_https(
    app: FastAPI, engine: Engine
) -> None:
    make_account(engine, email="ana@example.org")
    with TestClient(app, base_url="https://hub.example.org") as client:
        response = _post_login(client, "ana@example.org", PASSWORD)
        cookies = response.headers.get_list("set-cookie")
        assert any(c.startswith(SESSION_COOKIE) and "Secure" in c for c in cookies)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(
    client: TestClient, engine: Engine
) -> None:
    make_account(engine, email="ana@example.org")
    wrong = _post_login(client, "ana@example.org", "not the password at all")
    unknown = _post_login(client, "bo@example.org", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Wrong e-mail address or password." in response.text
        assert SESSION_COOKIE not in client.cookies
    assert 'value="bo@example.org"' in unknown.text  # what was typed is kept


def test_a_sign_in_without_the_forms_token_is_refused(client: TestClient, engine: Engine) -> None:
    make_account(engine, email="ana@example.org")
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_next_only_ever_leads_somewhere_on_this_hub(client: TestClient, engine: Engine) -> None:
    make_account(engine, email="ana@example.org")
    for bad in ("//evil.example/x", "https://evil.example", "/\\evil.example", "dashboard", ""):
        response = _post_login(client, "ana@example.org", PASSWORD, next=bad)
        assert response.headers["location"] == "/dashboard", bad
        client.cookies.delete(SESSION_COOKIE)
    log_in(client, "ana@example.org")
    page = client.get("/login?next=//evil.example", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/dashboard"


def test_a_session_ends_when_idle_and_at_its_absolute_limit(
    client: TestClient, engine: Engine, clock: FakeClock
) -> None:
    make_account(engine, email="ana@example.org")
    log_in(client, "ana@example.org")
    # Used every 11 hours, it stays open for a week (15 x 11 h = 165 h) ...
    for _ in range(15):
        clock.now_ms += 11 * HOUR_MS
        assert client.get("/dashboard", follow_redirects=False).status_code == 200
    # ... and not past seven days (176 h) after signing in, however busy.
    clock.now_ms += 11 * HOUR_MS
    assert 11 * HOUR_MS * 16 > account_sessions.ABSOLUTE_MS
    response = client.get("/dashboard", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_a_session_left_idle_for_12_hours_ends(
    client: TestClient, engine: Engine, clock: FakeClock
) -> None:
    make_account(engine, email="ana@example.org")
    log_in(client, "ana@example.org")
    clock.now_ms += 12 * HOUR_MS - 1
    assert client.get("/dashboard", follow_redirects=False).status_code == 200
    clock.now_ms += 12 * HOUR_MS
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_signing_out_needs_the_token_and_ends_the_session_for_good(
    client: TestClient, engine: Engine
) -> None:
    make_account(engine, email="ana@example.org")
    token = log_in(client, "ana@example.org")
    stolen = client.cookies[SESSION_COOKIE]
    refused = client.post("/logout", follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/dashboard", follow_redirects=False).status_code == 200
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?signed_out=1"
    assert SESSION_COOKIE not in client.cookies
    assert "You are signed out." in client.get("/login?signed_out=1").text
    client.cookies.set(SESSION_COOKIE, stolen)
    assert client.get("/dashboard", follow_redirects=False).status_code == 303
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM account_session")).scalar_one() == 0


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(
    client: TestClient, engine: Engine, clock: FakeClock
) -> None:
    make_account(engine, email="ana@example.org")
    bo = make_account(engine, email="bo@example.org")
    log_in(client, "bo@example.org")
    assert bo.id is not None
    with Session(engine) as session:
        accounts.disable(session, account_id=bo.id, now_ms=clock.now_ms)
    assert client.get("/dashboard", follow_redirects=False).status_code == 303
    assert _post_login(client, "bo@example.org", PASSWORD).status_code == 401


def test_a_signed_in_browser_skips_the_form(client: TestClient, engine: Engine) -> None:
    make_account(engine, email="ana@example.org")
    log_in(client, "ana@example.org")
    response = client.get("/login?next=/dashboard", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    assert csrf_of(client)


def test_a_hash_made_with_other_parameters_is_replaced_at_sign_in(
    client: TestClient, engine: Engine
) -> None:
    from argon2 import PasswordHasher

    ana = make_account(engine, email="ana@example.org")
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE account SET password_hash = :hash WHERE id = :id"),
            {"hash": old, "id": ana.id},
        )
    log_in(client, "ana@example.org")
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM account")).scalar_one()
    assert stored != old and "m=19456,t=2,p=1" in stored


def test_behind_the_tls_proxy_the_cookie_is_secure(app: FastAPI, engine: Engine) -> None:
    """`storywall hub` runs uvicorn with proxy_headers on (cli/commands/hub.py): its
    middleware turns the proxy's X-Forwarded-Proto into the request's scheme, though
    the proxy talks plain http to the hub."""
    from starlette.types import Receive, Scope, Send
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    proxied = ProxyHeadersMiddleware(app, trusted_hosts="*")

    async def from_the_proxy(scope: Scope, receive: Receive, send: Send) -> None:
        await proxied({**scope, "scheme": "http"}, receive, send)

    make_account(engine, email="ana@example.org")
    # The browser speaks https to the proxy (so it sends Secure cookies back).
    with TestClient(
        from_the_proxy, base_url="https://hub.example.org", headers={"X-Forwarded-Proto": "https"}
    ) as client:
        response = _post_login(client, "ana@example.org", PASSWORD)
        assert response.status_code == 303
        cookies = response.headers.get_list("set-cookie")
        assert any(c.startswith(SESSION_COOKIE) and "Secure" in c for c in cookies)
    # Without the header (a proxy that does not say), the hub sees http: no Secure.
    with TestClient(from_the_proxy, base_url="http://hub.example.org") as client:
        response = _post_login(client, "ana@example.org", PASSWORD)
        assert response.status_code == 303
        cookies = response.headers.get_list("set-cookie")
        assert not any(c.startswith(SESSION_COOKIE) and "Secure" in c for c in cookies)
