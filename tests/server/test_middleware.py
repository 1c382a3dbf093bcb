"""The body size limit as a pure ASGI middleware, driven with raw ASGI messages."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from server.middleware import BodySizeLimitMiddleware


async def _reading_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Reads the whole body, then answers 200 with its length."""
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = json.dumps({"size": size}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def _swallowing_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Catches every error while reading, like a framework turning it into a 400."""
    try:
        await _reading_app(scope, receive, send)
    except Exception:
        await send({"type": "http.response.start", "status": 400, "headers": []})
        await send({"type": "http.response.body", "body": b"bad body"})


def _run(app: Any, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> list[Message]:
    sent: list[Message] = []
    pending = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]

    async def receive() -> Message:
        return pending.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(BodySizeLimitMiddleware(app, max_body_bytes=10)(scope, receive, send))
    return sent


def test_streamed_body_within_limit_passes() -> None:
    sent = _run(_reading_app, [b"12345", b"12345"], [])
    assert sent[0]["status"] == 200
    assert json.loads(sent[1]["body"]) == {"size": 10}


def test_streamed_body_over_limit_is_413_even_if_the_app_swallows_errors() -> None:
    for app in (_reading_app, _swallowing_app):
        sent = _run(app, [b"12345", b"12345", b"1"], [])
        assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
        assert sent[0]["status"] == 413
        assert "larger than 10 bytes" in json.loads(sent[1]["body"])["detail"]


def test_declared_length_over_limit_is_refused_before_reading() -> None:
    sent = _run(_reading_app, [], [(b"content-length", b"11")])
    assert sent[0]["status"] == 413


def _run_at(path: str, larger: dict[str, int | None], headers: list[tuple[bytes, bytes]]) -> int:
    sent: list[Message] = []
    pending = [{"type": "http.request", "body": b"x" * 30, "more_body": False}]

    async def receive() -> Message:
        return pending.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    limited = BodySizeLimitMiddleware(_reading_app, max_body_bytes=10, larger_bodies=larger)
    asyncio.run(limited(scope, receive, send))
    return int(sent[0]["status"])


def test_a_prefix_may_take_more_or_answer_for_itself() -> None:
    declared = [(b"content-length", b"30")]
    larger: dict[str, int | None] = {"/photos/": 40, "/form/": None, "/small/": 20}
    assert _run_at("/photos/x", larger, declared) == 200
    assert _run_at("/photos/x", larger, []) == 200
    assert _run_at("/small/x", larger, declared) == 413
    assert _run_at("/elsewhere", larger, declared) == 413
    assert _run_at("/elsewhere", larger, []) == 413
    # The route reads its own body bounded (the drop-off form): passed through whole.
    assert _run_at("/form/x", larger, declared) == 200
    assert _run_at("/form/x", larger, []) == 200
