"""The wall in a real browser: it fills a 1920x1080 screen with one site and with six,
fits a 360 px phone, and shows an approved note without a reload.

A real hub (create_app under uvicorn, on a socket) with six sites, their prompts and
approved notes, and Debian's Chromium driven by Playwright. Skipped, saying why, without
Playwright or Chromium.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlmodel import Session

from server import crud
from server.app import create_app
from server.core.config import Settings
from server.services import moderation
from tests.server.factories import NOW_MS, iso
from tests.support.hub_db import hub_database

pytestmark = [pytest.mark.chromium]

CHROMIUM_PATHS = ("/usr/bin/chromium", "chromium", "chromium-browser")
SCREEN = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}
SITES = ["riverside", "harbour", "mill-lane", "station", "quay", "elm-street"]
SIX_EMOJI = ["😀", "🙂", "😐", "🙁", "😢", "🌳"]
LONG_QUESTION = "What would make the riverside path nicer to walk along in the winter?"
NOTES = [
    "The new benches are lovely, thank you",
    "Please can we have more bins near the playground?",
    "Saw a heron by the pond this morning!",
    "Could the gate by the tennis courts be fixed? It squeaks terribly and wakes the ducks.",
    "Love the wildflowers",
    "More dog bags please",
    "My daughter learned to ride her bike here today",
    "Thank you to whoever left the bread",
]


def _chromium() -> str:
    for candidate in CHROMIUM_PATHS:
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("Chromium: apt-get install chromium to run the wall layout test")


class _Hub:
    """The hub on 127.0.0.1 with six sites, each with a prompt and approved notes."""

    def __init__(self, folder: Path) -> None:
        settings = Settings(
            env="development",
            data_dir=folder,
            database_url=hub_database(folder / "hub.sqlite3"),
            background_jobs=False,
            wall_stream_poll_ms=200,
        )
        self.app = create_app(settings)
        self.engine = self.app.state.engine
        self.tokens: dict[str, str] = {}
        with Session(self.engine) as session:
            for slug in SITES:
                name = slug.replace("-", " ").title()
                crud.create_site(session=session, slug=slug, name=name, timezone="UTC")
                # Riverside asks with six answers (the most a prompt has) and a long question.
                text = f"How is {name}?" if slug != "riverside" else LONG_QUESTION
                emoji = SIX_EMOJI if slug == "riverside" else ["😀", "😢"]
                crud.set_prompt(
                    session=session,
                    site_slug=slug,
                    created_ms=NOW_MS,
                    text=text,
                    emoji=emoji,
                    results_revealed=True,  # the wall with its tallies
                )
                _, self.tokens[slug] = crud.create_kiosk(
                    session=session, site_slug=slug, kiosk_id=f"{slug}-1", name=name
                )
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="wall-hub", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "hub did not start"
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.seq = 0
        for slug in SITES:
            for text in NOTES[: 8 if slug == "riverside" else 3]:
                self.approve(self.note(slug, text))

    def note(self, slug: str, text: str) -> str:
        """Push a note through the kiosk API; its id (held until approved)."""
        self.seq += 1
        event = {
            "v": 1, "id": str(uuid.uuid4()), "kiosk_id": f"{slug}-1", "boot_id": "b",
            "seq": self.seq, "mono_ms": self.seq, "wall_time": iso(int(time.time() * 1000)),
            "clock_synced": True, "type": "note", "payload": {"text": text, "language": "en"},
        }  # fmt: skip
        answer = httpx.post(
            f"{self.url}/api/v1/events",
            json={"boot_id": "b", "sent_mono_ms": self.seq, "events": [event]},
            headers={"Authorization": f"Bearer {self.tokens[slug]}"},
        )
        assert answer.json()["accepted"] == 1, answer.text
        return str(event["id"])

    def approve(self, event_id: str) -> None:
        with Session(self.engine) as session:
            moderation.approve(session, event_id=event_id, decided_by="sam", now_ms=0)

    def stop(self) -> None:
        # Open streams would hold a graceful stop: the browser is gone by now anyway.
        self.server.should_exit = self.server.force_exit = True
        self.thread.join(timeout=10)
        self.engine.dispose()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Hub]:
    live = _Hub(tmp_path_factory.mktemp("wall-hub"))
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (the dev extra) is not installed"
    )
    chromium = _chromium()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()


def _page(browser: Any, viewport: dict[str, int], url: str) -> Any:
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


def _inside(box: dict[str, float], viewport: dict[str, int]) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"] + 0.5
        and box["y"] + box["height"] <= viewport["height"] + 0.5
    )


def _scroll_size(page: Any) -> tuple[int, int]:
    size = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    return int(size[0]), int(size[1])


def test_one_site_fills_a_big_screen(hub: _Hub, browser: Any) -> None:
    page = _page(browser, SCREEN, f"{hub.url}/?site=riverside")
    # Exactly one screen: nothing to scroll, nothing cut at the side.
    assert _scroll_size(page) == (SCREEN["width"], SCREEN["height"])
    question = _box(page, ".question")
    board = _box(page, ".board")
    strip = _box(page, ".neighbours")
    for box in (question, board, strip):
        assert _inside(box, SCREEN)
    # The question on the left, the cards beside it filling the width, the strip below.
    assert question["x"] + question["width"] <= board["x"]
    assert board["x"] + board["width"] > SCREEN["width"] * 0.9
    assert strip["y"] >= board["y"] + board["height"] - 1
    assert board["height"] > SCREEN["height"] * 0.5
    # Every answer of the six, whole, above the strip.
    tallies = page.locator(".question li.tally").all()
    assert len(tallies) == len(SIX_EMOJI)
    for tally in tallies:
        box = tally.bounding_box()
        assert box is not None and _inside(box, SCREEN)
        assert box["y"] + box["height"] <= strip["y"]
    # Emoji are the hub's pictures, drawn at the size of the answers.
    face = _box(page, ".tally img.emoji")
    assert face["width"] > 40
    assert page.locator(".neighbours li.card").count() >= 3


def test_six_sites_fill_a_big_screen_three_by_two(hub: _Hub, browser: Any) -> None:
    page = _page(browser, SCREEN, f"{hub.url}/")
    assert _scroll_size(page) == (SCREEN["width"], SCREEN["height"])
    panels = [_box(page, f'section[data-site="{slug}"]') for slug in SITES]
    for panel in panels:
        assert _inside(panel, SCREEN)
        assert panel["width"] > SCREEN["width"] / 3 * 0.85
        assert panel["height"] > SCREEN["height"] / 2 * 0.8
    assert len({round(panel["x"]) for panel in panels}) == 3
    assert len({round(panel["y"]) for panel in panels}) == 2
    # Each panel shows its question and at least its newest card.
    for slug in SITES:
        section = f'section[data-site="{slug}"]'
        assert _inside(_box(page, f"{section} .prompt"), SCREEN)
        assert _inside(_box(page, f"{section} li.card"), SCREEN)


def test_a_phone_scrolls_down_never_sideways(hub: _Hub, browser: Any) -> None:
    for path in ("/?site=riverside", "/"):
        page = _page(browser, PHONE, f"{hub.url}{path}")
        width, height = _scroll_size(page)
        assert width == PHONE["width"], path
        assert height > PHONE["height"]  # one column that scrolls
        for card in page.locator("li.card").all():
            box = card.bounding_box()
            assert box is not None and box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"] + 0.5


def test_an_approved_note_appears_without_a_reload(hub: _Hub, browser: Any) -> None:
    page = _page(browser, SCREEN, f"{hub.url}/?site=riverside")
    page.evaluate("window.storywallTestMark = 'same page'")
    text = "The swans are back on the river"
    note_id = hub.note("riverside", text)
    time.sleep(0.5)
    assert page.locator("li.card.note", has_text=text).count() == 0  # held: nowhere
    hub.approve(note_id)
    page.locator("li.card.note", has_text=text).wait_for(timeout=15_000)
    assert page.evaluate("window.storywallTestMark") == "same page"
    # A neighbour's approval reaches the strip the same way.
    other = "Fresh bread at the harbour"
    hub.approve(hub.note("harbour", other))
    page.locator(".neighbours li.card", has_text=other).wait_for(timeout=15_000)
    assert page.evaluate("window.storywallTestMark") == "same page"
