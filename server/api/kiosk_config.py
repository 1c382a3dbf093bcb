"""GET /api/v1/kiosk/config: what a kiosk shows, with an ETag (docs/protocol.md, "Pull")."""

from __future__ import annotations

from fastapi import APIRouter, Header, Request, Response

from server.api.deps import CurrentKiosk, NowMsDep, SessionDep
from server.api.errors import RATE_LIMITED, ErrorBody
from server.core.config import Settings
from server.services.kiosk_config import HubContext, answer_config
from storywall.protocol import API_PREFIX, KioskConfig

router = APIRouter(prefix=API_PREFIX, tags=["kiosk"])


@router.get(
    "/kiosk/config",
    response_model=KioskConfig,
    responses={
        304: {"description": "Unchanged since the ETag sent in If-None-Match; no body."},
        401: {"model": ErrorBody, "description": "Missing, unknown or revoked kiosk token."},
        **RATE_LIMITED,
    },
)
def kiosk_config(
    request: Request,
    session: SessionDep,
    kiosk: CurrentKiosk,
    now_ms: NowMsDep,
    if_none_match: str | None = Header(default=None, max_length=4096),
) -> Response:
    """The kiosk's configuration; send the ETag back as If-None-Match for a cheap 304."""
    settings: Settings = request.app.state.settings
    hub = HubContext(
        now_ms=now_ms,
        public_url=settings.public_url,
        play=settings.play_rules,
        secret_key=settings.secret_key,
    )
    answer = answer_config(session, kiosk, hub, if_none_match)
    headers = {"ETag": answer.etag, "Cache-Control": "no-cache"}
    if answer.body is None:
        return Response(status_code=304, headers=headers)
    return Response(content=answer.body, media_type="application/json", headers=headers)
