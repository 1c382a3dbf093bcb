"""GET /rules: the public house rules, for every site or one (`?site=<slug>`).

What is welcome, what is taken down, that a person checks what is written (before or
after it appears, as the site chose: docs/moderation.md) and who runs the site. The
wall links here; a kiosk's own house-rules screen says the same in fewer words.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from server import crud
from server.api.deps import SessionDep
from server.errors import NotFound
from server.models import POST_MODERATION, Site
from server.web.wall import SiteQuery

router = APIRouter(tags=["public"])

# Public and slow to change: a short cache, so a changed mode shows within minutes.
CACHE_CONTROL = "public, max-age=300"


@router.get(
    "/rules",
    response_class=HTMLResponse,
    responses={
        404: {"description": "No such site: a page saying so.", "content": {"text/html": {}}}
    },
)
def rules_page(request: Request, session: SessionDep, site: SiteQuery = None) -> HTMLResponse:
    """The house rules: what is welcome, what is removed, who checks, who runs it."""
    templates: Jinja2Templates = request.app.state.templates
    chosen: Site | None = None
    status = 200
    if site is not None:
        try:
            chosen = crud.get_site(session=session, slug=site)
        except NotFound:
            status = 404
    sites = [chosen] if chosen is not None else crud.list_sites(session=session)
    return templates.TemplateResponse(
        request,
        "rules.html",
        {
            "site": chosen,
            "sites": sites if status == 200 else [],
            "missing": site if status == 404 else None,
            "post": POST_MODERATION,
        },
        status_code=status,
        headers={"Cache-Control": CACHE_CONTROL},
    )
