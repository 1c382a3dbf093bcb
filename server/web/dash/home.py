"""GET /dashboard: the signed-in home, with the tiles areas register (tiles.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from server.api.deps import NowMsDep, SessionDep
from server.web.dash.tiles import Tile, register_tile, tiles_for
from server.web.dash_auth import CurrentAccount
from server.web.dash_render import render_dash

__all__ = ["Tile", "register_tile", "router"]

router = APIRouter(tags=["dashboard"])


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_home(
    request: Request, session: SessionDep, now_ms: NowMsDep, account: CurrentAccount
) -> HTMLResponse:
    """What needs the organisers' eye, as tiles; each links to its page."""
    return render_dash(
        request, account, "dash/home.html", {"tiles": tiles_for(session, account, now_ms)}
    )
