"""A moderator answers a note in one browser while the wall is open in another: the
reply and a spotlight appear on the open wall page without anyone touching it, and
the page then settles (the change marker stops moving: no reload loop)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from server.services import moderation
from tests.server.accounts_support import PASSWORD, make_account
from tests.support.live_hub import SITE, LiveHub

pytestmark = [pytest.mark.chromium]

# How soon an open wall hears of a change (its live stream polls the database's marker
# every couple of seconds), with room to spare.
WALL_POLL_S = 5


def _push_note(hub: LiveHub, token: str, text: str) -> str:
    event_id = str(uuid.uuid4())
    event = {
        "v": 1, "id": event_id, "kiosk_id": "gate", "boot_id": "b1", "seq": 1,
        "mono_ms": 1000, "wall_time": datetime.now(UTC).isoformat(), "clock_synced": True,
        "type": "note", "payload": {"text": text, "language": "en"},
    }  # fmt: skip
    httpx.post(
        f"{hub.url}/api/v1/events",
        json={"boot_id": "b1", "sent_mono_ms": 2000, "events": [event]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    ).raise_for_status()
    return event_id


def test_a_reply_and_a_spotlight_reach_an_open_wall(
    live_hub: LiveHub, page: Any, browser: Any
) -> None:
    live_hub.add_site()
    token = live_hub.add_kiosk("gate")
    live_hub.set_prompt("How was the park today?")
    note_id = _push_note(live_hub, token, "The gate <squeaks> every morning")
    with Session(live_hub.engine) as session:
        moderation.approve(session, event_id=note_id, decided_by="sam", now_ms=1)
    make_account(live_hub.engine, email="mo@example.org", role="moderator", name="Mo")

    wall = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        wall.goto(f"{live_hub.url}/?site={SITE}")
        assert "The gate <squeaks> every morning" in wall.inner_text(f"#note-{note_id}")
        assert wall.locator(".reply").count() == 0

        page.goto(live_hub.url + "/login?next=/dashboard/replies")
        page.fill("#email", "mo@example.org")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(live_hub.url + "/dashboard/replies")
        page.fill(f"#reply-{note_id}", "Oiled it today: thank you for telling us")
        page.click(f"#note-{note_id} form[action$='/reply'] button[type=submit]")
        assert "Reply posted." in page.inner_text("[role=status]")
        page.click("form[action$='/spotlight'] >> nth=0 >> button[type=submit]")
        assert "Spotlight pinned." in page.inner_text("[role=status]")

        # The open wall notices on its next poll, with nobody touching it.
        wall.wait_for_selector(f"#note-{note_id} .reply", timeout=(WALL_POLL_S + 5) * 1000)
        reply = wall.inner_text(f"#note-{note_id} .reply")
        assert "Oiled it today: thank you for telling us" in reply
        assert "The gate <squeaks>" in wall.inner_text(".spotlight")
        # Then it stays put: a marker set now survives two more polls.
        wall.evaluate("window.settled = true")
        time.sleep(2 * WALL_POLL_S + 1)
        assert wall.evaluate("window.settled === true")
    finally:
        wall.context.close()
