"""GET /api/v1/kiosk/wall.png: the wall image, its sizes, ETag and 304, and what it shows."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from sqlmodel import Session

from server import crud, prompts
from server.services import emoji_art, moderation, wall_image
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, auth, note, push, reaction

URL = "/api/v1/kiosk/wall.png"


def _image(response: httpx.Response) -> Image.Image:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


@pytest.mark.parametrize("size", [(800, 480), (480, 800), (720, 1280), (1280, 720)])
def test_the_image_has_the_kiosk_screen_size(
    client: httpx.Client, seed: Seed, size: tuple[int, int]
) -> None:
    response = client.get(URL, params={"w": size[0], "h": size[1]}, headers=auth(seed.token))
    image = _image(response)
    assert image.size == size
    assert image.format == "PNG"
    assert len(image.getcolors(maxcolors=100_000) or []) > 2  # something is drawn on it
    assert response.headers["ETag"].startswith('"')
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "params", [{"w": 800, "h": 800}, {"w": 100, "h": 60}, {"w": 481, "h": 800}, {"w": 800}]
)
def test_other_sizes_are_refused(client: httpx.Client, seed: Seed, params: dict[str, int]) -> None:
    response = client.get(URL, params=params, headers=auth(seed.token))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_a_token_is_needed(client: httpx.Client, seed: Seed) -> None:
    assert client.get(URL, params={"w": 800, "h": 480}).status_code == 401


def test_unchanged_is_304_and_a_press_changes_the_image(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    # Counts are drawn for a revealed prompt once it is locked (docs/prompts.md): locked
    # a minute from now, it still takes the press made now, delivered below.
    prompts.lock(session=session, prompt_id=seed.prompt_id, now_ms=NOW_MS + 60_000)
    params = {"w": 800, "h": 480}
    first = client.get(URL, params=params, headers=auth(seed.token))
    etag = first.headers["ETag"]
    again = client.get(URL, params=params, headers={**auth(seed.token), "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    # Another size is another image.
    portrait = client.get(URL, params={"w": 480, "h": 800}, headers=auth(seed.token))
    assert portrait.headers["ETag"] != etag
    press = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="🌳")
    assert push(client, seed.token, [press]).json()["accepted"] == 1
    after = client.get(URL, params=params, headers={**auth(seed.token), "If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert after.content != first.content


def test_the_image_speaks_the_site_languages_only(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    crud.update_site(session=session, slug="riverside", languages=["en", "es"])
    crud.set_prompt(
        session=session,
        site_slug="riverside",
        text="How was the park?",
        texts={"es": "¿Qué tal el parque?"},
        emoji=["😀", "😢"],
        created_ms=NOW_MS,
    )
    params = {"w": 800, "h": 480}
    english = client.get(URL, params=params, headers=auth(seed.token))
    spanish = client.get(URL, params={**params, "lang": "es"}, headers=auth(seed.token))
    assert _image(spanish).size == (800, 480)
    assert spanish.headers["ETag"] != english.headers["ETag"]
    assert spanish.content != english.content
    welsh = client.get(URL, params={**params, "lang": "cy"}, headers=auth(seed.token))
    assert welsh.status_code == 422
    assert "languages" in welsh.json()["detail"][0]["msg"]


def test_a_site_without_a_prompt_still_has_an_image(client: httpx.Client, session: Session) -> None:
    crud.create_site(session=session, slug="empty", name="Empty Lot", timezone="UTC")
    _kiosk, token = crud.create_kiosk(
        session=session, site_slug="empty", kiosk_id="empty-1", name="Lot"
    )
    image = _image(client.get(URL, params={"w": 720, "h": 1280}, headers=auth(token)))
    assert image.size == (720, 1280)


def test_an_approved_note_reaches_the_image_and_a_held_one_never(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    params = {"w": 720, "h": 1280}
    before = client.get(URL, params=params, headers=auth(seed.token))
    kind = note(kiosk_id="riverside-1", text="Thank you for the benches 🌳", seq=1)
    held = note(kiosk_id="riverside-1", text="something rude", seq=2)
    assert push(client, seed.token, [kind, held]).json()["accepted"] == 2
    waiting = client.get(URL, params=params, headers=auth(seed.token))
    # Held notes change nothing the kiosk is shown: not even the ETag.
    assert waiting.headers["ETag"] == before.headers["ETag"]
    assert waiting.content == before.content
    moderation.approve(session, event_id=kind["id"], decided_by="sam", now_ms=0)
    after = client.get(URL, params=params, headers=auth(seed.token))
    assert after.headers["ETag"] != before.headers["ETag"]
    image = _image(after).convert("RGB")
    # The note is drawn on a paper card below the tallies.
    paper = sum(
        1
        for y in range(image.height // 2, image.height, 4)
        for x in range(0, image.width, 4)
        if image.getpixel((x, y)) == wall_image.PAPER
    )
    assert paper > 1000
    assert _image(before).convert("RGB").getpixel((360, 1000)) != wall_image.PAPER


def test_the_image_shows_emoji_without_artwork_from_the_font_or_in_words(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="Animals?",
        emoji=["🦔", "😀"],
    )
    picture = wall_image.WallPicture(
        width=800, height=480, site_name="Riverside", day="2025-06-21", language="en",
        prompt="Animals?", answers=(wall_image.Answer("🦔", True, 3),), play=0,
    )  # fmt: skip
    drawn = Image.open(io.BytesIO(wall_image.render(picture))).convert("RGB")
    art = emoji_art.emoji_picture("🦔", 64)
    if art is None:  # no emoji font here: its name is written instead, never a blank
        assert emoji_art.emoji_words("🦔") == "hedgehog"
    else:
        # The hedgehog's browns are drawn where the label goes (words would be grey ink).
        label = drawn.crop((0, 120, 160, 480))
        brown = [
            (r, g, b)
            for _count, (r, g, b) in label.getcolors(maxcolors=100_000) or []
            if r > g > b and r - b > 60
        ]
        assert len(brown) > 20
    response = client.get(URL, params={"w": 800, "h": 480}, headers=auth(seed.token))
    assert _image(response).size == (800, 480)
