"""GET /wall/events: the wall's live updates, as server-sent events.

The source is the database, never this process's memory: each open stream reads the
wall's change marker (server/services/wall_changes.py) every `wall_stream_poll_ms` and
sends it when it moves; the page then fetches the wall again. So any number of workers
each serve their own streams, and a change made through any of them (or the CLI) reaches
all. A stream lives at most `wall_stream_seconds`, then says when to reconnect; it ends at
once when the server shuts down (sse-starlette watches uvicorn's exit signal).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import anyio
from fastapi import APIRouter, Request
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from sse_starlette import EventSourceResponse, ServerSentEvent

from server.api.errors import ErrorBody
from server.core.config import Settings
from server.errors import RetryLater
from server.services.wall_changes import wall_marker, wall_sites
from server.web.wall import SiteQuery

log = logging.getLogger(__name__)

router = APIRouter(tags=["public"])

# After a stream ends (its lifetime, a restart), the browser reconnects after this long.
RECONNECT_MS = 2000
# Seconds a stream may finish its last message once the server is shutting down.
SHUTDOWN_GRACE_S = 1.0


def read_marker(engine: Engine, site_slug: str | None, now_ms: int) -> str:
    """The wall's change marker now (NotFound for an unknown site)."""
    with Session(engine) as session:
        return wall_marker(session, wall_sites(session, site_slug), now_ms=now_ms)


class StreamCount:
    """How many wall streams this worker serves now (a local limit, like a connection
    cap: each open stream reads the database every couple of seconds)."""

    def __init__(self) -> None:
        self.open = 0


async def marker_events(
    *,
    count: StreamCount,
    engine: Engine,
    clock: Callable[[], int],
    site_slug: str | None,
    poll_s: float,
    lifetime_s: float,
    shutdown: anyio.Event,
) -> AsyncIterator[ServerSentEvent]:
    """The current marker, then each new one, until the lifetime ends or shutdown."""
    # Counted while it runs: a response never streamed (the client gone first) holds none.
    count.open += 1
    try:
        async for event in _markers(engine, clock, site_slug, poll_s, lifetime_s, shutdown):
            yield event
    finally:
        count.open -= 1


async def _markers(
    engine: Engine,
    clock: Callable[[], int],
    site_slug: str | None,
    poll_s: float,
    lifetime_s: float,
    shutdown: anyio.Event,
) -> AsyncIterator[ServerSentEvent]:
    deadline = anyio.current_time() + lifetime_s
    last: str | None = None
    while True:
        try:
            marker = await anyio.to_thread.run_sync(read_marker, engine, site_slug, clock())
        except OperationalError as error:  # busy or unreachable: try again next time
            log.info("wall stream: database unavailable: %s", error)
        else:
            if marker != last:
                last = marker
                yield ServerSentEvent(data=marker, event="wall", id=marker, retry=RECONNECT_MS)
        left = deadline - anyio.current_time()
        if left <= 0 or shutdown.is_set():
            return
        with anyio.move_on_after(min(poll_s, left)):
            await shutdown.wait()
        if shutdown.is_set():
            return


@router.get(
    "/wall/events",
    response_class=EventSourceResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Server-sent events named `wall` whose data is the wall's change "
            "marker: the first is the current one, each later one means the wall changed.",
        },
        404: {"model": ErrorBody, "description": "No such site."},
        503: {"model": ErrorBody, "description": "This worker serves its most streams."},
    },
)
async def wall_events(request: Request, site: SiteQuery = None) -> EventSourceResponse:
    """The wall's live updates: its change marker now, then whenever it moves."""
    settings: Settings = request.app.state.settings
    engine: Engine = request.app.state.engine
    clock: Callable[[], int] = request.app.state.clock
    count: StreamCount = request.app.state.wall_streams
    if count.open >= settings.wall_streams_per_worker:
        raise RetryLater("this hub serves as many live walls as it may; retry later")
    # An unknown site is a 404 now, not a stream that fails later.
    await anyio.to_thread.run_sync(read_marker, engine, site, clock())
    shutdown = anyio.Event()
    return EventSourceResponse(
        marker_events(
            count=count,
            engine=engine,
            clock=clock,
            site_slug=site,
            poll_s=settings.wall_stream_poll_ms / 1000,
            lifetime_s=settings.wall_stream_seconds,
            shutdown=shutdown,
        ),
        headers={"Cache-Control": "no-store"},
        shutdown_event=shutdown,
        shutdown_grace_period=SHUTDOWN_GRACE_S,
    )
