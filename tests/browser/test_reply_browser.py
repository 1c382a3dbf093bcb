"""A moderator answers a note in one browser while the wall is open in another: the
reply and a spotlight appear on the open wall page without anyone touching it, and
the page then settles (the change marker stops moving: no reload loop)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlmodel import Session

from server.services import moderation
from tests.browser.pages import WALL_POLL_S, sign_in
from tests.server.accounts_support import make_account
from tests.support.live_hub import SITE, LiveHub

pytestmark = [pytest.mark.chromium]


def test_a_reply_and_a_spotlight_reach_an_open_wall(
    live_hub: LiveHub, page: Any, wall_page: Any
) -> None:
    live_hub.add_site()
    token = live_hub.add_kiosk("gate")
    live_hub.set_prompt("How was the park today?")
    note_id = live_hub.push_note("gate", token, "The gate <squeaks> every morning")
    with Session(live_hub.engine) as session:
        moderation.approve(session, event_id=note_id, decided_by="sam", now_ms=1)
    make_account(live_hub.engine, email="mo@example.org", role="moderator", name="Mo")

    wall = wall_page
    wall.goto(f"{live_hub.url}/?site={SITE}")
    assert "The gate <squeaks> every morning" in wall.inner_text(f"#note-{note_id}")
    assert wall.locator(".reply").count() == 0

    sign_in(page, live_hub, "mo@example.org", then="/dashboard/replies")
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
