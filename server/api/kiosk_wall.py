"""GET /api/v1/kiosk/wall.png: the wall image for a kiosk's attract screen, with an ETag
(docs/protocol.md, "Wall image")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from fastapi.exceptions import RequestValidationError

from server.api.deps import CurrentKiosk, NowMsDep, SessionDep
from server.api.errors import RATE_LIMITED, ErrorBody, ValidationErrorBody
from server.services.kiosk_config import etag_matches
from server.services.wall_image import WALL_SIZES, UnknownLanguage, describe, render
from storywall.protocol import API_PREFIX
from storywall.protocol.limits import LANGUAGE_PATTERN

router = APIRouter(prefix=API_PREFIX, tags=["kiosk"])

SIZES_TEXT = ", ".join(f"{w}x{h}" for w, h in sorted(WALL_SIZES))
# The image changes with every press; a kiosk asks again each time, cheaply (304).
CACHE_CONTROL = "private, no-cache"


@router.get(
    "/kiosk/wall.png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "The wall image, with its ETag."},
        304: {"description": "Unchanged since the ETag sent in If-None-Match; no body."},
        401: {"model": ErrorBody, "description": "Missing, unknown or revoked kiosk token."},
        422: {"model": ValidationErrorBody, "description": f"A size other than {SIZES_TEXT}."},
        **RATE_LIMITED,
    },
)
def kiosk_wall_png(
    session: SessionDep,
    kiosk: CurrentKiosk,
    now_ms: NowMsDep,
    w: Annotated[int, Query(ge=1, le=4096, description=f"Width: {SIZES_TEXT}")],
    h: Annotated[int, Query(ge=1, le=4096, description="Height, with the width")],
    lang: Annotated[
        str | None, Query(pattern=LANGUAGE_PATTERN, description="One of the site's languages")
    ] = None,
    if_none_match: Annotated[str | None, Header(max_length=4096)] = None,
) -> Response:
    """The kiosk's site wall as a PNG of the kiosk's screen size; 304 when unchanged."""
    if (w, h) not in WALL_SIZES:
        raise RequestValidationError(
            [{"loc": ("query", "w"), "msg": f"size must be one of {SIZES_TEXT}", "type": "size"}]
        )
    try:
        picture = describe(session, kiosk, now_ms=now_ms, size=(w, h), language=lang)
    except UnknownLanguage as error:
        raise RequestValidationError(
            [{"loc": ("query", "lang"), "msg": str(error), "type": "language"}]
        ) from None
    headers = {"ETag": picture.etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(if_none_match, picture.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=render(picture), media_type="image/png", headers=headers)
