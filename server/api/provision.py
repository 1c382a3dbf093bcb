"""GET /api/v1/provision/{code}: a kiosk's kiosk.toml through a one-time link.

The code is the credential, and it sits in the path: server/log_config.py keeps it
out of the access log. Unknown, used, cancelled and expired codes get the same 404,
so the answer says nothing about which codes exist.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

from server.api.deps import NowMsDep, SessionDep
from server.core.config import Settings
from server.services.provisioning import PROVISION_PATH, redeem

log = logging.getLogger(__name__)

router = APIRouter(prefix=PROVISION_PATH, tags=["provisioning"])

# Neither a browser nor a proxy may keep a copy of a token.
NO_STORE = {"Cache-Control": "no-store"}
NOT_USABLE = (
    "This provisioning link is unknown, used or expired. Ask the hub's organiser for a new "
    "one (storywall admin provision-kiosk).\n"
)
NO_PUBLIC_URL = (
    "This hub has no public address (STORYWALL_PUBLIC_URL), so it cannot tell a kiosk "
    "where to find it. The link is still unused.\n"
)
_TEXT = {"text/plain": {"schema": {"type": "string"}}}


@router.get(
    "/{code}",
    response_class=PlainTextResponse,
    responses={
        200: {"content": _TEXT, "description": "A complete kiosk.toml with a new token."},
        404: {"content": _TEXT, "description": "Unknown, used, cancelled or expired link."},
        503: {"content": _TEXT, "description": "The hub has no STORYWALL_PUBLIC_URL."},
    },
)
def provision(
    code: str, request: Request, session: SessionDep, now_ms: NowMsDep
) -> PlainTextResponse:
    """Spend a one-time link: the kiosk's token is replaced, and its kiosk.toml returned."""
    settings: Settings = request.app.state.settings
    if not settings.public_url:
        return PlainTextResponse(NO_PUBLIC_URL, status_code=503, headers=NO_STORE)
    redeemed = redeem(session, code=code, now_ms=now_ms, hub_url=settings.public_url)
    if redeemed is None:
        return PlainTextResponse(NOT_USABLE, status_code=404, headers=NO_STORE)
    log.info("kiosk %s: settings and a new token taken through a one-time link", redeemed.kiosk_id)
    return PlainTextResponse(redeemed.kiosk_toml, headers=NO_STORE)
