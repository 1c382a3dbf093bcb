"""Doodles' media through the app: missing_media, uploads and their refusals, and the
public PNG of an approved doodle (docs/protocol.md, "Media")."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from server.core.config import Settings
from server.models import Kiosk, Media
from server.services import moderation
from server.services.holds import MAX_MISSING_MEDIA
from storywall.protocol.limits import MAX_DOODLE_BYTES, MAX_DOODLE_SIDE
from storywall.protocol.media import media_path, sha256_hex
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, auth, doodle, push


def png(side: int = 32, colour: tuple[int, int, int] = (200, 80, 40), height: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (side, height or side), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(
    client: httpx.Client, token: str, data: bytes, *, name: str = "", kind: str = "image/png"
) -> httpx.Response:
    headers = {**auth(token), "Content-Type": kind}
    return client.put(media_path(name or sha256_hex(data)), content=data, headers=headers)


def _stored_rows(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Media)).one()


def _owing(engine: Engine) -> dict[str, bool]:
    with Session(engine) as session:
        return {kiosk.id: kiosk.media_missing for kiosk in session.exec(select(Kiosk)).all()}


def test_missing_media_until_uploaded_then_stored_once(
    client: httpx.Client, engine: Engine, seed: Seed, settings: Settings
) -> None:
    data = png()
    name = sha256_hex(data)
    event = doodle(kiosk_id="riverside-1", media=name, size=len(data), side=32)
    answer = push(client, seed.token, [event]).json()
    assert answer["accepted"] == 1
    assert answer["missing_media"] == [name]
    # Only the kiosk whose events name it is asked for it.
    assert push(client, seed.other_token, []).json()["missing_media"] == []

    assert _owing(engine) == {"riverside-1": True, "harbour-1": False}

    first = upload(client, seed.token, data)
    assert first.status_code == 201
    assert first.json() == {"sha256": name, "bytes": len(data), "status": "stored"}
    assert push(client, seed.token, []).json()["missing_media"] == []
    # Nothing owed any more: later pushes skip the look-up.
    assert _owing(engine) == {"riverside-1": False, "harbour-1": False}

    again = upload(client, seed.token, data)
    assert again.status_code == 200
    assert again.json()["status"] == "held"
    assert _stored_rows(engine) == 1
    files = [path for path in (settings.data_dir / "media").rglob("*") if path.is_file()]
    assert [path.name for path in files] == [name]
    assert files[0].read_bytes() == data


def test_an_upload_restores_bytes_whose_file_was_lost(
    client: httpx.Client, engine: Engine, seed: Seed, settings: Settings
) -> None:
    data = png(colour=(10, 120, 60))
    name = sha256_hex(data)
    assert upload(client, seed.token, data).status_code == 201
    [kept] = [p for p in (settings.data_dir / "media").rglob(name) if p.is_file()]
    kept.unlink()  # a media folder restored from an older backup

    again = upload(client, seed.token, data)
    assert again.status_code == 201 and again.json()["status"] == "stored"
    assert kept.read_bytes() == data
    assert _stored_rows(engine) == 1


def test_bytes_held_before_the_doodle_are_never_missing(client: httpx.Client, seed: Seed) -> None:
    data = png(colour=(1, 2, 3))
    assert upload(client, seed.token, data).status_code == 201
    event = doodle(kiosk_id="riverside-1", media=sha256_hex(data), size=len(data), side=32)
    assert push(client, seed.token, [event]).json()["missing_media"] == []


def test_missing_media_is_oldest_first_capped_and_skips_rejected(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    hashes = [sha256_hex(f"doodle {n}".encode()) for n in range(MAX_MISSING_MEDIA + 5)]
    events = [
        doodle(kiosk_id="riverside-1", media=name, size=100, seq=n + 1)
        for n, name in enumerate(hashes)
    ]
    missing = push(client, seed.token, events).json()["missing_media"]
    assert missing == hashes[:MAX_MISSING_MEDIA]
    moderation.reject(
        session, event_id=events[0]["id"], reason="spam", decided_by="sam", now_ms=NOW_MS
    )
    assert push(client, seed.token, []).json()["missing_media"] == hashes[1 : MAX_MISSING_MEDIA + 1]


def _not_png() -> bytes:
    return b"GIF89a" + b"\x00" * 40


def _truncated_png() -> bytes:
    return png(side=64, colour=(9, 9, 9))[:-30]


def _huge_png() -> bytes:
    # A real PNG, one side over the limit: refused on its header, before decoding.
    return png(side=MAX_DOODLE_SIDE + 1, height=2)


@pytest.mark.parametrize(
    ("make", "kind", "name", "status"),
    [
        (png, "image/png", "NOT-A-HASH", 422),
        (png, "image/png", "A" * 64, 422),
        (png, "image/jpeg", "", 415),
        (png, "text/plain", "", 415),
        (lambda: b"\x89PNG" + b"\x00" * MAX_DOODLE_BYTES, "image/png", "", 413),
        (png, "image/png", "0" * 64, 400),
        (_not_png, "image/png", "", 415),
        (_truncated_png, "image/png", "", 415),
        (_huge_png, "image/png", "", 422),
    ],
    ids=[
        "bad-hash",
        "upper-case-hash",
        "jpeg",
        "text",
        "too-large",
        "hash-differs",
        "not-png",
        "truncated-png",
        "side-too-large",
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_kept(
    client: httpx.Client,
    engine: Engine,
    seed: Seed,
    settings: Settings,
    make: object,
    kind: str,
    name: str,
    status: int,
) -> None:
    assert callable(make)
    data: bytes = make()
    response = upload(client, seed.token, data, name=name, kind=kind)
    assert response.status_code == status, response.text
    assert isinstance(response.json()["detail"], (str, list))
    assert _stored_rows(engine) == 0
    assert not (settings.data_dir / "media").exists() or not any(
        path.is_file() for path in (settings.data_dir / "media").rglob("*")
    )


def test_upload_needs_a_kiosk_token(client: httpx.Client, seed: Seed) -> None:
    data = png()
    response = client.put(
        media_path(sha256_hex(data)), content=data, headers={"Content-Type": "image/png"}
    )
    assert response.status_code == 401
    assert upload(client, "sw_k_not-a-token", data).status_code == 401


def test_a_chunked_body_over_the_limit_is_413(client: httpx.Client, seed: Seed) -> None:
    def chunks() -> object:
        for _ in range(MAX_DOODLE_BYTES // 4096 + 2):
            yield b"\x00" * 4096

    response = client.put(
        media_path("0" * 64),
        content=chunks(),  # type: ignore[arg-type]
        headers={**auth(seed.token), "Content-Type": "image/png"},
    )
    assert response.status_code == 413


def test_public_png_only_once_its_doodle_is_approved(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    data = png(side=48, colour=(10, 120, 200))
    name = sha256_hex(data)
    event = doodle(kiosk_id="riverside-1", media=name, size=len(data), side=48)
    push(client, seed.token, [event])
    upload(client, seed.token, data)
    url = f"/media/{name}.png"
    assert client.get(url).status_code == 404
    assert (
        client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["doodles"] == []
    )
    assert url not in client.get("/").text

    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    shown = client.get(url)
    assert shown.status_code == 200
    assert shown.content == data
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["x-content-type-options"] == "nosniff"
    assert shown.headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert "max-age" in shown.headers["cache-control"]
    doodles = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["doodles"]
    assert doodles == [
        {"id": event["id"], "url": url, "width": 48, "height": 48, "received_ms": NOW_MS}
    ]
    assert f'src="{url}"' in client.get("/").text
    # Unknown, malformed or held names stay 404.
    assert client.get(f"/media/{'0' * 64}.png").status_code == 404
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/..%2F..%2Fhub.sqlite3.png").status_code == 404

    moderation.reject(
        session, event_id=event["id"], reason="changed our mind", decided_by="sam", now_ms=NOW_MS
    )
    assert client.get(url).status_code == 404
