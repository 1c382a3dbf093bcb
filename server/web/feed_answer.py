"""How every public feed is answered: its bytes with a strong ETag, or 304 when unchanged.

Readers poll; a minute's staleness is nothing for a fridge or a wall, and the ETag makes
the next poll a 304 when nothing changed (an approval, a reply or a pin changes the
body, so the tag)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Header, Response

from server.services.kiosk_config import etag_matches

CACHE_CONTROL = "public, max-age=60"

IfNoneMatch = Annotated[str | None, Header(max_length=4096)]

FEED_RESPONSES: dict[int | str, dict[str, object]] = {
    304: {"description": "Unchanged since the ETag sent in If-None-Match; no body."},
}


def feed_answer(body: bytes, media_type: str, if_none_match: str | None) -> Response:
    """`body` with its ETag, or an empty 304 when If-None-Match names it."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type=media_type, headers=headers)
