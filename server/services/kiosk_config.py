"""What a kiosk pulls: its configuration as canonical bytes, with an ETag.

See docs/protocol.md, "Pull"."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlmodel import Session

from server import crud
from server.models import Kiosk, Site
from storywall.protocol import KioskConfig, PromptConfig, SiteConfig


def build_config(session: Session, kiosk: Kiosk) -> KioskConfig:
    """The configuration a kiosk pulls: its site and the site's current prompt."""
    site = session.get(Site, kiosk.site_id)
    assert site is not None and site.id is not None  # foreign key
    prompt = crud.current_prompt(session=session, site_id=site.id)
    return KioskConfig(
        kiosk_id=kiosk.id,
        kiosk_name=kiosk.name,
        site=SiteConfig.model_validate(site, from_attributes=True),
        prompt=None
        if prompt is None or prompt.id is None
        else PromptConfig.model_validate(prompt, from_attributes=True),
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


@dataclass(frozen=True)
class ConfigAnswer:
    """What to send: the body (None when the kiosk's copy is current) and its ETag."""

    body: bytes | None
    etag: str


def answer_config(session: Session, kiosk: Kiosk, if_none_match: str | None) -> ConfigAnswer:
    """The kiosk's configuration, or nothing when If-None-Match names the current one."""
    body = canonical_json(build_config(session, kiosk))
    etag = etag_for(body)
    return ConfigAnswer(None if etag_matches(if_none_match, etag) else body, etag)
