"""GET /fridges/feed.atom, /fridges/feed.json and each fridge's /fridges/<slug>/feed.atom
and /feed.json: the public updates as feeds (server/services/fridge_feed.py).

Registered before the fridge pages' router, whose `/fridges/{slug}` and
`/fridges/{slug}.json` would otherwise take `/fridges/feed.atom` and `/fridges/feed.json`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response

from server.api.deps import SessionDep, public_base
from server.api.errors import ErrorBody
from server.services.fridge_feed import (
    ATOM_TYPE,
    JSON_FEED_TYPE,
    FridgeFeed,
    fridge_feed,
    render_atom,
    render_json_feed,
)
from server.services.kiosk_config import etag_matches
from storywall.protocol.limits import SLUG_PATTERN

router = APIRouter(tags=["public"])

# Readers poll; a minute's staleness is nothing for a fridge, and the ETag makes the
# next poll a 304 when nothing changed (a photo approved changes the body, so the tag).
CACHE_CONTROL = "public, max-age=60"

SlugPath = Annotated[str, Path(pattern=SLUG_PATTERN, description="The fridge's site slug.")]
IfNoneMatch = Annotated[str | None, Header(max_length=4096)]

_FEED_RESPONSES: dict[int | str, dict[str, object]] = {
    304: {"description": "Unchanged since the ETag sent in If-None-Match; no body."},
}
_FRIDGE_RESPONSES: dict[int | str, dict[str, object]] = {
    **_FEED_RESPONSES,
    404: {"model": ErrorBody, "description": "No such site, or it is not a fridge."},
}


def _answer(
    feed: FridgeFeed,
    request: Request,
    render: Callable[[FridgeFeed, str], bytes],
    media_type: str,
    if_none_match: str | None,
) -> Response:
    body = render(feed, public_base(request))
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type=media_type, headers=headers)


@router.get(
    "/fridges/feed.atom",
    response_class=Response,
    responses={200: {"content": {ATOM_TYPE: {}}}, **_FEED_RESPONSES},
)
def all_fridges_atom(
    request: Request, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """Every fridge's newest public updates, as an Atom feed."""
    feed = fridge_feed(session, site_slug=None)
    return _answer(feed, request, render_atom, ATOM_TYPE, if_none_match)


@router.get(
    "/fridges/feed.json",
    response_class=Response,
    responses={200: {"content": {JSON_FEED_TYPE: {}}}, **_FEED_RESPONSES},
)
def all_fridges_json(
    request: Request, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """Every fridge's newest public updates, as a JSON Feed 1.1."""
    feed = fridge_feed(session, site_slug=None)
    return _answer(feed, request, render_json_feed, JSON_FEED_TYPE, if_none_match)


@router.get(
    "/fridges/{slug}/feed.atom",
    response_class=Response,
    responses={200: {"content": {ATOM_TYPE: {}}}, **_FRIDGE_RESPONSES},
)
def fridge_atom(
    slug: SlugPath, request: Request, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """One fridge's newest public updates, as an Atom feed."""
    feed = fridge_feed(session, site_slug=slug)
    return _answer(feed, request, render_atom, ATOM_TYPE, if_none_match)


@router.get(
    "/fridges/{slug}/feed.json",
    response_class=Response,
    responses={200: {"content": {JSON_FEED_TYPE: {}}}, **_FRIDGE_RESPONSES},
)
def fridge_json(
    slug: SlugPath, request: Request, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """One fridge's newest public updates, as a JSON Feed 1.1."""
    feed = fridge_feed(session, site_slug=slug)
    return _answer(feed, request, render_json_feed, JSON_FEED_TYPE, if_none_match)
