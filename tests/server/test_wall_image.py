"""GET /api/v1/kiosk/wall.png: the placeholder wall image, its sizes, ETag and 304."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from sqlmodel import Session

from server import crud
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, auth, push, reaction

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


def test_unchanged_is_304_and_a_press_changes_the_image(client: httpx.Client, seed: Seed) -> None:
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
        created_ms=NOW_MS,
        text="How was the park?",
        texts={"es": "¿Qué tal el parque?"},
        emoji=["😀", "😢"],
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
