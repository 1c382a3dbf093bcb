"""GET /sites/<slug>/feed.atom and /sites/<slug>/feed.json: a site's replies, spotlights
and "you said, we did" cards as feeds (server/services/site_feed.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from server.api.deps import SessionDep, public_base
from server.api.errors import ErrorBody
from server.services.feeds import ATOM_TYPE, JSON_FEED_TYPE, render_atom, render_json_feed
from server.services.site_feed import site_feed
from server.web.feed_answer import FEED_RESPONSES, IfNoneMatch, feed_answer
from storywall.protocol.limits import SLUG_PATTERN

router = APIRouter(tags=["public"])

SlugPath = Annotated[str, Path(pattern=SLUG_PATTERN, description="The site's slug.")]

_RESPONSES: dict[int | str, dict[str, object]] = {
    **FEED_RESPONSES,
    404: {"model": ErrorBody, "description": "No such site."},
}


@router.get(
    "/sites/{slug}/feed.atom",
    response_class=Response,
    responses={200: {"content": {ATOM_TYPE: {}}}, **_RESPONSES},
)
def site_atom(
    slug: SlugPath, request: Request, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """A site's replies, spotlights and "you said, we did" cards, as an Atom feed."""
    feed = site_feed(session, site_slug=slug, base_url=public_base(request))
    return feed_answer(render_atom(feed), ATOM_TYPE, if_none_match)


@router.get(
    "/sites/{slug}/feed.json",
    response_class=Response,
    responses={200: {"content": {JSON_FEED_TYPE: {}}}, **_RESPONSES},
)
def site_json(
    slug: SlugPath, request: Request, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """A site's replies, spotlights and "you said, we did" cards, as a JSON Feed 1.1."""
    feed = site_feed(session, site_slug=slug, base_url=public_base(request))
    return feed_answer(render_json_feed(feed), JSON_FEED_TYPE, if_none_match)
