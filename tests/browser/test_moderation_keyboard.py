"""The moderation queue driven by keyboard only, in Chromium: move with j/k, approve
with a, reject with r (the reason field takes the cursor, Enter sends), open the help
with ?; each decision lands on the hub, and the CSP is never broken."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from server import crud
from server.models import Moderation
from tests.server.accounts_support import PASSWORD, make_account
from tests.support.live_hub import LiveHub

pytestmark = [pytest.mark.chromium]

TEXTS = ["The swans are back", "Something unkind here", "More benches by the pond please"]


def _push_notes(hub: LiveHub) -> list[str]:
    with Session(hub.engine) as session:
        crud.create_site(session=session, slug="park", name="The Park", timezone="Europe/London")
        _, token = crud.create_kiosk(
            session=session, site_slug="park", kiosk_id="gate", name="Gate"
        )
    now = datetime.now(UTC).isoformat()
    events = [
        {
            "v": 1, "id": str(uuid.uuid4()), "kiosk_id": "gate", "boot_id": "b", "seq": n + 1,
            "mono_ms": 1000 * (n + 1), "wall_time": now, "clock_synced": True, "type": "note",
            "payload": {"text": text, "language": "en"},
        }
        for n, text in enumerate(TEXTS)
    ]  # fmt: skip
    answer = httpx.post(
        hub.url + "/api/v1/events",
        json={"protocol": 1, "boot_id": "b", "sent_mono_ms": 10_000, "events": events},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.json()["accepted"] == len(events), answer.text
    return [str(event["id"]) for event in events]


def _state(hub: LiveHub, event_id: str) -> str:
    with Session(hub.engine) as session:
        row = session.get(Moderation, event_id)
        assert row is not None
        return row.state


def test_the_queue_by_keyboard_only(live_hub: LiveHub, page: Any) -> None:
    swans, unkind, benches = _push_notes(live_hub)
    make_account(live_hub.engine, email="kim@example.org", role="moderator", name="Kim")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_hub.url + "/login")
    page.fill("#email", "kim@example.org")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_hub.url + "/dashboard")
    page.goto(live_hub.url + "/dashboard/moderation")

    # The first item is current; help opens and closes with ?.
    assert page.get_attribute(f"#item-{swans}", "class").split().count("current") == 1
    page.keyboard.press("?")
    assert page.is_visible("#mod-help")
    page.keyboard.press("?")
    assert not page.is_visible("#mod-help")

    # a approves the current item; the page comes back on the item after it.
    page.keyboard.press("a")
    page.wait_for_url(f"**#item-{unkind}")
    assert _state(live_hub, swans) == "approved"
    assert "current" in page.get_attribute(f"#item-{unkind}", "class")

    # j and k move; r puts the cursor in the reason field and Enter sends a rejection.
    page.keyboard.press("j")
    assert "current" in page.get_attribute(f"#item-{benches}", "class")
    page.keyboard.press("k")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("unkind to a neighbour")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#item-{benches}")
    assert _state(live_hub, unkind) == "rejected"
    assert _state(live_hub, benches) == "held"

    # An empty reason is refused with a message, and nothing changes.
    page.keyboard.press("r")
    page.keyboard.press("Enter")
    page.wait_for_selector("[role=alert]")
    assert "needs a reason" in page.inner_text("[role=alert]")
    assert _state(live_hub, benches) == "held"
    assert not [text for text in errors if "Content Security Policy" in text], errors
