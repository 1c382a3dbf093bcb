"""What the browser tests do the same way: sign in through the form, and how long an
open wall may take to hear of a change."""

from __future__ import annotations

from typing import Any

from tests.server.accounts_support import PASSWORD
from tests.support.live_hub import LiveHub

# How soon an open wall hears of a change (its live stream polls the database's marker
# every couple of seconds), with room to spare.
WALL_POLL_S = 5


def sign_in(page: Any, hub: LiveHub, email: str, *, then: str, password: str = PASSWORD) -> None:
    """Sign in through /login as a person does, and land on `then`."""
    page.goto(f"{hub.url}/login?next={then}")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(hub.url + then)
