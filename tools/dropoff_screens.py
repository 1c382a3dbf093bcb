"""Screenshots of the drop-off form at phone size, for tools/hub_screens.py.

The form's pages come after a POST (the form with its mistakes marked, the
confirmation), which Chromium's --screenshot cannot reach, so these are taken with
Playwright driving the same Debian Chromium, with JavaScript off as on a phone that
has it off. The sticker is drawn by the command's own code and scaled down.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

SLUG = "elm-street-fridge"
PHONE: ViewportSize = {"width": 360, "height": 740}
STICKER_SHOWN = (310, 437)  # a quarter of the A6 sticker at 300 dpi
PUBLIC_URL = "https://wall.example.org"


def take(url: str, data_dir: Path, out: Path, chromium: str) -> list[Path]:
    """Write the form (empty, with mistakes), its confirmation and the sticker."""
    from playwright.sync_api import sync_playwright

    from server.core.config import Settings
    from server.services.dropoff_links import sticker_url

    settings = Settings(data_dir=data_dir)
    _ensure_fridge(settings.database_url)
    link = sticker_url(url, settings.secret_key, SLUG)
    written = [_sticker(settings.secret_key, out)]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        try:
            context = browser.new_context(
                viewport=PHONE,
                java_script_enabled=False,
                is_mobile=True,
                device_scale_factor=1,
                locale="en-GB",
            )
            page = context.new_page()
            page.goto(link)
            written.append(_shot(page, out / "hub-dropoff-form-phone.png", full=False))
            page.get_by_label("Fruit and vegetables").fill("6")
            page.get_by_label("Bread and bakery").fill("10000")
            page.get_by_label("Prepared meals", exact=True).fill("2")
            page.get_by_label("Earliest best-before date (optional)").fill("1900-01-01")
            page.get_by_label("Milk").check()
            page.get_by_label("Your nickname (optional)").fill("Sam")
            page.get_by_role("button", name="Send drop-off").click()
            page.locator("#problems").wait_for()
            written.append(_shot(page, out / "hub-dropoff-form-errors-phone.png", full=True))
            page.get_by_label("Bread and bakery").fill("2")
            page.get_by_label("Prepared meals", exact=True).fill("")
            page.get_by_label("Earliest best-before date (optional)").fill("")
            for box in page.locator("input[name=rule]").all():
                box.check()
            page.get_by_label("Many items").check()
            shelf = out / "shelf-for-screens.jpg"
            _shelf_photo(shelf)
            try:
                # The browser reads the file as it sends the form: kept until then.
                page.get_by_label("A photo of the shelves (optional)").set_input_files(str(shelf))
                page.get_by_role("button", name="Send drop-off").click()
                page.get_by_role("heading", name="Thank you!").wait_for()
            finally:
                shelf.unlink()
            written.append(_shot(page, out / "hub-dropoff-sent-phone.png", full=True))
        finally:
            browser.close()
    return written


def _ensure_fridge(database_url: str) -> None:
    from sqlmodel import Session

    from server.core.db import make_engine
    from server.errors import NotFound
    from server.fridges import get_fridge, make_fridge

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            try:
                get_fridge(session=session, site_slug=SLUG)
            except NotFound:
                make_fridge(session=session, site_slug=SLUG, address="14 Elm Street")
    finally:
        engine.dispose()


def _shelf_photo(target: Path) -> None:
    """A made-up photo of shelves: three shelves with boxes of food on them."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 900), (225, 230, 228))
    draw = ImageDraw.Draw(image)
    for shelf, top in enumerate((260, 560, 860)):
        draw.rectangle((60, top, 1140, top + 18), fill=(150, 150, 150))
        for n in range(5):
            left = 90 + n * 210 + shelf * 20
            draw.rectangle((left, top - 150, left + 150, top), fill=(60 + 40 * n, 140, 80))
    image.save(target, format="JPEG", quality=85)


def _shot(page: Page, target: Path, *, full: bool) -> Path:
    from PIL import Image

    picture = Image.open(io.BytesIO(page.screenshot(full_page=full)))
    # A page of flat colours and text: 256 colours look the same at a third of the bytes.
    picture.convert("RGB").quantize(colors=256).save(target, optimize=True)
    return target


def _sticker(secret_key: str, out: Path) -> Path:
    from PIL import Image

    from server.services.dropoff_links import sticker_url
    from server.services.sticker import draw_sticker

    sticker = draw_sticker(
        name="Elm Street community fridge", url=sticker_url(PUBLIC_URL, secret_key, SLUG)
    )
    image = Image.open(io.BytesIO(sticker.png)).convert("L")
    image.thumbnail(STICKER_SHOWN, Image.Resampling.LANCZOS)
    target = out / "hub-dropoff-sticker.png"
    image.save(target, optimize=True)
    return target
