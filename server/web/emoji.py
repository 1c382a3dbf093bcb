"""GET /emoji/<codepoints>.png, and the templates' `emoji_img(e)` that points at it.

The wall draws emoji from the hub's own pictures, never the viewer's fonts (a TV or Pi
browser often has no emoji font): server/services/emoji_art.py says where they come from.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from fastapi import APIRouter, Request, Response
from markupsafe import Markup, escape

from server.api.errors import ErrorBody
from server.errors import NotFound
from server.services.emoji_art import (
    EMOJI_IN_TEXT,
    emoji_name,
    emoji_png,
    emoji_words,
    has_picture,
)

router = APIRouter(tags=["public"])

# A picture for a name never changes (a new look gets new artwork, and the page's address
# carries no version): a year, and browsers need not even ask again.
EMOJI_CACHE = "public, max-age=31536000, immutable"


def emoji_url(emoji: str) -> str:
    """Where the hub serves `emoji`'s picture."""
    return f"/emoji/{emoji_name(emoji)}.png"


# The same few emoji and the same notes are drawn on every wall page: their markup is
# kept (it depends on the text and the shipped pictures only, never on data elsewhere).
@lru_cache(maxsize=1024)
def emoji_img(emoji: str, size: str = "") -> Markup:
    """An emoji for a template: the hub's picture, or the emoji as text when it has none.

    `size` is an extra class name (e.g. "big"), sizing it with the text around it."""
    classes = f"emoji {escape(size)}".strip()
    if has_picture(emoji):
        return Markup('<img class="{}" src="{}" alt="{}" title="{}">').format(
            classes, emoji_url(emoji), emoji, emoji_words(emoji)
        )
    return Markup('<span class="{} emoji-text" title="{}">{}</span>').format(
        classes, emoji_words(emoji), emoji
    )


@lru_cache(maxsize=4096)
def emoji_text(text: str) -> Markup:
    """Text with each emoji in it shown as the hub's picture (escaped, for templates)."""
    out: list[str] = []
    at = 0
    for found in EMOJI_IN_TEXT.finditer(text):
        out.append(escape(text[at : found.start()]))
        emoji = found.group()
        out.append(emoji_img(emoji, "inline") if has_picture(emoji) else escape(emoji))
        at = found.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


@router.get(
    "/emoji/{name}.png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "The emoji's picture."},
        304: {"description": "Unchanged since the ETag sent in If-None-Match."},
        404: {"model": ErrorBody, "description": "Not an emoji, or none the hub can draw."},
    },
)
def get_emoji(name: str, request: Request) -> Response:
    """An emoji's picture by its code points in hex (`1f600`, `1f1ec-1f1e7`): the kiosk's
    artwork, else drawn from the hub's emoji font; 404 when neither has it."""
    data = emoji_png(name)
    if data is None:
        raise NotFound("no picture for this emoji")
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    headers = {"Cache-Control": EMOJI_CACHE, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="image/png", headers=headers)
