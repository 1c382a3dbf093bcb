"""POST /api/v1/kiosk/dropoff-link: a fridge kiosk's short-lived link to the drop-off
form, for the QR code on its drop-off screen (docs/fridges.md, "Drop-off links")."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request

from server.api.deps import CurrentKiosk, NowMsDep, SessionDep, public_base
from server.api.errors import RATE_LIMITED, ErrorBody
from server.core.config import Settings
from server.errors import NotFound
from server.models_fridge import Fridge
from server.services.dropoff_links import KIOSK_LINK_LIFE_S, PATH_PREFIX, kiosk_token
from storywall.protocol.fridge_config import DROPOFF_LINK_PATH, DropoffLink

router = APIRouter(tags=["kiosk"])


@router.post(
    DROPOFF_LINK_PATH,
    response_model=DropoffLink,
    responses={
        401: {"model": ErrorBody, "description": "Missing, unknown or revoked kiosk token."},
        404: {"model": ErrorBody, "description": "The kiosk's site is not a fridge."},
        **RATE_LIMITED,
    },
)
def dropoff_link(
    request: Request, session: SessionDep, kiosk: CurrentKiosk, now_ms: NowMsDep
) -> DropoffLink:
    """A link to this kiosk's fridge's drop-off form, valid for a few minutes (expires_at)."""
    if session.get(Fridge, kiosk.site_id) is None:
        raise NotFound("this kiosk's site is not a fridge")
    settings: Settings = request.app.state.settings
    expires_ms = now_ms + KIOSK_LINK_LIFE_S * 1000
    token = kiosk_token(
        settings.secret_key, kiosk_id=kiosk.id, site_id=kiosk.site_id, expires_ms=expires_ms
    )
    return DropoffLink(
        url=f"{public_base(request)}{PATH_PREFIX}{token}",
        expires_at=datetime.fromtimestamp(expires_ms / 1000, tz=UTC),
    )
