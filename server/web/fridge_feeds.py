"""GET /fridges/feed.atom, /fridges/feed.json and each fridge's /fridges/<slug>/feed.atom
and /feed.json: the public updates as feeds (server/services/fridge_feed.py).

Registered before the fridge pages' router, whose `/fridges/{slug}` and
`/fridges/{slug}.json` would otherwise take `/fridges/feed.atom` and `/fridges/feed.json`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from server.api.deps import SessionDep, public_base
from server.api.errors import ErrorBody
from server.services.feeds import ATOM_TYPE, JSON_FEED_TYPE
from server.services.fridge_feed import (
    FridgeFeed,
    fridge_feed,
    render_atom,
    render_json_feed,
)
from server.web.feed_answer import FEED_RESPONSES as _FEED_RESPONSES
from server.web.feed_answer import IfNoneMatch, feed_answer
from storywall.protocol.limits import SLUG_PATTERN

router = APIRouter(tags=["public"])

SlugPath = Annotated[str, Path(pattern=SLUG_PATTERN, description="The fridge's site slug.")]

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
    return feed_answer(render(feed, public_base(request)), media_type, if_none_match)


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
