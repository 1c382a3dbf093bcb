"""POST /api/v1/events: a kiosk pushes a batch of events (docs/protocol.md, "Push")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import CurrentKiosk, NowMsDep, SessionDep
from server.ingest import ingest_batch
from storywall.protocol import API_PREFIX, PushRequest, PushResponse

router = APIRouter(prefix=API_PREFIX, tags=["kiosk"])

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Unreadable body (not UTF-8) or bad Content-Length; nothing stored."},
    401: {"description": "Missing, unknown or revoked kiosk token; nothing stored."},
    413: {"description": "Body larger than the limit (1 MiB); nothing stored."},
    422: {"description": "The envelope is malformed (not JSON, over 500 events...)."},
    503: {"description": "Busy; retry after `Retry-After` seconds. Nothing stored."},
}


@router.post("/events", response_model=PushResponse, responses=ERROR_RESPONSES)
def push_events(
    body: PushRequest, session: SessionDep, kiosk: CurrentKiosk, now_ms: NowMsDep
) -> PushResponse:
    """Store a batch; answer per event: accepted, duplicate (already held) or rejected."""
    return ingest_batch(session, kiosk=kiosk, request=body, received_ms=now_ms)
