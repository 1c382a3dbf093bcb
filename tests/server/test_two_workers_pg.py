"""Two hubs on one PostgreSQL database: what one takes in shows live on the other's wall.

The scale path runs several hub processes on one database, so nothing the wall
shows may live in one process's memory. Hub A and hub B are the real command
(`python -m cli hub`) on a scratch database of this test's own; the wall page of
hub B is open in headless Chromium (Debian's, driven by Playwright) and the test
never reloads it. A reaction pushed through A changes B's tally in place (B's
/wall/events stream reads the change from the database and wall.js swaps in the new
wall), and a note pushed through A and approved with `storywall admin moderation
approve` on the same database appears on B's page the same way. B runs as
`storywall hub --workers 2`, so the page's requests reach either of its workers: three
processes in all serve from one database. (B with one worker proved nothing more and
cost 15 s of every run.)

Skipped, saying why, without STORYWALL_TEST_POSTGRES_URL, Playwright or Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from server import crud
from server.core.db import make_engine
from server.launch import HubProcess, free_port
from tests.server.factories import NOW_MS, iso, push
from tests.support import postgres

pytestmark = [pytest.mark.postgres, pytest.mark.chromium, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
# Debian's package; Playwright is never allowed to fetch a browser of its own.
CHROMIUM_PATHS = ("/usr/bin/chromium", "chromium", "chromium-browser")
SITE = "riverside"
EMOJI = ["😀", "😐", "😢", "🌳"]
# A stream reads the database every 2 s; room for a slow machine.
SHOWS_WITHIN_MS = 20_000
NOTE = "The ducks came back to the pond today"


def _chromium() -> str:
    for candidate in CHROMIUM_PATHS:
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("Chromium: apt-get install chromium to run the live wall test")


@pytest.fixture
def scratch_database() -> Iterator[str]:
    """An empty database of this test's own on the PostgreSQL server; dropped after."""
    with postgres.scratch_database("storywall_workers") as url:
        yield url


def _environment() -> dict[str, str]:
    # Only the flags say where the data is: a STORYWALL_* of the shell must not leak in.
    return {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}


def _hub(folder: Path, database_url: str, workers: int) -> HubProcess:
    port = free_port()
    return HubProcess(
        [sys.executable, "-m", "cli", "hub", "--port", str(port), "--workers", str(workers),
         "--database-url", database_url, "--data-dir", str(folder)],
        url=f"http://127.0.0.1:{port}",
        log=folder / "hub.log",
        env=_environment(),
        cwd=ROOT,
        start_timeout_s=60.0,
    )  # fmt: skip


def _seed(database_url: str) -> tuple[str, int]:
    """The site, its kiosk and prompt, as an organiser adds them; (token, prompt id)."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            crud.create_site(session=session, slug=SITE, name="Riverside Park", timezone="UTC")
            _, token = crud.create_kiosk(
                session=session, site_slug=SITE, kiosk_id="riverside-1", name="Riverside gate"
            )
            prompt = crud.set_prompt(
                session=session,
                site_slug=SITE,
                created_ms=NOW_MS,
                text="How was the park today?",
                emoji=EMOJI,
                results_revealed=True,  # its tallies move on the wall
            )
            assert prompt.id is not None
            return token, prompt.id
    finally:
        engine.dispose()


def _event(seq: int, type_name: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "v": 1,
        "id": str(uuid.uuid4()),
        "kiosk_id": "riverside-1",
        "boot_id": "boot-live",
        "seq": seq,
        "mono_ms": 60_000 + seq,
        "wall_time": iso(int(time.time() * 1000)),  # today, for today's tally
        "clock_synced": True,
        "type": type_name,
        "payload": payload,
    }


def _approve(database_url: str, event_id: str) -> None:
    """`storywall admin moderation approve` on the hubs' database, as a moderator runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "cli", "admin", "moderation", "approve", event_id,
         "--by", "moderator", "--database-url", database_url],
        cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _today(page: Any, emoji: str) -> str:
    return str(page.inner_text(f'li.tally[data-choice="{emoji}"] [data-count="today"]'))


def test_what_hub_a_takes_in_shows_live_on_hub_b_wall(
    tmp_path: Path, scratch_database: str
) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (the dev extra) is not installed"
    )
    chromium = _chromium()
    hub_a = _hub(tmp_path / "a", scratch_database, 1)
    # A migrates the empty database before it serves; B then finds it at head.
    hub_a.start()
    try:
        token, prompt_id = _seed(scratch_database)
        hub_b = _hub(tmp_path / "b", scratch_database, 2)
        hub_b.start()
        try:
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, headless=True, args=["--no-sandbox"]
                )
                try:
                    _watch_the_wall(browser.new_page(), hub_a.url, hub_b.url, token, prompt_id,
                                    scratch_database)  # fmt: skip
                finally:
                    browser.close()
        finally:
            hub_b.stop()
    finally:
        hub_a.stop()


def _watch_the_wall(
    page: Any, a_url: str, b_url: str, token: str, prompt_id: int, database_url: str
) -> None:
    page.goto(f"{b_url}/?site={SITE}")
    assert _today(page, "😀") == "0"
    # Gone if the page is reloaded: proves the tally changed in place.
    page.evaluate("window.storywallTestMark = 'same page'")

    reaction = _event(1, "reaction", {"prompt_id": prompt_id, "emoji": "😀", "source": "button"})
    note = _event(2, "note", {"text": NOTE, "language": "en"})
    with httpx.Client(base_url=a_url, timeout=30) as client:
        answer = push(client, token, [reaction, note], boot_id="boot-live")
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == 2

    page.wait_for_function(
        """emoji => document.querySelector(
            `li.tally[data-choice="${emoji}"] [data-count="today"]`).textContent === "1" """,
        arg="😀",
        timeout=SHOWS_WITHIN_MS,
    )
    assert page.evaluate("window.storywallTestMark") == "same page"
    # The note is held for a moderator: the poll that brought the tally left the cards alone.
    assert page.locator("li.card.note").count() == 0

    _approve(database_url, note["id"])
    page.locator("li.card.note", has_text=NOTE).wait_for(timeout=SHOWS_WITHIN_MS)
    assert _today(page, "😀") == "1"
