"""Who may do what: the roles' permissions in the code, docs/accounts.md's table, and
`requires` refusing a signed-in account whose role lacks a page's permission."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from server.models_accounts import ROLES, Account
from server.permissions import ROLE_PERMISSIONS, Permission, allowed
from server.web.dash_auth import requires
from server.web.dash_render import render_dash
from tests.server.accounts_support import signed_in

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DOC = Path(__file__).parents[2] / "docs" / "accounts.md"
ROW = re.compile(r"^\| `(\w+)` \| [^|]+ \| (yes|no) \| (yes|no) \| (yes|no) \|$")


def test_the_docs_table_is_the_codes() -> None:
    header = next(line for line in DOC.read_text().splitlines() if line.startswith("| permission"))
    assert header.split("|")[3:6] == [f" {role} " for role in ROLES]
    documented: dict[str, set[str]] = {role: set() for role in ROLES}
    named = []
    for line in DOC.read_text().splitlines():
        match = ROW.match(line)
        if match:
            named.append(match.group(1))
            for role, answer in zip(ROLES, match.groups()[1:], strict=True):
                if answer == "yes":
                    documented[role].add(match.group(1))
    assert sorted(named) == sorted(permission.value for permission in Permission)
    assert documented == {
        role: {permission.value for permission in permissions}
        for role, permissions in ROLE_PERMISSIONS.items()
    }


def test_roles_as_the_issue_sets_them() -> None:
    assert ROLE_PERMISSIONS["organiser"] == frozenset(Permission)
    assert ROLE_PERMISSIONS["moderator"] == {
        Permission.MODERATE,
        Permission.REPLY,
        Permission.CHARTS,
    }
    assert ROLE_PERMISSIONS["volunteer"] == {Permission.CHARTS}
    assert not allowed("admin", Permission.CHARTS)
    assert set(ROLE_PERMISSIONS) == set(ROLES)


def _add_a_page(app: FastAPI) -> None:
    router = APIRouter()

    @router.get("/dashboard/test-accounts-only", response_class=HTMLResponse)
    def page(
        request: Request, account: Annotated[Account, requires(Permission.ACCOUNTS)]
    ) -> HTMLResponse:
        return render_dash(
            request, account, "dash/message.html", {"heading": "Inside", "message": "ok"}
        )

    app.include_router(router)


def test_a_page_needing_a_permission_refuses_other_roles(app: FastAPI, engine: Engine) -> None:
    _add_a_page(app)
    for role, status in (("volunteer", 403), ("moderator", 403), ("organiser", 200)):
        with TestClient(app) as client:
            stranger = client.get("/dashboard/test-accounts-only", follow_redirects=False)
            assert stranger.status_code == 303
            assert stranger.headers["location"] == "/login?next=/dashboard/test-accounts-only"
            signed_in(client, engine, role=role)
            response = client.get("/dashboard/test-accounts-only")
            assert response.status_code == status, role
            assert ("Not for your role" in response.text) == (status == 403)
            assert ("Inside" in response.text) == (status == 200)
            # The bar shows only what the role may open; sign-out is always there.
            assert 'action="/logout"' in response.text
