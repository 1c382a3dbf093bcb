"""PUT /api/v1/media/{sha256}: a kiosk uploads a doodle's PNG or a camera's JPEG (a
photo: server/services/photos.py); GET /media/{sha256}.png shows a doodle to the
public once it is approved (docs/protocol.md, "Media"; photos: server/api/photos.py)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import Engine
from sqlmodel import Session

from server.api.deps import (
    BearerDep,
    EngineDep,
    NowMsDep,
    SessionDep,
    authenticate_kiosk,
    kiosk_rate_limit,
)
from server.api.errors import RATE_LIMITED, ErrorBody, ValidationErrorBody
from server.errors import NotFound, TooLarge
from server.media import MediaStore
from server.models import Kiosk
from server.services.approved import is_public_media
from server.services.media import media_limit, store_media
from storywall.protocol import API_PREFIX
from storywall.protocol.limits import MAX_PHOTO_BYTES, SHA256_PATTERN
from storywall.protocol.media import MEDIA_PATH, MediaReceipt

router = APIRouter(prefix=API_PREFIX, tags=["kiosk"])
public_router = APIRouter(tags=["public"])

# Content-addressed bytes never change, but a decision can: a short public cache.
PUBLIC_CACHE = "public, max-age=300"
MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": PUBLIC_CACHE,
}
_NAME = re.compile(SHA256_PATTERN)
# Paths whose bodies may pass the hub's general limit (BodySizeLimitMiddleware), and
# how far: a photo upload. The route still reads each type bounded by its own limit.
LARGER_BODIES = {MEDIA_PATH.split("{")[0]: MAX_PHOTO_BYTES}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body's SHA-256 is not the address's."},
    401: {"model": ErrorBody, "description": "Missing, unknown or revoked kiosk token."},
    413: {
        "model": ErrorBody,
        "description": "Body over the type's limit (PNG: 256 KiB; JPEG: 15 MiB).",
    },
    415: {
        "model": ErrorBody,
        "description": "Not image/png or image/jpeg, or the bytes are not of that format.",
    },
    422: {
        # FastAPI's validation list for a malformed address; one line for a picture.
        "model": ValidationErrorBody | ErrorBody,
        "description": "The address is not a lower-case hex SHA-256, or the picture is "
        "too big in pixels, damaged, or carries too much metadata.",
    },
    **RATE_LIMITED,
}

Sha256Param = Annotated[str, PathParam(pattern=SHA256_PATTERN)]


def _store(request: Request) -> MediaStore:
    store: MediaStore = request.app.state.media_store
    return store


async def read_bounded(request: Request, limit: int) -> bytes:
    """The body, never holding more than limit + 1 bytes; TooLarge (413) past the limit."""
    too_large = TooLarge(f"request body larger than {limit} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk[: limit + 1 - len(body)]
        if len(body) > limit:
            raise too_large
    return bytes(body)


def _authenticate(
    engine: Engine, credentials: HTTPAuthorizationCredentials | None, now_ms: int, per_minute: int
) -> Kiosk:
    with Session(engine, expire_on_commit=False) as session:
        return authenticate_kiosk(session, credentials, now_ms, per_minute=per_minute)


@router.put(
    "/media/{sha256}",
    response_model=MediaReceipt,
    status_code=201,
    responses={200: {"model": MediaReceipt, "description": "Already held."}, **ERROR_RESPONSES},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in ("image/png", "image/jpeg")
            },
        }
    },
)
async def put_media(
    request: Request,
    sha256: Sha256Param,
    engine: EngineDep,
    credentials: BearerDep,
    now_ms: NowMsDep,
) -> Response:
    """Keep a media file once: 201 `stored` when new, 200 `held` when already kept.

    The token is checked before the body is read; the body is read bounded."""
    kiosk = await run_in_threadpool(
        _authenticate, engine, credentials, now_ms, kiosk_rate_limit(request)
    )
    content_type, limit = media_limit(request.headers.get("content-type"))
    data = await read_bounded(request, limit)
    store = _store(request)

    def keep() -> tuple[MediaReceipt, bool]:
        with Session(engine, expire_on_commit=False) as session:
            return store_media(
                session,
                store,
                kiosk=kiosk,
                sha256=sha256,
                content_type=content_type,
                data=data,
                now_ms=now_ms,
            )

    receipt, created = await run_in_threadpool(keep)
    return JSONResponse(receipt.model_dump(), status_code=201 if created else 200)


@public_router.get(
    "/media/{sha256}.png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "An approved doodle's PNG."},
        404: {"model": ErrorBody, "description": "No approved doodle has these bytes."},
    },
)
def get_media(sha256: str, request: Request, session: SessionDep) -> Response:
    """An approved doodle's PNG; 404 for anything held, rejected or unknown."""
    if not _NAME.fullmatch(sha256):
        raise NotFound("no such media")
    if not is_public_media(session, sha256):
        raise NotFound("no such media")
    try:
        data = _store(request).read(sha256)
    except FileNotFoundError:
        raise NotFound("no such media") from None
    return Response(data, media_type="image/png", headers=MEDIA_HEADERS)
