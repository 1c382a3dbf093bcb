"""GET / (the wall, HTML) and GET /wall.json (the same data): one query feeds both."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from server.api.deps import NowMsDep, SessionDep
from server.services.wall import Wall, build_wall

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
    return Jinja2Templates(env=env)


@router.get("/", response_class=HTMLResponse)
def wall_page(request: Request, session: SessionDep, now_ms: NowMsDep) -> HTMLResponse:
    """The public wall: each site's prompt and today's tallies, refreshed by wall.js."""
    templates: Jinja2Templates = request.app.state.templates
    wall = build_wall(session, now_ms=now_ms)
    return templates.TemplateResponse(
        request, "wall.html", {"wall": wall}, headers={"Cache-Control": "no-cache"}
    )


@router.get("/wall.json", response_model=Wall)
def wall_json(session: SessionDep, now_ms: NowMsDep) -> Wall:
    """The wall's data as JSON: what GET / shows, from the same query."""
    return build_wall(session, now_ms=now_ms)
