"""GET / (the wall, HTML) and GET /wall.json (the same data): one query feeds both."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import anyio
import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from server.api.deps import NowMsDep, SessionDep
from server.api.errors import ErrorBody
from server.errors import NotFound
from server.services.wall import Wall, build_wall
from server.services.wall_changes import wall_marker, wall_sites
from server.web.emoji import emoji_img, emoji_text
from server.web.wall_cache import PageCache
from storywall.protocol.limits import SLUG_PATTERN

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

router = APIRouter(tags=["public"])


def make_templates() -> Jinja2Templates:
    """The page templates, with autoescaping on for every file (prompts are user text)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    # Emoji as the hub's own pictures, on the wall and on any page that shows one.
    env.globals["emoji_img"] = emoji_img
    env.globals["emoji_text"] = emoji_text
    return Jinja2Templates(env=env)


# `?site=<slug>`: one site's wall (what a kiosk's QR code opens); 404 for an unknown one.
SiteQuery = Annotated[
    str | None,
    Query(pattern=SLUG_PATTERN, description="Only this site (its slug); every site if absent."),
]


@router.get(
    "/",
    response_class=HTMLResponse,
    responses={
        404: {"description": "No such site: a page saying so.", "content": {"text/html": {}}}
    },
)
async def wall_page(request: Request, now_ms: NowMsDep, site: SiteQuery = None) -> HTMLResponse:
    """The public wall: approved notes and doodles, each site's prompt and today's tallies;
    kept live by wall.js from /wall/events."""
    # One hop to a worker thread for all the database work and the drawing, not one per
    # dependency: on a busy machine each hop waits its turn, and a wall refetched by
    # every screen after each change is the hub's most frequent page.
    return await anyio.to_thread.run_sync(_wall_page, request, now_ms, site)


def _wall_page(request: Request, now_ms: int, site: str | None) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    pages: PageCache = request.app.state.wall_pages
    headers = {"Cache-Control": "no-cache"}
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        try:
            # Read first: a change made while the page is drawn then moves the marker past
            # the one the page carries, and the stream tells wall.js to fetch it again.
            sites = wall_sites(session, site)
            marker = wall_marker(session, sites, now_ms=now_ms)
        except NotFound:
            # A QR code of a site since removed: a page for the person holding the phone.
            missing = {"wall": Wall(generated_ms=now_ms, sites=[]), "missing": True, "marker": ""}
            return templates.TemplateResponse(
                request, "wall.html", missing, status_code=404, headers=headers
            )
        view = site or ""
        page = pages.get(view, marker)
        if page is None:
            wall = build_wall(session, now_ms=now_ms, site_slug=site, sites=sites)
            context = {"wall": wall, "missing": False, "marker": marker}
            page = bytes(templates.TemplateResponse(request, "wall.html", context).body)
            pages.put(view, marker, page)
    return HTMLResponse(page, headers=headers)


@router.get("/wall.json", response_model=Wall, responses={404: {"model": ErrorBody}})
def wall_json(session: SessionDep, now_ms: NowMsDep, site: SiteQuery = None) -> Wall:
    """The wall's data as JSON: what GET / shows, from the same query."""
    return build_wall(session, now_ms=now_ms, site_slug=site)
