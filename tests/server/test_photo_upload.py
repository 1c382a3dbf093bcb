"""Photos through the hub: a kiosk's JPEG upload (PUT /api/v1/media/<sha256>), what is
kept of it, when events count it present, and the public display and thumbnail of an
approved photo. On SQLite and PostgreSQL (docs/photos.md).

Until the drop-off event exists, a doodle event names the photo: the media refs,
presence and moderation the photo routes read are the same for every kind."""

from __future__ import annotations

import asyncio
import io
import tracemalloc
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from starlette.types import Message

from server.core.config import Settings
from server.errors import PhotoUnsupported
from server.media import LocalMediaStore
from server.models import Media, Photo
from server.services import moderation
from server.services.photos import accept_photo, photo_urls
from storywall.protocol.limits import MAX_PHOTO_BYTES
from storywall.protocol.media import media_path, sha256_hex
from tests.server import photo_corpus as corpus
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, auth, doodle, push
from tests.server.photo_corpus import HOSTILE, UPRIGHT, Hostile, assert_clean, close, corners_of


def upload(
    client: httpx.Client, token: str, data: bytes, kind: str = "image/jpeg"
) -> httpx.Response:
    headers = {**auth(token), "Content-Type": kind}
    return client.put(media_path(sha256_hex(data)), content=data, headers=headers)


def _files(settings: Settings) -> dict[str, bytes]:
    root = settings.data_dir / "media"
    return {path.name: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def _photos(engine: Engine) -> list[Photo]:
    with Session(engine) as session:
        return list(session.exec(select(Photo)).all())


def _media_rows(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Media)).one()


def test_a_kiosk_photo_is_kept_as_display_and_thumbnail_only(
    client: httpx.Client, engine: Engine, seed: Seed, settings: Settings
) -> None:
    source = corpus.phone_jpeg(640, 480, orientation=6)
    name = sha256_hex(source)
    first = upload(client, seed.token, source)
    assert first.status_code == 201, first.text
    assert first.json() == {"sha256": name, "bytes": len(source), "status": "stored"}
    again = upload(client, seed.token, source)
    assert again.status_code == 200 and again.json()["status"] == "held"

    [photo] = _photos(engine)
    assert (photo.sha256, photo.bytes, photo.kiosk_id) == (name, len(source), "riverside-1")
    assert (photo.width, photo.height, photo.stored_ms) == (480, 640, NOW_MS)
    files = _files(settings)
    # The upload is never kept, under its name or any other; its two clean sizes are.
    assert sorted(files) == sorted([photo.display_sha256, photo.thumb_sha256])
    assert source not in files.values()
    for kept_name, data in files.items():
        assert sha256_hex(data) == kept_name
        assert_clean(data)
    assert _media_rows(engine) == 0


def test_an_event_naming_a_photo_waits_for_it_and_not_after(
    client: httpx.Client, seed: Seed
) -> None:
    source = corpus.phone_jpeg(320, 240)
    name = sha256_hex(source)
    event = doodle(kiosk_id="riverside-1", media=name, size=100)
    assert push(client, seed.token, [event]).json()["missing_media"] == [name]
    assert upload(client, seed.token, source).status_code == 201
    assert push(client, seed.token, []).json()["missing_media"] == []

    # A photo kept before its event is present from the start.
    later = corpus.phone_jpeg(320, 240, orientation=3)
    assert upload(client, seed.token, later).status_code == 201
    second = doodle(kiosk_id="riverside-1", media=sha256_hex(later), size=100, seq=2)
    assert push(client, seed.token, [second]).json()["missing_media"] == []


def test_the_public_sees_an_approved_photo_only_clean_and_upright(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    source = corpus.phone_jpeg(640, 480, orientation=6)
    name = sha256_hex(source)
    event = doodle(kiosk_id="riverside-1", media=name, size=100)
    push(client, seed.token, [event])
    upload(client, seed.token, source)
    display_url, thumb_url = photo_urls(name)
    assert (display_url, thumb_url) == (
        f"/media/photos/{name}/display.jpg",
        f"/media/photos/{name}/thumb.jpg",
    )
    assert client.get(display_url).status_code == 404  # held

    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    sizes = []
    for url in (display_url, thumb_url):
        shown = client.get(url)
        assert shown.status_code == 200
        assert shown.headers["content-type"] == "image/jpeg"
        assert shown.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in shown.headers["content-security-policy"]
        assert "max-age" in shown.headers["cache-control"]
        assert_clean(shown.content)
        assert close(corners_of(shown.content), UPRIGHT[6])
        with Image.open(io.BytesIO(shown.content)) as image:
            sizes.append(image.size)
        etag = shown.headers["etag"]
        unchanged = client.get(url, headers={"If-None-Match": etag})
        assert unchanged.status_code == 304 and unchanged.content == b""
    assert sizes == [(480, 640), (240, 320)]

    for wrong in (
        f"/media/photos/{'0' * 64}/display.jpg",
        f"/media/photos/{name}/original.jpg",
        f"/media/photos/{name.upper()}/thumb.jpg",
        f"/media/{name}.png",  # a photo is not a doodle's PNG
    ):
        assert client.get(wrong).status_code == 404, wrong

    moderation.reject(
        session, event_id=event["id"], reason="a face", decided_by="sam", now_ms=NOW_MS
    )
    assert client.get(display_url).status_code == 404
    assert client.get(thumb_url).status_code == 404


@pytest.mark.parametrize("item", HOSTILE, ids=[item.name for item in HOSTILE])
def test_hostile_uploads_are_refused_and_nothing_is_kept(
    client: httpx.Client, engine: Engine, seed: Seed, settings: Settings, item: Hostile
) -> None:
    data = item.make()
    response = upload(client, seed.token, data)
    # Sent as a kiosk sends a photo (image/jpeg): what is not a JPEG inside is 415.
    expected = 415 if item.declared != "image/jpeg" else item.status
    assert response.status_code == expected, response.text
    assert isinstance(response.json()["detail"], str)
    assert _photos(engine) == []
    assert _files(settings) == {}


def test_a_photo_sent_with_the_wrong_hash_is_400_before_any_work(
    client: httpx.Client, seed: Seed, settings: Settings
) -> None:
    source = corpus.phone_jpeg(64, 48)
    headers = {**auth(seed.token), "Content-Type": "image/jpeg"}
    response = client.put(media_path("0" * 64), content=source, headers=headers)
    assert response.status_code == 400
    assert _files(settings) == {}


def test_lost_files_are_made_again_from_the_same_upload(
    client: httpx.Client, engine: Engine, seed: Seed, settings: Settings
) -> None:
    source = corpus.phone_jpeg(320, 240)
    assert upload(client, seed.token, source).status_code == 201
    [photo] = _photos(engine)
    kept = _files(settings)
    for path in (settings.data_dir / "media").rglob(photo.display_sha256):
        path.unlink()  # a media folder restored from an older backup
    again = upload(client, seed.token, source)
    assert again.status_code == 201 and again.json()["status"] == "stored"
    assert _files(settings) == kept
    assert len(_photos(engine)) == 1


def test_accept_photo_for_the_form_is_idempotent_and_words_its_refusals(
    session: Session, seed: Seed, tmp_path: Path
) -> None:
    store = LocalMediaStore(tmp_path / "media")
    source = corpus.phone_jpeg(320, 240, orientation=8)
    first = accept_photo(session, store, source, kiosk_id="harbour-1", now_ms=NOW_MS)
    second = accept_photo(session, store, source, kiosk_id="harbour-1", now_ms=NOW_MS + 5)
    assert (first.created, second.created) == (True, False)
    assert (first.sha256, first.bytes, first.width, first.height) == (
        sha256_hex(source),
        len(source),
        240,
        320,
    )
    assert second == replace(first, created=False)
    with pytest.raises(PhotoUnsupported) as refused:
        accept_photo(
            session,
            store,
            corpus.png(),
            kiosk_id="harbour-1",
            now_ms=NOW_MS,
            declared_type="image/jpeg",
        )
    assert refused.value.status == 415
    assert "PNG" in str(refused.value)
    # A PNG sent as what it is, through the form, is a photo like any other.
    assert accept_photo(session, store, corpus.png(), kiosk_id="harbour-1", now_ms=NOW_MS).created


def test_a_photo_over_the_limit_is_413_by_its_declared_length(
    client: httpx.Client, seed: Seed
) -> None:
    data = corpus.huge()
    assert len(data) == MAX_PHOTO_BYTES + 1
    assert upload(client, seed.token, data).status_code == 413
    # A doodle's PNG keeps its own, smaller limit on the same path.
    doodle_sized = b"\x89PNG\r\n\x1a\n" + bytes(300 * 1024)
    assert upload(client, seed.token, doodle_sized, kind="image/png").status_code == 413


def test_a_streamed_photo_far_over_the_limit_is_cut_off_in_bounded_memory(
    app: FastAPI, seed: Seed
) -> None:
    """Straight through the ASGI app (the test client would buffer the whole body
    first): 60 MiB without a Content-Length, in 64 KiB pieces."""
    chunk, pieces = 64 * 1024, 4 * MAX_PHOTO_BYTES // (64 * 1024)
    sent = 0
    answers: list[Message] = []

    async def receive() -> Message:
        nonlocal sent
        if sent == pieces:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent += 1
        return {"type": "http.request", "body": bytes(chunk), "more_body": True}

    async def send(message: Message) -> None:
        answers.append(message)

    path = media_path("0" * 64)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"authorization", f"Bearer {seed.token}".encode()),
            (b"content-type", b"image/jpeg"),
            (b"transfer-encoding", b"chunked"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    tracemalloc.start()
    try:
        asyncio.run(app(scope, receive, send))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [start] = [m for m in answers if m["type"] == "http.response.start"]
    assert start["status"] == 413
    assert sent * chunk <= MAX_PHOTO_BYTES + 2 * chunk  # stopped reading at the limit
    assert peak < 3 * MAX_PHOTO_BYTES


def test_the_larger_photo_limit_is_for_media_uploads_only(
    client: httpx.Client, seed: Seed, settings: Settings
) -> None:
    body = bytes(settings.max_body_bytes + 1)
    headers = {**auth(seed.token), "Content-Type": "application/json"}
    answer = client.post("/api/v1/events", content=body, headers=headers)
    assert answer.status_code == 413
    assert str(settings.max_body_bytes) in answer.json()["detail"]
    # The same size is an ordinary photo upload (here refused for what it is, not its size).
    photo = b"\xff\xd8\xff\xe0" + bytes(settings.max_body_bytes)
    assert upload(client, seed.token, photo).status_code == 422
