"""POST /api/v1/events: a kiosk pushes a batch of events (docs/protocol.md, "Push")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import Engine
from sqlmodel import Session

from server.api.deps import (
    BearerDep,
    EngineDep,
    NowMsDep,
    authenticate_kiosk,
    kiosk_rate_limit,
)
from server.api.errors import RATE_LIMITED, ErrorBody, ValidationErrorBody
from server.core.writers import push_slot
from server.services.push import receive_push
from storywall.protocol import API_PREFIX, PushResponse

router = APIRouter(prefix=API_PREFIX, tags=["kiosk"])

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorBody,
        "description": "The body is not UTF-8 JSON (or has a byte-order mark), or a bad "
        "Content-Length; nothing stored.",
    },
    401: {"model": ErrorBody, "description": "Missing, unknown or revoked kiosk token."},
    413: {"model": ErrorBody, "description": "Body larger than the limit (1 MiB)."},
    415: {"model": ErrorBody, "description": "The body is not sent as application/json."},
    422: {
        "model": ValidationErrorBody,
        "description": "JSON, but the envelope is malformed (over 500 events, no boot_id...); "
        "nothing stored.",
    },
    **RATE_LIMITED,
    503: {"model": ErrorBody, "description": "Busy; retry after `Retry-After` seconds."},
}

# The body is read as bytes and parsed by the protocol in one strict pass, so it is
# described here rather than through a parameter FastAPI would parse a second time.
REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    }
}


@router.post(
    "/events",
    response_model=PushResponse,
    responses=ERROR_RESPONSES,
    openapi_extra=REQUEST_BODY,
)
async def push_events(
    request: Request, engine: EngineDep, credentials: BearerDep, now_ms: NowMsDep
) -> Response:
    """Store a batch; answer per event: accepted, duplicate (already held) or rejected.

    The token is checked before the body is parsed: an unknown kiosk learns nothing."""
    body = await request.body()
    content_type = request.headers.get("content-type")
    per_minute = kiosk_rate_limit(request)
    content = await run_in_threadpool(
        _push, engine, credentials, body, content_type, now_ms, per_minute
    )
    return Response(content=content, media_type="application/json")


def _push(
    engine: Engine,
    credentials: HTTPAuthorizationCredentials | None,
    body: bytes,
    content_type: str | None,
    now_ms: int,
    per_minute: int,
) -> bytes:
    # One trip to the thread pool for the token, the parse and the transaction.
    with push_slot(), Session(engine, expire_on_commit=False) as session:
        kiosk = authenticate_kiosk(session, credentials, now_ms, per_minute=per_minute)
        return receive_push(
            session, kiosk=kiosk, body=body, content_type=content_type, received_ms=now_ms
        )
