"""The dashboard's home: the tiles areas register, each shown only to whom it says,
and the bar of areas a role may open."""

from __future__ import annotations

import warnings

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from server.models_accounts import Account
from server.permissions import Permission, allowed
from server.web.dash import home, nav, tiles
from tests.server.accounts_support import signed_in

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_registered_tiles_show_to_the_accounts_they_choose(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tiles, "TILES", [])
    seen: list[tuple[str, int]] = []

    def waiting(session: Session, account: Account, now_ms: int) -> tiles.Tile | None:
        seen.append((account.role, now_ms))
        if not allowed(account.role, Permission.MODERATE):
            return None
        return tiles.Tile("Waiting over 24 h", "3", "oldest <2 days>", "/dashboard/queue")

    home.register_tile(waiting)
    home.register_tile(waiting)  # once is enough
    home.register_tile(lambda _s, _a, _n: tiles.Tile("Kiosks", "4"))
    signed_in(client, engine, role="moderator")
    page = client.get("/dashboard").text
    assert page.count("Waiting over 24 h") == 1
    assert "oldest &lt;2 days&gt;" in page  # escaped
    assert 'href="/dashboard/queue"' in page
    assert "Kiosks" in page
    assert seen and seen[0][0] == "moderator"


def test_a_role_sees_only_the_areas_it_may_open(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tiles, "TILES", [])
    monkeypatch.setattr(
        nav,
        "NAV",
        [
            *nav.NAV,
            nav.NavEntry("Moderation", "/dashboard/moderation", Permission.MODERATE),
            nav.NavEntry("Kiosks", "/dashboard/kiosks", Permission.KIOSKS),
        ],
    )
    signed_in(client, engine, role="moderator")
    page = client.get("/dashboard").text
    assert 'href="/dashboard/moderation"' in page
    assert 'href="/dashboard/kiosks"' not in page
    assert '<a href="/dashboard" aria-current="page">Home</a>' in page
    assert "Nothing needs you right now." in page
    assert nav.NavEntry("Moderation", "/dashboard/moderation").is_current(
        "/dashboard/moderation/42"
    )
    assert not nav.NavEntry("Home", "/dashboard").is_current("/dashboard/moderation")
