"""A 50 MB photo on the drop-off form: refused on the form itself (413, the typed
fields kept), after reading almost none of it. Driven at the ASGI level, counting
the bytes the hub asks for, since a test client hands the app the whole body."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine

from server.core.config import Settings
from server.models_fridge import Fridge
from server.web.dropoff_form import MAX_FORM_PHOTO_BYTES
from tests.server.dropoff_helpers import (
    ALL_RULES,
    GOOD,
    checked,
    error_of,
    field_value,
    open_form,
    send,
    sticker_path,
)
from tests.server.helpers import event_count

MIB = 1024 * 1024
PHOTO_BYTES = 50 * MIB
BOUNDARY = "----phoneform" + uuid.uuid4().hex


def _head(fields: dict[str, Any]) -> bytes:
    """The parts before the photo's bytes, as a phone's browser sends them."""
    parts = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{one}\r\n'
            )
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    )
    return "".join(parts).encode()


def _post_big_photo(
    app: FastAPI, path: str, cookie: str, fields: dict[str, Any], *, declare_length: bool
) -> tuple[int, str, int]:
    """POST a form with a 50 MB photo straight to the ASGI app; (status, page, bytes the
    app took in)."""
    head = _head(fields)
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    chunks = [head, *([b"\xff" * MIB] * (PHOTO_BYTES // MIB)), tail]
    headers = [
        (b"host", b"testserver"),
        (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
        (b"cookie", cookie.encode()),
    ]
    if declare_length:
        headers.append((b"content-length", str(sum(map(len, chunks))).encode()))
    taken = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal taken
        if not chunks:
            return {"type": "http.disconnect"}
        chunk = chunks.pop(0)
        taken += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send_message(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send_message))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    page = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, page.decode(), taken


def _cookie(client: httpx.Client) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def _assert_refused_on_the_form(status: int, page: str) -> None:
    assert status == 413
    assert "larger than 15 MB" in error_of(page, "photo")
    assert field_value(page, "count_produce") == "6"
    assert field_value(page, "nickname") == GOOD["nickname"]
    assert checked(page, "allergen") == {"gluten", "milk"}
    assert checked(page, "rule") == set(ALL_RULES)


def test_a_declared_50_mb_photo_is_refused_before_its_first_byte(
    app: FastAPI, client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    fields = {**open_form(client, path), **GOOD}
    status, page, taken = _post_big_photo(app, path, _cookie(client), fields, declare_length=True)
    _assert_refused_on_the_form(status, page)
    assert taken == len(_head(fields))  # the typed fields, and not one byte of the photo
    assert event_count(engine) == 0


def test_an_undeclared_50_mb_photo_is_read_no_further_than_the_limit(
    app: FastAPI, client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    fields = {**open_form(client, path), **GOOD}
    status, page, taken = _post_big_photo(app, path, _cookie(client), fields, declare_length=False)
    _assert_refused_on_the_form(status, page)
    assert taken <= MAX_FORM_PHOTO_BYTES + 2 * MIB
    assert event_count(engine) == 0


def test_a_photo_just_over_the_limit_through_a_client(
    client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    big = b"\xff\xd8" + b"\x00" * MAX_FORM_PHOTO_BYTES
    answer = send(
        client, sticker_path(settings), GOOD, files={"photo": ("shelf.jpg", big, "image/jpeg")}
    )
    _assert_refused_on_the_form(answer.status_code, answer.text)
    assert event_count(engine) == 0


def test_other_paths_keep_the_hubs_body_limit(
    client: httpx.Client, settings: Settings, fridge: Fridge
) -> None:
    answer = client.post("/api/v1/events", content=b"x" * (settings.max_body_bytes + 1))
    assert answer.status_code == 413


def test_a_huge_text_field_is_not_read_to_its_end(
    app: FastAPI, client: httpx.Client, settings: Settings, fridge: Fridge, engine: Engine
) -> None:
    path = sticker_path(settings)
    fields = {**open_form(client, path), **GOOD, "nickname": "n" * (MAX_FORM_PHOTO_BYTES + MIB)}
    answer = client.post(path, data=fields, files={"photo": ("", b"", "image/jpeg")})
    assert answer.status_code == 400
    assert "larger than" in answer.text
    assert event_count(engine) == 0
