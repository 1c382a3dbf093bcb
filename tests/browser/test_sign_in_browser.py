"""An organiser signs in through the real form in Chromium, sees the dashboard and
signs out: cookies, redirects, the CSRF fields and the CSP as a browser meets them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.accounts_support import PASSWORD, make_account
from tests.support.live_hub import LiveHub

pytestmark = [pytest.mark.chromium]


def test_sign_in_see_the_dashboard_and_sign_out(live_hub: LiveHub, page: Any) -> None:
    make_account(live_hub.engine, email="ana@example.org", name="Ana Lima")
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    page.goto(live_hub.url + "/dashboard")
    assert page.url == live_hub.url + "/login"  # sent to sign in first
    page.fill("#email", "ana@example.org")
    page.fill("#password", "not the password at all")
    page.click("button[type=submit]")
    assert "Wrong e-mail address or password." in page.inner_text("[role=alert]")

    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_hub.url + "/dashboard")
    assert page.inner_text("h1") == "Hello, Ana Lima"
    assert page.is_visible("nav.dash-nav a[aria-current=page]")
    session = next(c for c in page.context.cookies() if c["name"] == "sw_session")
    assert session["httpOnly"] and session["sameSite"] == "Lax"

    page.click("form.logout button")
    page.wait_for_url(live_hub.url + "/login?signed_out=1")
    assert "You are signed out." in page.inner_text("main")
    page.goto(live_hub.url + "/dashboard")
    assert page.url == live_hub.url + "/login"
    # Nothing on these pages broke the CSP (an inline style or script would).
    assert not [text for text in errors if "Content Security Policy" in text], errors
