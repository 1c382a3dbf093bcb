"""GET /poster/<site>/<iso-week>.png|.pdf|.json: a site's weekly poster, A3, to print.

Drawing an A3 page takes a while, so a drawn poster is kept on disk under the data
folder, named by its ETag (a hash of what it shows and of the drawing code): every worker
finds it there, a changed week (a note approved late) gets a new name, and a request for
an unchanged poster costs the queries and a file read. Weeks are limited to those the
site has had, so nobody can make the hub draw posters for the year 3000.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from sqlmodel import Session

from server import crud
from server.api.deps import NowMsDep, SessionDep
from server.api.errors import ErrorBody, ValidationErrorBody
from server.core.config import Settings
from server.errors import InvalidInput
from server.media import MediaStore
from server.services.poster import WEEK_PATTERN, Poster, describe_poster, this_week
from server.services.poster_render import PosterFiles, ReadMedia, render_poster
from storywall.protocol.limits import SLUG_PATTERN

router = APIRouter(tags=["public"])

# A week that has ended changes only when a late decision is made: a day; this week's
# poster grows until Sunday night: five minutes.
PAST_WEEK_CACHE = "public, max-age=86400"
THIS_WEEK_CACHE = "public, max-age=300"
MEDIA_TYPES = {"png": "image/png", "pdf": "application/pdf"}

Slug = Annotated[str, PathParam(pattern=SLUG_PATTERN, description="The site's slug.")]
Week = Annotated[str, PathParam(pattern=WEEK_PATTERN, description="An ISO week: 2026-W48.")]
RESPONSES: dict[int | str, dict[str, object]] = {
    304: {"description": "Unchanged since the ETag sent in If-None-Match."},
    404: {"model": ErrorBody, "description": "No such site, or a week it has not had."},
    422: {"model": ValidationErrorBody, "description": "Not a week that exists (2026-W60)."},
}


def read_media(store: MediaStore) -> ReadMedia:
    """A doodle's bytes from the media store, None when they are gone."""

    def read(sha256: str) -> bytes | None:
        try:
            return store.read(sha256)
        except FileNotFoundError:
            return None

    return read


def poster_files(poster: Poster, store: MediaStore, cache_dir: Path) -> PosterFiles:
    """The poster drawn, from the disk cache when this very poster was drawn before.

    Files are named <site>-<week>-<etag>: drawing a site's week afresh (a late approval)
    removes the older drawings of that week, so the folder holds one poster per week."""
    week = f"{poster.site_slug}-{poster.week}"
    name = week + "-" + poster.etag.strip('"')
    png, pdf = cache_dir / f"{name}.png", cache_dir / f"{name}.pdf"
    if png.is_file() and pdf.is_file():
        return PosterFiles(png.read_bytes(), pdf.read_bytes())
    files = render_poster(poster, read_media(store))
    cache_dir.mkdir(parents=True, exist_ok=True)
    for path, data in ((png, files.png), (pdf, files.pdf)):
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        os.replace(partial, path)  # atomic: another worker never reads half a file
    for older in cache_dir.glob(f"{week}-*.p[nd][gf]"):
        if older.stem != name:
            older.unlink(missing_ok=True)
    return files


def _poster(session: Session, slug: str, week: str, now_ms: int) -> tuple[Poster, str]:
    """The poster, and how long it may be cached (NotFound as described)."""
    try:
        poster = describe_poster(session, site_slug=slug, week=week, now_ms=now_ms)
    except InvalidInput as error:  # W53 of a 52-week year: as a pattern mismatch is
        raise RequestValidationError(
            [{"loc": ("path", "week"), "msg": str(error), "type": "week"}]
        ) from None
    current = this_week(crud.get_site(session=session, slug=slug), now_ms)
    return poster, THIS_WEEK_CACHE if poster.week == current else PAST_WEEK_CACHE


def _answer(
    request: Request, session: Session, now_ms: int, place: tuple[str, str], kind: str
) -> Response:
    slug, week = place
    poster, cache = _poster(session, slug, week, now_ms)
    headers = {"ETag": poster.etag, "Cache-Control": cache}
    if request.headers.get("if-none-match") == poster.etag:
        return Response(status_code=304, headers=headers)
    settings: Settings = request.app.state.settings
    files = poster_files(poster, request.app.state.media_store, settings.data_dir / "posters")
    data = files.png if kind == "png" else files.pdf
    filename = f"{poster.site_slug}-{poster.week}-poster.{kind}"
    headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(data, media_type=MEDIA_TYPES[kind], headers=headers)


@router.get(
    "/poster/{slug}/{week}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "The A3 poster."}, **RESPONSES},
)
def poster_png(
    request: Request, slug: Slug, week: Week, session: SessionDep, now_ms: NowMsDep
) -> Response:
    """A site's weekly poster as an A3 PNG at 150 dpi: approved notes and doodles only."""
    return _answer(request, session, now_ms, (slug, week), "png")


@router.get(
    "/poster/{slug}/{week}.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The A3 poster."},
        **RESPONSES,
    },
)
def poster_pdf(
    request: Request, slug: Slug, week: Week, session: SessionDep, now_ms: NowMsDep
) -> Response:
    """A site's weekly poster as a one-page A3 PDF."""
    return _answer(request, session, now_ms, (slug, week), "pdf")


@router.get(
    "/poster/{slug}/{week}.json",
    response_model=Poster,
    responses={404: RESPONSES[404], 422: RESPONSES[422]},
)
def poster_json(
    slug: Slug, week: Week, session: SessionDep, now_ms: NowMsDep, response: Response
) -> Poster:
    """What the week's poster shows, as JSON (the same query as its PNG and PDF)."""
    poster, cache = _poster(session, slug, week, now_ms)
    response.headers["Cache-Control"] = cache
    return poster
