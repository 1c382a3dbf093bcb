"""The loop the organiser hub is for, in Chromium: a note arrives held; an organiser
signs in through the form, approves it in the moderation queue and answers it on the
replies page; a wall page opened before any of this, and never reloaded, shows the note
and then its reply (live updates from the database's change marker)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import WALL_POLL_S, sign_in
from tests.server.accounts_support import make_account
from tests.support.live_hub import SITE, LiveHub

pytestmark = [pytest.mark.chromium]

TEXT = "The swings by the <pond> need oil"
REPLY = "Oiled this morning: thank you for telling us"


def test_an_approved_note_and_its_reply_reach_an_open_wall(
    live_hub: LiveHub, page: Any, wall_page: Any
) -> None:
    live_hub.add_site()
    token = live_hub.add_kiosk("gate")
    live_hub.set_prompt("How was the park today?")
    note_id = live_hub.push_note("gate", token, TEXT)
    make_account(live_hub.engine, email="sam@example.org", role="organiser", name="Sam")

    # The wall is open before anything is decided: the held note is not on it.
    wall = wall_page
    wall.goto(f"{live_hub.url}/?site={SITE}")
    assert wall.locator(f"#note-{note_id}").count() == 0
    assert TEXT not in wall.inner_text("main")
    # A reload would lose this; it must still be here at the end.
    wall.evaluate("window.openedOnce = true")

    sign_in(page, live_hub, "sam@example.org", then="/dashboard/moderation")
    page.click(f"#item-{note_id} button[data-decision=approved]")
    page.wait_for_load_state()

    wall.wait_for_selector(f"#note-{note_id}", timeout=(WALL_POLL_S + 5) * 1000)
    assert TEXT in wall.inner_text(f"#note-{note_id}")
    assert wall.locator(f"#note-{note_id} .reply").count() == 0

    page.goto(live_hub.url + "/dashboard/replies")
    page.fill(f"#reply-{note_id}", REPLY)
    page.click(f"#note-{note_id} form[action$='/reply'] button[type=submit]")
    assert "Reply posted." in page.inner_text("[role=status]")

    wall.wait_for_selector(f"#note-{note_id} .reply", timeout=(WALL_POLL_S + 5) * 1000)
    assert REPLY in wall.inner_text(f"#note-{note_id} .reply")
    assert TEXT in wall.inner_text(f"#note-{note_id}")
    assert wall.evaluate("window.openedOnce === true"), "the wall page was reloaded"
