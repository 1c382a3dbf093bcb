"""Emoji on the wall are the hub's pictures: the kiosk's artwork at /emoji/<hex>.png, drawn
once from the emoji font when there is no artwork, else the emoji stays text."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlmodel import Session

from server import crud
from server.services import emoji_art, moderation
from server.web import emoji
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, note, push

ARTWORK = Path(__file__).resolve().parents[2] / "assets" / "emoji"
HEDGEHOG = "\N{HEDGEHOG}"  # not in the kiosk's artwork
font_installed = pytest.mark.skipif(
    not any(path.is_file() for path in emoji_art.EMOJI_FONTS), reason="no emoji font installed"
)


@pytest.fixture
def no_emoji_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A hub on a machine without the emoji font package."""
    monkeypatch.setattr(emoji_art, "EMOJI_FONTS", ())
    caches = (
        emoji_art._font,
        emoji_art.emoji_png,
        emoji_art.emoji_picture,
        emoji.emoji_img,
        emoji.emoji_text,
    )
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def test_the_kiosk_artwork_is_served_with_long_cache_headers(client: httpx.Client) -> None:
    response = client.get("/emoji/1f600.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content == (ARTWORK / "1f600.png").read_bytes()
    assert "max-age=31536000" in response.headers["cache-control"]
    assert "immutable" in response.headers["cache-control"]
    again = client.get("/emoji/1f600.png", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@font_installed
def test_an_emoji_without_artwork_is_drawn_from_the_font(client: httpx.Client) -> None:
    assert not (ARTWORK / "1f994.png").exists()
    response = client.get("/emoji/1f994.png")
    assert response.status_code == 200
    picture = Image.open(io.BytesIO(response.content)).convert("RGBA")
    assert picture.size == (emoji_art.SIDE, emoji_art.SIDE)
    # A colour picture, not an outline: more than a handful of colours, a transparent corner.
    assert len(picture.getcolors(maxcolors=100_000) or []) > 20
    assert picture.getpixel((0, 0))[3] == 0  # type: ignore[index]


@pytest.mark.usefixtures("no_emoji_font")
def test_without_artwork_or_font_the_page_shows_text(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="Animals?",
        emoji=[HEDGEHOG, "😀"],
    )
    assert client.get("/emoji/1f994.png").status_code == 404
    page = client.get("/", params={"site": "riverside"}).text
    assert f'<span class="emoji emoji-text" title="hedgehog">{HEDGEHOG}</span>' in page
    assert '<img class="emoji" src="/emoji/1f600.png" alt="😀" title="grinning face">' in page


@pytest.mark.parametrize("name", ["41", "zz", "1f600-", "d800", "110000", "-".join(["1f600"] * 11)])
def test_what_is_not_an_emoji_is_404(client: httpx.Client, name: str) -> None:
    response = client.get(f"/emoji/{name}.png")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"


def test_tallies_and_notes_use_the_pictures(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    text = "Lovely trees 🌳 and <b>sun</b> ☀️"
    event = note(kiosk_id="riverside-1", text=text, seq=1)
    push(client, seed.token, [event])
    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=0)
    page = client.get("/", params={"site": "riverside"}).text
    # The prompt's answers (EMOJI in conftest) are the artwork, never left to a font.
    for name in ("1f600", "1f610", "1f622", "1f333"):
        assert f'src="/emoji/{name}.png"' in page
    card = page.split('data-card="' + event["id"], 1)[1].split("</li>", 1)[0]
    assert "Lovely trees " in card
    assert '<img class="emoji inline" src="/emoji/1f333.png" alt="🌳"' in card
    assert '<img class="emoji inline" src="/emoji/2600.png" alt="☀️"' in card
    assert "&lt;b&gt;sun&lt;/b&gt;" in card and "<b>" not in card
    # Every picture the page names is served.
    for name in ("1f333", "2600"):
        assert client.get(f"/emoji/{name}.png").status_code == 200
