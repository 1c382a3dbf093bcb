"""Every state-changing route of the organiser hub refuses a post without the
session's CSRF token, even from a signed-in organiser.

The routes are read from the app itself (app.routes, flattened), so a page added later under
/dashboard, /account or /logout is walked too without touching this file."""

from __future__ import annotations

import re
import warnings

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from sqlalchemy import Engine

from tests.server.accounts_support import signed_in

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

GUARDED = ("/dashboard", "/account", "/logout")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _guarded_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    # FastAPI keeps included routers as branches: iter_route_contexts flattens them,
    # with each route's full path.
    for route in iter_route_contexts(app.routes):
        if not route.path or not route.path.startswith(GUARDED):
            continue
        for method in sorted((route.methods or set()) & STATE_CHANGING):
            found.append((method, re.sub(r"\{[^}]+\}", "1", route.path)))
    return found


def test_every_dashboard_post_refuses_a_request_without_the_token(
    app: FastAPI, client: TestClient, engine: Engine
) -> None:
    routes = _guarded_routes(app)
    assert ("POST", "/logout") in routes
    token = signed_in(client, engine, role="organiser")
    for method, path in routes:
        for headers, data in (
            ({}, {"anything": "1"}),
            ({}, {"csrf_token": token[:-1] + ("A" if token[-1] != "A" else "B")}),
            ({"X-CSRF-Token": "not-the-token"}, {}),
        ):
            response = client.request(
                method, path, data=data, headers=headers, follow_redirects=False
            )
            assert response.status_code == 403, (method, path, response.status_code)
            assert "Form expired" in response.text, (method, path)
    # Still signed in: nothing above took effect (not even the sign-out).
    assert client.get("/dashboard", follow_redirects=False).status_code == 200


def test_the_header_carries_the_token_for_scripts(client: TestClient, engine: Engine) -> None:
    token = signed_in(client, engine)
    response = client.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/dashboard", follow_redirects=False).status_code == 303
