"""The drop-off form in a real browser at phone size, with JavaScript off.

A real hub (create_app under uvicorn, on a socket) and Debian's Chromium driven by
Playwright at 360x740, the narrowest phone the form is made for. The test types and
taps as a volunteer does (no script helpers: the page has no script and the context
runs none), sends a mistake, sees it marked with what it typed kept, corrects it and
sees the confirmation. Skipped, saying why, without Playwright or Chromium.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from PIL import Image
from sqlmodel import Session, col, select

from server import crud
from server.app import create_app
from server.core.config import Settings
from server.fridges import make_fridge
from server.models import Event
from server.services.dropoff_links import sticker_url
from tests.support.hub_db import hub_database

pytestmark = [pytest.mark.chromium]

# Debian's package; Playwright is never allowed to fetch a browser of its own.
CHROMIUM_PATHS = ("/usr/bin/chromium", "chromium", "chromium-browser")
PHONE = {"width": 360, "height": 740}


def _chromium() -> str:
    for candidate in CHROMIUM_PATHS:
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("Chromium: apt-get install chromium to run the phone form test")


class _Hub:
    """The hub on 127.0.0.1 with one fridge, Harbour."""

    def __init__(self, folder: Path) -> None:
        settings = Settings(
            env="development",
            data_dir=folder,
            database_url=hub_database(folder / "hub.sqlite3"),
            background_jobs=False,
        )
        self.settings = settings
        self.app = create_app(settings)
        with Session(self.app.state.engine) as session:
            crud.create_site(
                session=session, slug="harbour", name="Harbour Fridge", timezone="Europe/London"
            )
            make_fridge(session=session, site_slug="harbour")
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="phone-hub", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the hub did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.engine.dispose()

    def dropoffs(self) -> list[dict[str, Any]]:
        with Session(self.app.state.engine) as session:
            events = session.exec(select(Event).where(col(Event.type) == "dropoff")).all()
            return [event.payload for event in events]


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[_Hub]:
    live = _Hub(tmp_path / "hub")
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def phone(hub: _Hub) -> Iterator[Any]:
    """A page in a 360x740 phone-sized browser with JavaScript off."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (the dev extra) is not installed"
    )
    chromium = _chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        try:
            context = browser.new_context(
                viewport=PHONE, java_script_enabled=False, is_mobile=True, has_touch=True
            )
            yield context.new_page()
        finally:
            browser.close()


def _fits_the_phone(page: Any) -> None:
    for selector in ("form.dropoff", "h1", "button[type=submit]"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
            selector,
            box,
        )


def test_a_volunteer_fills_in_and_sends_the_form_on_a_phone(
    hub: _Hub, phone: Any, tmp_path: Path
) -> None:
    link = sticker_url(hub.url, hub.settings.secret_key, "harbour")
    phone.goto(link)
    assert phone.locator("h1").inner_text() == "Log a drop-off"
    _fits_the_phone(phone)

    phone.get_by_label("Fruit and vegetables").fill("5")
    phone.get_by_label("Prepared meals", exact=True).fill("10000")  # a slip of the thumb
    phone.get_by_label("Prepared meals: the day they were made").fill("2020-01-01")
    phone.get_by_label("Milk").check()
    phone.get_by_label("Eggs", exact=True).check()
    for box in phone.locator("input[name=rule]").all():
        box.tap()
    phone.get_by_label("Many items").check()
    phone.get_by_label("Its condition").select_option("dirty")
    phone.get_by_label("Your nickname (optional)").fill("Ayesha")
    phone.get_by_role("button", name="Send drop-off").tap()

    # Refused: each mistake beside its field, everything typed still there.
    phone.locator("#problems").wait_for()
    assert "At most 200" in phone.locator("#count_prepared-error").inner_text()
    assert "last 7 days" in phone.locator("#prepared_on-error").inner_text()
    assert phone.get_by_label("Fruit and vegetables").input_value() == "5"
    assert phone.get_by_label("Milk").is_checked()
    assert phone.get_by_label("Many items").is_checked()
    assert phone.get_by_label("Its condition").input_value() == "dirty"
    assert phone.get_by_label("Your nickname (optional)").input_value() == "Ayesha"
    assert all(box.is_checked() for box in phone.locator("input[name=rule]").all())
    _fits_the_phone(phone)
    assert hub.dropoffs() == []

    phone.get_by_label("Prepared meals", exact=True).fill("3")
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 3600))
    phone.get_by_label("Prepared meals: the day they were made").fill(today)
    shelf = tmp_path / "shelf.jpg"
    Image.new("RGB", (800, 600), (90, 160, 70)).save(shelf, format="JPEG")
    phone.get_by_label("A photo of the shelves (optional)").set_input_files(str(shelf))
    phone.get_by_role("button", name="Send drop-off").tap()

    phone.get_by_role("heading", name="Thank you!").wait_for()
    assert phone.get_by_role("link", name="See the fridge's page").get_attribute("href") == (
        "/fridges/harbour"
    )
    [payload] = hub.dropoffs()
    assert payload["items"] == {"produce": 5, "prepared": 3}
    assert payload["allergens"] == ["eggs", "milk"]
    assert (payload["level"], payload["condition"]) == (2, "dirty")
    assert payload["nickname"] == "Ayesha"
    assert payload["photo"] == hashlib.sha256(shelf.read_bytes()).hexdigest()
    assert "waits for a moderator" in phone.locator("main").inner_text()


def test_a_48_mb_photo_is_refused_on_the_form_at_once(
    hub: _Hub, phone: Any, tmp_path: Path
) -> None:
    big = tmp_path / "IMG_0001.jpg"
    with big.open("wb") as file:
        file.truncate(48 * 1024 * 1024)
    phone.goto(sticker_url(hub.url, hub.settings.secret_key, "harbour"))
    phone.get_by_label("Fruit and vegetables").fill("5")
    for box in phone.locator("input[name=rule]").all():
        box.tap()
    phone.locator("#photo").set_input_files(str(big))
    phone.get_by_role("button", name="Send drop-off").tap()

    phone.locator("#problems").wait_for()
    assert "larger than 15 MB" in phone.locator("#photo-error").inner_text()
    assert "choose it again" in phone.locator("#problems").inner_text()
    assert phone.get_by_label("Fruit and vegetables").input_value() == "5"
    assert all(box.is_checked() for box in phone.locator("input[name=rule]").all())
    assert hub.dropoffs() == []
