"""The hub's ASGI application, built by `create_app()`.

Run it with `storywall hub`, which migrates the database first; or, after
`storywall admin db upgrade`, with `uvicorn --factory server.app:create_app`
(settings from STORYWALL_*).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError

from server.api import (
    dropoff_link,
    events,
    health,
    kiosk_config,
    kiosk_wall,
    media,
    photos,
    provision,
)
from server.clock import now_ms
from server.core.config import Settings
from server.core.db import make_engine
from server.core.migrate import require_head
from server.errors import (
    AlreadyExists,
    HubError,
    InvalidEnvelope,
    InvalidInput,
    NotFound,
    RateLimited,
    RetryLater,
    TooLarge,
    UnreadableBody,
    UnsupportedMedia,
)
from server.jobs import job_loop
from server.media import LocalMediaStore
from server.middleware import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from server.web import (
    check_form,
    dash,
    dash_auth,
    dash_errors,
    dropoff_form,
    emoji,
    fridge_feeds,
    fridges,
    invite,
    poster,
    rota,
    rules,
    sign_in,
    site_feeds,
    wall,
    wall_stream,
)
from server.web.wall_cache import PageCache
from storywall.protocol import PROTOCOL_VERSION, PushRequest

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "5"
# A 422 names what is wrong; it never echoes the input back (it may be 1 MiB): at
# most this many errors, and a key named in `loc` (an unknown one may be as long as
# the body) cut to this many characters.
MAX_REPORTED_ERRORS = 10
MAX_KEY_SHOWN = 40


def _package_version() -> str:
    try:
        return version("storywall")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


def _describe(error: dict[str, Any]) -> dict[str, Any]:
    message = str(error.get("msg", "invalid"))
    context = error.get("ctx") or {}
    if error.get("type") == "json_invalid" and "error" in context:
        message = f"{message}: {context['error']}"
    return {
        "loc": [_short(part) for part in error.get("loc", ())],
        "msg": message,
        "type": str(error.get("type", "")),
    }


def _short(part: object) -> int | str:
    if isinstance(part, int):
        return part
    text = str(part)
    return text if len(text) <= MAX_KEY_SHOWN else text[:MAX_KEY_SHOWN] + "..."


def _invalid(errors: Sequence[Any]) -> JSONResponse:
    """The one 422 writer: FastAPI's request errors and the push envelope's alike."""
    return JSONResponse(
        {"detail": [_describe(error) for error in errors[:MAX_REPORTED_ERRORS]]},
        status_code=422,
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return _invalid(list(exc.errors()))


_HUB_ERROR_STATUS: dict[type[HubError], int] = {
    UnreadableBody: 400,
    TooLarge: 413,
    UnsupportedMedia: 415,
    NotFound: 404,
    AlreadyExists: 409,
    InvalidInput: 422,
    RateLimited: 429,
    RetryLater: 503,
}


def _hub_error_status(exc: HubError) -> int:
    """The HTTP status a hub error answers with."""
    if isinstance(exc, InvalidEnvelope):
        return 422
    return next((code for kind, code in _HUB_ERROR_STATUS.items() if isinstance(exc, kind)), 400)


async def _hub_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HubError)
    if isinstance(exc, InvalidEnvelope):
        return _invalid(exc.errors)
    status = _hub_error_status(exc)
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if status == 503 else None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after_s)}
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)


async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    # Locked (SQLite busy past busy_timeout) or unreachable: nothing was stored.
    log.warning("database unavailable: %s", exc)
    return JSONResponse(
        {"detail": "database busy or unavailable; retry later"},
        status_code=503,
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def create_app(
    settings: Settings | None = None, *, clock: Callable[[], int] | None = None
) -> FastAPI:
    """Build the hub: engine, routes, middleware. `clock` returns epoch ms.

    It never creates or migrates tables: the database must be at the newest revision
    (`storywall hub` upgrades it before serving), else DatabaseNotReady says which
    command to run.
    """
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    try:
        require_head(engine)
    except BaseException:
        engine.dispose()
        raise

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        loop = None
        if settings.background_jobs:
            loop = asyncio.create_task(job_loop(engine, settings, app.state.clock))
        try:
            yield
        finally:
            if loop is not None:
                loop.cancel()
                with suppress(asyncio.CancelledError):
                    await loop
            engine.dispose()

    app = FastAPI(
        title="Storywall hub",
        version=_package_version(),
        summary=f"Kiosk sync protocol v{PROTOCOL_VERSION} and the public wall.",
        openapi_url="/openapi.json",
        # Swagger UI and ReDoc load scripts from a CDN, which the CSP forbids.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.clock = clock or now_ms
    app.state.templates = wall.make_templates()
    # The wall pages this worker drew, reused while the database's marker says nothing
    # they show has changed (server/web/wall_cache.py).
    app.state.wall_pages = PageCache()
    # Live wall streams open in this worker, against wall_streams_per_worker.
    app.state.wall_streams = wall_stream.StreamCount()
    # Doodles' PNGs, photos' display and thumbnail JPEGs; an S3-compatible MediaStore
    # can take its place (server/media/).
    app.state.media_store = LocalMediaStore(settings.data_dir / "media")

    # The API's JSON errors; the dashboard's pages answer the same errors with a page.
    dash_errors.add_handlers(
        app,
        hub_error=_hub_error,
        hub_error_status=_hub_error_status,
        validation_error=_validation_error,
    )
    app.add_exception_handler(OperationalError, _database_unavailable)
    dash_auth.add_handlers(app)

    app.include_router(events.router)
    app.include_router(kiosk_config.router)
    app.include_router(kiosk_wall.router)
    app.include_router(health.router)
    app.include_router(media.router)
    app.include_router(media.public_router)
    app.include_router(photos.public_router)
    app.include_router(provision.router)
    # Before the fridge pages: their /fridges/{slug} would take /fridges/feed.atom.
    app.include_router(fridge_feeds.router)
    app.include_router(site_feeds.router)
    app.include_router(wall.router)
    app.include_router(wall_stream.router)
    app.include_router(emoji.router)
    app.include_router(poster.router)
    app.include_router(rules.router)
    app.include_router(rota.router)
    app.include_router(check_form.router)
    app.include_router(fridges.build_router())
    app.include_router(dropoff_link.router)
    app.include_router(dropoff_form.router)
    app.include_router(sign_in.router)
    app.include_router(invite.router)
    # The organiser hub: behind a sign-in, out of the public schema (server/web/dash/).
    for dash_router in dash.ROUTERS:
        app.include_router(dash_router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=wall.STATIC_DIR), name="static")

    # Added last = outermost: even a 413 carries the security headers.
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        larger_bodies={**media.LARGER_BODIES, **dropoff_form.LARGER_BODIES},
    )
    app.add_middleware(SecurityHeadersMiddleware)
    document_push_body(app)
    return app


def document_push_body(app: FastAPI) -> None:
    """Put PushRequest in the schema's components: the push route reads its body as bytes."""
    build = app.openapi  # FastAPI's own: servers, tags and root_path included

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["PushRequest"] = PushRequest.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]
