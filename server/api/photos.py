"""GET /media/photos/{sha256}/display.jpg and /thumb.jpg: an approved photo, public.

Named by the hash of the upload (what events name), served from the clean JPEGs the
hub made of it; 404 until an event naming it is approved (docs/photos.md)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response

from server.api.deps import SessionDep
from server.api.errors import ErrorBody
from server.api.media import MEDIA_HEADERS
from server.errors import NotFound
from server.media import MediaStore
from server.services.public_photos import public_photo
from storywall.protocol.limits import SHA256_PATTERN

public_router = APIRouter(tags=["public"])

# As a doodle's PNG: nosniff, a policy that lets the image response itself do nothing
# (`sandbox; default-src 'none'`: no script, no frame, no fetch, were a browser ever to
# render it as a document), and a short public cache since a decision can be reversed.
PHOTO_HEADERS = MEDIA_HEADERS
_NAME = re.compile(SHA256_PATTERN)
SIZES = ("display", "thumb")


@public_router.get(
    "/media/photos/{sha256}/{size}.jpg",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}}, "description": "An approved photo, no metadata."},
        304: {"description": "Not modified (If-None-Match)."},
        404: {"model": ErrorBody, "description": "No approved event names this photo."},
    },
)
def get_photo(sha256: str, size: str, request: Request, session: SessionDep) -> Response:
    """A photo's display JPEG (at most 1280 px long) or thumbnail (320 px), by the
    upload's SHA-256; 404 for anything held, rejected, unknown or malformed."""
    if size not in SIZES or not _NAME.fullmatch(sha256):
        raise NotFound("no such photo")
    photo = public_photo(session, sha256)
    if photo is None:
        raise NotFound("no such photo")
    name = photo.display_sha256 if size == "display" else photo.thumb_sha256
    etag = f'"{name}"'
    headers = {**PHOTO_HEADERS, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    store: MediaStore = request.app.state.media_store
    try:
        data = store.read(name)
    except FileNotFoundError:
        raise NotFound("no such photo") from None
    return Response(data, media_type="image/jpeg", headers=headers)
