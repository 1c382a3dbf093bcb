"""What a kiosk pulls: its configuration as canonical bytes, with an ETag.

See docs/protocol.md, "Pull"."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlmodel import Session

from server import crud
from server.models import Kiosk, Prompt, Site
from server.models_fridge import Fridge
from server.services.approved import approved_notes
from server.services.dropoff_links import sticker_url
from server.services.fridge_status import fridge_status
from server.services.replies_public import replies_for, spotlights_for
from server.services.tallies import Today, today_at, today_counts
from storywall.protocol import KioskConfig, PlayRules, PromptConfig, QuietHours, SiteConfig
from storywall.protocol.config import Spotlight, WallNote
from storywall.protocol.fridge_config import FridgeConfig
from storywall.protocol.limits import MAX_CONFIG_NOTES, MAX_CONFIG_SPOTLIGHTS

# The prompt's columns a kiosk is sent (not its site or creation time).
PROMPT_FIELDS = {"id", "text", "emoji", "kind", "options", "texts", "option_texts", "follow_up"}


@dataclass(frozen=True)
class HubContext:
    """What a configuration takes from the hub itself rather than from the database."""

    now_ms: int
    # Settings.public_url: "" when the public address is not configured.
    public_url: str = ""
    play: PlayRules = field(default_factory=PlayRules)
    # Settings.secret_key, which signs a fridge sticker's drop-off link.
    secret_key: str = ""


def wall_url(public_url: str, site_slug: str) -> str | None:
    """The public wall of one site (what the thank-you screen's QR code opens)."""
    return f"{public_url}/?site={site_slug}" if public_url else None


def fridge_page_url(public_url: str, site_slug: str) -> str | None:
    """A fridge's public page (what a fridge kiosk's screens point to)."""
    return f"{public_url}/fridges/{site_slug}" if public_url else None


def _fridge_config(session: Session, site: Site, hub: HubContext) -> FridgeConfig | None:
    # The status rides in the body, so the ETag changes when the condition, the food
    # level or the too-warm warning does, and the kiosk's next pull fetches it.
    assert site.id is not None
    fridge = session.get(Fridge, site.id)
    if fridge is None:
        return None
    status = fridge_status(session, site.id)
    return FridgeConfig(
        accepts=list(fridge.accepts),
        refuses=list(fridge.refuses),
        condition=None if status.condition is None else status.condition.value,
        level=None if status.level is None else status.level.value,
        warning=status.warning,
        page_url=fridge_page_url(hub.public_url, site.slug),
        # What the kiosk shows when it cannot fetch a fresh link: the sticker's.
        sticker_url=(
            sticker_url(hub.public_url, hub.secret_key, site.slug)
            if hub.public_url and hub.secret_key
            else None
        ),
    )


def _prompt_config(session: Session, prompt: Prompt, site_id: int, today: Today) -> PromptConfig:
    # Today's opinion tallies at this site ride in the body, so the ETag changes when
    # they do; the kiosk shows them only after an answer (or once locked).
    return PromptConfig.model_validate(
        {
            **prompt.model_dump(include=PROMPT_FIELDS),
            "tallies": today_counts(session, prompt, today, site_id=site_id).tallies,
            "locked": prompt.locked_ms is not None,
        }
    )


def _notes(session: Session, site_id: int) -> list[WallNote]:
    cards = approved_notes(session, site_id, MAX_CONFIG_NOTES)
    replies = replies_for(session, [card.id for card in cards])
    return [
        WallNote(id=card.id, text=card.text, language=card.language, reply=replies.get(card.id))
        for card in cards
    ]


def _spotlights(session: Session, site_id: int, now_ms: int) -> list[Spotlight]:
    # Live pins only: one that ends drops out of the next pull (its end is in the body,
    # so a kiosk offline past it stops showing it on its own).
    return [
        Spotlight.model_validate(pin, from_attributes=True)
        for pin in spotlights_for(session, site_id, now_ms=now_ms, limit=MAX_CONFIG_SPOTLIGHTS)
    ]


def build_config(session: Session, kiosk: Kiosk, hub: HubContext) -> KioskConfig:
    """The configuration a kiosk pulls: its site, the current prompt with today's
    tallies, the site's languages and quiet hours, the play rules, the wall's address,
    the site's approved notes (newest first) with the organisers' replies, its live
    spotlights, and at a fridge its rules and status."""
    site = session.get(Site, kiosk.site_id)
    assert site is not None and site.id is not None  # foreign key
    prompt = crud.current_prompt(session=session, site_id=site.id, now_ms=hub.now_ms)
    quiet = (
        None
        if site.quiet_start is None or site.quiet_end is None
        else QuietHours(start=site.quiet_start, end=site.quiet_end)
    )
    return KioskConfig(
        kiosk_id=kiosk.id,
        kiosk_name=kiosk.name,
        site=SiteConfig.model_validate(site, from_attributes=True),
        prompt=None
        if prompt is None or prompt.id is None
        else _prompt_config(session, prompt, site.id, today_at(site, hub.now_ms)),
        languages=site.languages,
        quiet_hours=quiet,
        play=hub.play,
        wall_url=wall_url(hub.public_url, site.slug),
        # Approved only, so the ETag changes when a note is approved or rejected, and
        # when a reply or a spotlight is posted, changed, ends or is taken down.
        notes=_notes(session, site.id),
        spotlights=_spotlights(session, site.id, hub.now_ms),
        fridge=_fridge_config(session, site, hub),
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


def answer_config(
    session: Session, kiosk: Kiosk, hub: HubContext, if_none_match: str | None
) -> ConfigAnswer:
    """The kiosk's configuration, or nothing when If-None-Match names the current one."""
    body = canonical_json(build_config(session, kiosk, hub))
    etag = etag_for(body)
    return ConfigAnswer(None if etag_matches(if_none_match, etag) else body, etag)
