"""GET /api/v1/kiosk/config: what a kiosk shows, with an ETag (docs/protocol.md, "Pull")."""

from __future__ import annotations

import hashlib
import json

from fastapi import APIRouter, Header, Response
from sqlmodel import Session

from server import crud
from server.api.deps import CurrentKiosk, SessionDep
from server.models import Kiosk, Site
from storywall.protocol import API_PREFIX, KioskConfig, PromptConfig, SiteConfig

router = APIRouter(prefix=API_PREFIX, tags=["kiosk"])


def build_config(session: Session, kiosk: Kiosk) -> KioskConfig:
    """The configuration a kiosk pulls: its site and the site's current prompt."""
    site = session.get(Site, kiosk.site_id)
    assert site is not None and site.id is not None  # foreign key
    prompt = crud.current_prompt(session=session, site_id=site.id)
    return KioskConfig(
        kiosk_id=kiosk.id,
        kiosk_name=kiosk.name,
        site=SiteConfig(slug=site.slug, name=site.name, timezone=site.timezone),
        prompt=None
        if prompt is None or prompt.id is None
        else PromptConfig(id=prompt.id, text=prompt.text, emoji=list(prompt.emoji)),
    )


def canonical_json(config: KioskConfig) -> bytes:
    """The body's bytes: sorted keys, no spaces, UTF-8, so equal configs hash equal."""
    data = config.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def etag_for(body: bytes) -> str:
    """A strong ETag: the quoted SHA-256 of the body."""
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Does an If-None-Match header name this ETag (weak comparison, `*` matches)?"""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*":
            return True
        tag = tag.removeprefix("W/")
        if tag == etag:
            return True
    return False


@router.get(
    "/kiosk/config",
    response_model=KioskConfig,
    responses={
        304: {"description": "Unchanged since the ETag sent in If-None-Match; no body."},
        401: {"description": "Missing, unknown or revoked kiosk token."},
    },
)
def kiosk_config(
    session: SessionDep,
    kiosk: CurrentKiosk,
    if_none_match: str | None = Header(default=None, max_length=4096),
) -> Response:
    """The kiosk's configuration; send the ETag back as If-None-Match for a cheap 304."""
    body = canonical_json(build_config(session, kiosk))
    etag = etag_for(body)
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type="application/json", headers=headers)
