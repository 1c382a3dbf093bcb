"""The public fridge pages and their JSON twins (docs/fridges-api.md).

GET /fridges and /fridges.json: every fridge; GET /fridges/<slug> and
/fridges/<slug>.json: one fridge. Each pair renders one builder's result
(server/services/fridge_page.py), so the page and its JSON always agree.

A fridge's slug never holds a '.', and the slug converter also refuses `feed.`, so
the all-fridges feeds (/fridges/feed.atom, /fridges/feed.json) and a fridge's own
feeds (/fridges/<slug>/feed.atom) are never taken for a fridge here, whatever order
the routers are included in.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.convertors import Convertor, register_url_convertor

from server.api.deps import NowMsDep, SessionDep, public_base
from server.api.errors import ErrorBody
from server.errors import NotFound
from server.services.fridge_page import (
    FridgeDetail,
    FridgeList,
    build_fridge_detail,
    build_fridge_list,
)

# Short: a status can change with the next drop-off; maps poll the list often.
CACHE_CONTROL = "public, max-age=60"
# The open list is for anyone's map or dispatch tool, from any origin.
JSON_HEADERS = {"Cache-Control": CACHE_CONTROL, "Access-Control-Allow-Origin": "*"}
SLUG_CONVERTOR = "fridge_slug"
# How a status was reported, after "reported <time>".
VIA_WORDS = {"form": " on the QR form", "kiosk": " at the fridge's kiosk"}


class FridgeSlugConvertor(Convertor[str]):
    """A site slug (storywall.protocol.limits.SLUG_PATTERN) that is not a feed's name."""

    regex = r"(?!feed\.)[a-z0-9][a-z0-9-]{0,62}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


def local_time(moment: datetime | None, timezone: str) -> str:
    """A time as the public reads it: the fridge's zone, 24-hour clock."""
    if moment is None:
        return ""
    here = moment.astimezone(ZoneInfo(timezone))
    return f"{here:%a} {here.day} {here:%b %Y}, {here:%H:%M}"


def _page(
    request: Request, name: str, context: dict[str, object], status_code: int = 200
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        name,
        {**context, "local_time": local_time, "via_words": VIA_WORDS},
        status_code=status_code,
        headers={"Cache-Control": CACHE_CONTROL},
    )


def build_router() -> APIRouter:
    """The fridge routes (their slug converter is registered here, not at import)."""
    register_url_convertor(SLUG_CONVERTOR, FridgeSlugConvertor())
    router = APIRouter(tags=["public"])

    @router.get("/fridges", response_class=HTMLResponse)
    def fridges_page(request: Request, session: SessionDep, now_ms: NowMsDep) -> HTMLResponse:
        """Every community fridge: its address, status and last update."""
        listing = build_fridge_list(session, base_url=public_base(request), now_ms=now_ms)
        return _page(request, "fridges.html", {"listing": listing})

    @router.get("/fridges.json", response_model=FridgeList)
    def fridges_json(request: Request, session: SessionDep, now_ms: NowMsDep) -> JSONResponse:
        """The open list of fridges, for fridge maps and dispatch tools (docs/fridges-api.md)."""
        listing = build_fridge_list(session, base_url=public_base(request), now_ms=now_ms)
        return JSONResponse(listing.model_dump(mode="json"), headers=JSON_HEADERS)

    @router.get(
        "/fridges/{slug:" + SLUG_CONVERTOR + "}",
        response_class=HTMLResponse,
        responses={404: {"description": "No such fridge: a page saying so."}},
    )
    def fridge_page(
        request: Request, slug: str, session: SessionDep, now_ms: NowMsDep
    ) -> HTMLResponse:
        """One fridge: where it is, its rules, its status and its recent updates."""
        try:
            fridge = build_fridge_detail(
                session, site_slug=slug, base_url=public_base(request), now_ms=now_ms
            )
        except NotFound:
            return _page(request, "fridge_missing.html", {"slug": slug}, status_code=404)
        return _page(request, "fridge.html", {"fridge": fridge})

    @router.get(
        "/fridges/{slug:" + SLUG_CONVERTOR + "}.json",
        response_model=FridgeDetail,
        responses={404: {"model": ErrorBody}},
    )
    def fridge_json(
        request: Request, slug: str, session: SessionDep, now_ms: NowMsDep
    ) -> JSONResponse:
        """One fridge's page as JSON (the same data)."""
        try:
            fridge = build_fridge_detail(
                session, site_slug=slug, base_url=public_base(request), now_ms=now_ms
            )
        except NotFound as error:
            # With the CORS header, so a map in a browser can read the 404 too.
            return JSONResponse({"detail": str(error)}, status_code=404, headers=JSON_HEADERS)
        return JSONResponse(fridge.model_dump(mode="json"), headers=JSON_HEADERS)

    return router
