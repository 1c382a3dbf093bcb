"""The fleet page in Chromium at a phone's width: an organiser registers a kiosk,
downloads its kiosk.toml (the token posted back, never in a URL), and revokes it after
confirming; the page never scrolls sideways, and nothing breaks the CSP."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.accounts_support import PASSWORD, make_account
from tests.support.live_hub import LiveHub

pytestmark = [pytest.mark.chromium]

PHONE = {"width": 360, "height": 740}


def test_register_download_and_revoke_on_a_phone(
    live_hub: LiveHub, browser: Any, tmp_path: Path
) -> None:
    live_hub.add_site()
    make_account(live_hub.engine, email="ana@example.org", name="Ana Lima")
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))
    try:
        page.goto(live_hub.url + "/login?next=/dashboard/kiosks")
        page.fill("#email", "ana@example.org")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(live_hub.url + "/dashboard/kiosks")
        page.fill("#name", "Bandstand")
        page.click("section.register button[type=submit]")
        token = page.inner_text(".copy-link code").strip()
        assert token.startswith("sw_k_")
        assert _fits(page)

        with page.expect_download() as download:
            page.click("text=Download kiosk.toml")
        saved = tmp_path / "kiosk.toml"
        download.value.save_as(saved)
        settings = tomllib.loads(saved.read_text(encoding="utf-8"))["kiosk"]
        assert (settings["id"], settings["token"]) == ("bandstand", token)
        config = httpx.get(
            live_hub.url + "/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"}
        )
        assert config.status_code == 200

        page.goto(live_hub.url + "/dashboard/kiosks")
        assert _fits(page)
        page.click("tr:has(code:text('bandstand')) summary")
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.click("tr:has(code:text('bandstand')) button.danger")
        assert "revoked" not in page.inner_text("tr:has(code:text('bandstand'))")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("tr:has(code:text('bandstand')) button.danger")
        page.wait_for_url(live_hub.url + "/dashboard/kiosks?done=revoked")
        assert "revoked" in page.inner_text("tr:has(code:text('bandstand'))")
        config = httpx.get(
            live_hub.url + "/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"}
        )
        assert config.status_code == 401
    finally:
        context.close()
    assert not any(token in url for url in visited)
    assert not [text for text in errors if "Content Security Policy" in text], errors


def _fits(page: Any) -> bool:
    """No sideways scrolling at the phone's width."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
