"""Real-browser tests: a real hub on a real socket, and headless Chromium driving it.

The hub is `create_app` under uvicorn in a thread, on a temporary SQLite file
(tests/support/live_hub.py). The browser is Debian's Chromium (`apt-get install
chromium`), driven by Playwright's Python package (the dev extra) through
`executable_path`: Playwright's own browser download is never used. Without either,
each test is skipped and says which is missing.

    def test_x(live_hub, page):
        page.goto(live_hub.url + "/login")
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_hub import LiveHub

# Debian's package first; Playwright never fetches a browser of its own.
CHROMIUM_PATHS = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    """Where Chromium is installed, or None."""
    for candidate in CHROMIUM_PATHS:
        found = shutil.which(candidate)
        if found:
            return found
    return None


# Package scope, not session: Playwright's sync API keeps an event loop running in
# the thread while it is open, and later tests of the same process (asyncio.run,
# another sync_playwright) would find it. Pytest ends it after this package's tests.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Headless Chromium under Playwright, for the browser tests of this package."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (the dev extra) is not installed"
    )
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed: apt-get install chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at desktop size, and a page in it."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def wall_page(browser: Any) -> Iterator[Any]:
    """A second person's browser (its own context, no cookies) for the open wall."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def live_hub(tmp_path: Path) -> Iterator[LiveHub]:
    """The hub on 127.0.0.1 (a free port), on an empty SQLite file; stopped after."""
    hub = LiveHub(tmp_path / "hub")
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()
        hub.engine.dispose()
