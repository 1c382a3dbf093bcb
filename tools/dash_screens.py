"""Screenshot the organiser hub's pages in headless Chromium into
docs/screens/hub-dash-<name>-<desktop|phone>.png.

    .venv/bin/python -m tools.dash_screens [--only accounts]     (make screens runs it too)

It starts a throwaway hub with tools/hub_screens.py's sample data (sites, kiosks,
notes, fridges), adds an organiser, a moderator, a volunteer and an open invitation,
signs in through the real form with Playwright (driving Debian's Chromium, never a
downloaded browser) and takes each page of DASH_PAGES at 1280x800 and 390x844,
whole (full page). Each area of the dashboard adds its pages to DASH_PAGES.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.charts_sample import sample_charts
from tools.hub_screens import DEFAULT_OUT, REPO_ROOT, sample_hub

ORGANISER = ("ana@example.org", "Ana Lima")
PASSWORD = "screens are not a secret"  # noqa: S105 (a throwaway hub's sample account)
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


@dataclass(frozen=True)
class DashPage:
    """One screenshot: `path` opened signed in as the organiser (or signed out), then
    `act(page, base_url)` if given (fill a form, press a button) before the shot."""

    name: str
    path: str
    signed_in: bool = True
    act: Callable[[Any, str], None] | None = None


def _invite_someone(page: Any, _url: str) -> None:
    page.fill("#invite-email", "sam@example.org")
    page.check("input[name=role][value=volunteer]")
    page.click("form.invite-form button[type=submit]")
    page.wait_for_selector("#invite-link")


def _wrong_password(page: Any, _url: str) -> None:
    page.fill("#email", ORGANISER[0])
    page.fill("#password", "not the password")
    page.click("main button[type=submit]")
    page.wait_for_selector("[role=alert]")


def _reply_with_an_address(page: Any, _url: str) -> None:
    page.fill("article.reply-item textarea[name=text] >> nth=0", "Write to me at ana@example.org")
    page.click("article.reply-item form button[type=submit] >> nth=0")
    page.wait_for_selector("[role=alert]")


# `{invitation}` in a path is replaced by the sample invitation's link.
DASH_PAGES: list[DashPage] = [
    DashPage("login", "/login", signed_in=False),
    DashPage("login-wrong", "/login", signed_in=False, act=_wrong_password),
    DashPage("home", "/dashboard"),
    DashPage("accounts", "/dashboard/accounts"),
    DashPage("accounts-invited", "/dashboard/accounts", act=_invite_someone),
    DashPage("password", "/account/password"),
    DashPage("replies", "/dashboard/replies"),
    DashPage("replies-refused", "/dashboard/replies", act=_reply_with_an_address),
    DashPage("invitation", "{invitation}", signed_in=False),
    DashPage("charts", "/dashboard/charts?site=riverside"),
    DashPage("charts-fridge", "/dashboard/charts?site=elm-street-fridge"),
]


def _chromium() -> str:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("dash_screens: no Chromium found (apt-get install chromium)")


def _accounts(app: Any) -> str:
    """The sample people, and an open invitation's path."""
    from sqlmodel import Session

    from server.services import accounts, invitations

    now_ms = int(time.time() * 1000)
    with Session(app.state.engine) as session:
        ana = accounts.create_account(
            session, email=ORGANISER[0], name=ORGANISER[1], role="organiser",
            password=PASSWORD, now_ms=now_ms,
        )  # fmt: skip
        for email, name, role in (
            ("bo@example.org", "Bo Reyes", "moderator"),
            ("cy@example.org", "Cy Okafor", "volunteer"),
            ("dee@example.org", "Dee Marsh", "moderator"),
        ):
            accounts.create_account(
                session, email=email, name=name, role=role, password=PASSWORD, now_ms=now_ms
            )
        dee = accounts.account_by_email(session, email="dee@example.org")
        assert dee is not None and dee.id is not None and ana.id is not None
        accounts.disable(session, account_id=dee.id, now_ms=now_ms)
        invitation = invitations.invite(
            session, email="eli@example.org", role="moderator", invited_by=ana.id, now_ms=now_ms
        )
        token = invitations.token_for(app.state.settings.secret_key, invitation)
    return f"/invite/{token}"


def _sign_in(page: Any, url: str) -> None:
    page.goto(url + "/login")
    page.fill("#email", ORGANISER[0])
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(url + "/dashboard")


def take(url: str, invitation: str, out: Path, only: str | None = None) -> list[Path]:
    """Every page of DASH_PAGES (or those whose name contains `only`), both sizes."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for size, (width, height) in VIEWPORTS.items():
            for screen in DASH_PAGES:
                if only and only not in screen.name:
                    continue
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                if screen.signed_in:
                    _sign_in(page, url)
                page.goto(url + screen.path.replace("{invitation}", invitation))
                if screen.act is not None:
                    screen.act(page, url)
                target = out / f"hub-dash-{screen.name}-{size}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", help="only the pages whose name contains this")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url, thread, server, token = sample_hub(Path(tmp) / "hub")
        invitation = _accounts(server.config.app)  # type: ignore[attr-defined]
        sample_charts(server.config.app, url, token)  # type: ignore[attr-defined]
        try:
            for target in take(url, invitation, args.out, args.only):
                shown = (
                    target.relative_to(REPO_ROOT) if target.is_relative_to(REPO_ROOT) else target
                )
                print(f"wrote {shown}")
        finally:
            server.should_exit = True  # type: ignore[attr-defined]
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
