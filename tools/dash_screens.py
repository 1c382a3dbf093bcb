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
from datetime import UTC, datetime
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


def _wrong_emoji(page: Any, _url: str) -> None:
    page.fill("#text", "Is the new path better?")
    page.fill("#emoji", "yes no")
    page.check("input[name=site][value=riverside]")
    page.click("form.prompt-form button[type=submit]")
    page.wait_for_selector("[role=alert]")


def _wrong_password(page: Any, _url: str) -> None:
    page.fill("#email", ORGANISER[0])
    page.fill("#password", "not the password")
    page.click("main button[type=submit]")
    page.wait_for_selector("[role=alert]")


def _reply_with_an_address(page: Any, _url: str) -> None:
    page.fill("article.reply-item textarea[name=text] >> nth=0", "Write to me at ana@example.org")
    page.click("article.reply-item form button[type=submit] >> nth=0")
    page.wait_for_selector("[role=alert]")


def _register_kiosk(page: Any, _url: str) -> None:
    width = page.viewport_size["width"]
    page.select_option("#site", "riverside")
    page.fill("#id", f"riverside-bandstand-{width}")
    page.fill("#name", "Bandstand")
    page.click("section.register button[type=submit]")
    page.wait_for_selector(".qr svg")


def _queue_keys(page: Any, _url: str) -> None:
    # The second item current (j) and the keyboard help open (?), as a moderator has it.
    page.keyboard.press("j")
    page.keyboard.press("?")


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
    DashPage("prompts", "/dashboard/prompts"),
    DashPage("prompt", "/dashboard/prompts/1"),
    DashPage("prompt-new", "/dashboard/prompts/new"),
    DashPage("prompt-new-wrong", "/dashboard/prompts/new", act=_wrong_emoji),
    DashPage("prompts-calendar", "/dashboard/prompts/calendar?days=7"),
    DashPage("moderation", "/dashboard/moderation?site=mill-lane", act=_queue_keys),
    DashPage("moderation-hidden", "/dashboard/moderation?site=mill-lane&state=hidden"),
    DashPage("moderation-audit", "/dashboard/moderation/audit?site=mill-lane"),
    DashPage("charts", "/dashboard/charts?site=riverside"),
    DashPage("charts-fridge", "/dashboard/charts?site=elm-street-fridge"),
    DashPage("kiosks", "/dashboard/kiosks"),
    DashPage("kiosks-registered", "/dashboard/kiosks", act=_register_kiosk),
    # A missing thing is a page in the dashboard's frame (server/web/dash_errors.py).
    DashPage("not-found", "/dashboard/replies?site=nowhere"),
]


QUEUE_SITE = "mill-lane"


def _held_items(app: Any, url: str) -> None:
    """Notes for the moderation queue at a site of their own (the charts' sample history
    fills the others), as its kiosk sends them: some the flags catch."""
    import uuid
    from datetime import UTC, datetime

    import httpx
    from sqlmodel import Session

    from server import crud
    from server.errors import AlreadyExists

    with Session(app.state.engine) as session:
        try:
            crud.create_site(
                session=session, slug=QUEUE_SITE, name="Mill Lane green",
                timezone="Europe/London", languages=["en", "es"],
            )  # fmt: skip
        except AlreadyExists:  # the wall's sample sites have it already
            crud.update_site(session=session, slug=QUEUE_SITE, languages=["en", "es"])
        _, token = crud.create_kiosk(
            session=session, site_slug=QUEUE_SITE, kiosk_id="mill-lane-bench", name="Bench"
        )
    now_ms = int(time.time() * 1000)
    decided = [  # decided before the screens, for the audit log and the approved list
        ("Thank you for the new bins by the gate", "approved", None),
        ("Ring Sam on 07700 900123 about the football", "rejected", "a phone number"),
        ("Jo from number 12 leaves litter everywhere", "hidden", "names a neighbour"),
    ]
    texts = [
        *(text for text, _state, _reason in decided),
        "The new swings are brilliant, thank you!",
        "this bench is shit",
        "ok",
        "Der Spielplatz ist heute wunderbar sauber und die Kinder sind glücklich",
        "Please fix the broken gate by the pond",
        "please fix the broken gate by the pond!!",
    ]
    events = [
        {
            "v": 1, "id": str(uuid.uuid4()), "kiosk_id": "mill-lane-bench", "boot_id": "queue-boot",
            "seq": n + 1, "mono_ms": (n + 1) * 1000, "clock_synced": True, "type": "note",
            "wall_time": datetime.fromtimestamp((now_ms - (len(texts) - n) * 600_000) / 1000, UTC)
            .isoformat(),
            "payload": {"text": text, "language": "en"},
        }
        for n, text in enumerate(texts)
    ]  # fmt: skip
    answer = httpx.post(
        f"{url}/api/v1/events",
        json={"boot_id": "queue-boot", "sent_mono_ms": 10**6, "events": events},
        headers={"Authorization": f"Bearer {token}"},
    )
    answer.raise_for_status()
    from server.services import moderation

    with Session(app.state.engine) as session:
        for event, (_text, state, reason) in zip(events, decided, strict=False):
            event_id = str(event["id"])
            if state != "rejected":  # a hidden note was public first
                moderation.approve(
                    session, event_id=event_id, decided_by="bo@example.org", now_ms=now_ms
                )
            if state != "approved":
                moderation.decide(
                    session, event_id=event_id, state=state, reason=reason,
                    decided_by="bo@example.org", now_ms=now_ms + 60_000,
                )  # fmt: skip


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


def _prompts(app: Any) -> None:
    """A week of daily prompts with a gap, one locked and revealed, one coming up."""
    from datetime import timedelta

    from sqlmodel import Session

    from server import crud, prompt_calendar, prompts

    now_ms = int(time.time() * 1000)
    with Session(app.state.engine) as session:
        riverside = crud.get_site(session=session, slug="riverside")
        today = prompt_calendar.site_day(riverside, now_ms)
        days = {
            1: ("Did you see the herons today?", ["🐦", "🦆", "🤷"]),
            2: ("How clean was the park?", ["😀", "🙂", "😐", "😢"]),
            4: ("Would you join a litter pick?", ["👍", "👎"]),
        }
        for offset, (text, emoji) in days.items():
            prompt_calendar.schedule_daily(
                session=session, site_slugs=["riverside"], day=today + timedelta(days=offset),
                text=text, emoji=emoji,
            )  # fmt: skip
        prompts.lock(session=session, prompt_id=2, now_ms=now_ms)
        prompts.reveal(session=session, prompt_id=2)


def _fleet(app: Any, url: str) -> None:
    """Kiosks in several states for the fleet pages: heartbeats through the real push
    API, one kiosk silent for an hour and a half, one never installed; and the hub's
    public address, so a registered kiosk gets a provisioning QR code."""
    import uuid

    import httpx
    from sqlalchemy import update
    from sqlmodel import Session, col

    from server import crud
    from server.core.config import Settings
    from server.jobs import run_due_jobs
    from server.models import Kiosk

    now_ms = int(time.time() * 1000)
    app.state.settings = Settings(**{**app.state.settings.model_dump(), "public_url": url})
    tokens = {}
    with Session(app.state.engine) as session:
        for kiosk_id, site, name in (
            ("riverside-pond", "riverside", "Pond path"),
            ("riverside-cafe", "riverside", "Café terrace"),
            ("elm-fridge-door", "elm-street-fridge", "Fridge door"),
        ):
            _, tokens[kiosk_id] = crud.create_kiosk(
                session=session, site_slug=site, kiosk_id=kiosk_id, name=name
            )
    health = {
        "riverside-pond": ({"pending": 240, "in_flight": 20, "rejected": 2}, 1800, 79.5, 610,
                           "HubUnavailable: POST /api/v1/events -> 503"),
        "elm-fridge-door": ({"pending": 0, "in_flight": 0, "rejected": 0}, 400_000, 58.0, 9800,
                            None),
    }  # fmt: skip
    with httpx.Client(base_url=url) as client:
        for kiosk_id, (outbox, uptime_s, cpu, disk_mb, error) in health.items():
            # The silent one's last heartbeat is from before it went quiet.
            sent_ms = now_ms - (100 * 60_000 if kiosk_id == "riverside-pond" else 0)
            event = {
                "v": 1, "id": str(uuid.uuid4()), "kiosk_id": kiosk_id, "boot_id": "screens",
                "seq": 1, "mono_ms": uptime_s * 1000,
                "wall_time": datetime.fromtimestamp(sent_ms / 1000, tz=UTC).isoformat(),
                "clock_synced": kiosk_id == "riverside-pond", "type": "heartbeat",
                "payload": {"outbox": {**outbox, "acked": 500}, "software": "0.2.0",
                            "uptime_s": uptime_s, "cpu_temp_c": cpu, "disk_free_mb": disk_mb,
                            "last_error": error},
            }  # fmt: skip
            body = {"protocol": 1, "boot_id": "screens", "sent_mono_ms": uptime_s * 1000,
                    "events": [event]}  # fmt: skip
            answer = client.post(
                "/api/v1/events", json=body, headers={"Authorization": f"Bearer {tokens[kiosk_id]}"}
            )
            answer.raise_for_status()
    with Session(app.state.engine) as session:
        session.connection().execute(
            update(Kiosk)
            .where(col(Kiosk.id) == "riverside-pond")
            .values(last_seen_ms=now_ms - 95 * 60_000)
        )
        session.commit()
    # The job's run now, not at its next tick: the home's tile counts its alerts.
    run_due_jobs(app.state.engine, app.state.settings, now_ms, "screens", only={"kiosk_silence"})


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
        _held_items(server.config.app, url)  # type: ignore[attr-defined]
        sample_charts(server.config.app, url, token)  # type: ignore[attr-defined]
        _prompts(server.config.app)  # type: ignore[attr-defined]
        _fleet(server.config.app, url)  # type: ignore[attr-defined]
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
