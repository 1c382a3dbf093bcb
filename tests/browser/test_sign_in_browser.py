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


def test_an_invitation_travels_from_one_browser_to_another(
    live_hub: LiveHub, page: Any, browser: Any
) -> None:
    make_account(live_hub.engine, email="ana@example.org", name="Ana Lima")
    page.goto(live_hub.url + "/login?next=/dashboard/accounts")
    page.fill("#email", "ana@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_hub.url + "/dashboard/accounts")
    page.fill("#invite-email", "bo@example.org")
    page.check("input[name=role][value=volunteer]")
    page.click("form.invite-form button[type=submit]")
    link = page.inner_text("#invite-link").strip()
    assert link.startswith(live_hub.url + "/invite/")

    other = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        invited = other.new_page()
        invited.goto(link)
        assert "bo@example.org" in invited.inner_text("main")
        invited.fill("#name", "Bo Reyes")
        invited.fill("#password", "a long enough passphrase")
        invited.fill("#again", "a long enough passphrase")
        invited.click("main button[type=submit]")
        invited.wait_for_url(live_hub.url + "/dashboard")
        assert invited.inner_text("h1") == "Hello, Bo Reyes"
        # A volunteer's bar has no Accounts.
        assert invited.locator("nav.dash-nav a", has_text="Accounts").count() == 0
    finally:
        other.close()
    page.goto(live_hub.url + "/dashboard/accounts")
    assert "Bo Reyes" in page.inner_text("ul.accounts")
