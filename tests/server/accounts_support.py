"""Accounts for tests: make one straight in the database, sign a test client in.

    def test_something(client, engine):
        csrf = signed_in(client, engine, role="moderator")
        client.post("/dashboard/...", data={"csrf_token": csrf, ...})

A password's Argon2 hash is made once per test process and reused (each costs tens
of milliseconds by design); every account still gets the real hash of its password.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlmodel import Session

from server.models_accounts import Account
from server.services.passwords import hash_password
from tests.server.factories import NOW_MS

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PASSWORD = "a long test passphrase"
_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def _hash(password: str) -> str:
    return hash_password(password)


def make_account(
    engine: Engine,
    *,
    email: str,
    role: str = "organiser",
    password: str = PASSWORD,
    name: str | None = None,
    created_ms: int = NOW_MS - 86_400_000,
) -> Account:
    """An active account, stored directly (no password rules checked)."""
    with Session(engine, expire_on_commit=False) as session:
        account = Account(
            email=email.lower(),
            name=name or email.split("@", 1)[0].title(),
            role=role,
            password_hash=_hash(password),
            created_ms=created_ms,
            password_changed_ms=created_ms,
        )
        session.add(account)
        session.commit()
        session.refresh(account)
        return account


def login_form_token(client: TestClient, path: str = "/login") -> str:
    """The sign-in form's CSRF field (its cookie is now in the client)."""
    page = client.get(path, follow_redirects=False)
    assert page.status_code == 200, f"{page.status_code}: already signed in?"
    match = _FIELD.search(page.text)
    assert match, page.text
    return match.group(1)


def csrf_of(client: TestClient, path: str = "/dashboard") -> str:
    """The signed-in session's CSRF token, from a dashboard page's meta tag."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = _META.search(page.text)
    assert match, page.text
    return match.group(1)


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form as a browser does; the session's CSRF token."""
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": login_form_token(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client)


def signed_in(client: TestClient, engine: Engine, role: str = "organiser") -> str:
    """A new account of `role` (email `<role>@example.org`), signed in; its CSRF token."""
    email = f"{role}@example.org"
    make_account(engine, email=email, role=role)
    return log_in(client, email)
