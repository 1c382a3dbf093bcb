"""Signed links to a fridge's drop-off form: the sticker's, and a kiosk screen's.

Both open `/d/<token>` (docs/fridges.md, "Drop-off links"). Neither carries anything
that lets its holder act as a kiosk: the form posts as the fridge's form kiosk, and a
token only says which fridge's form to show.

- A sticker's token is `<site slug>.<8 characters>`: the characters are 40 bits of an
  HMAC of the slug under the hub's secret key, in a Crockford-style base 32 a person
  can type from print (no i, l, o or u; typing them is forgiven). It never expires
  (a sticker lasts years), and without the secret nobody can make the token of a
  fridge whose sticker they have not seen, so forms cannot be enumerated. A short
  code rather than an itsdangerous token, because the sticker prints it for typing.
- A kiosk's token is an itsdangerous token (server.signing) of the kiosk's id, its
  site and an expiry on the hub's clock, `KIOSK_LINK_LIFE_S` after it was made: a
  photo of the kiosk's screen stops opening the form minutes later. A form opened in
  time may still be sent for `FORM_FILL_S` (filling it in takes a while).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from server.errors import HubError
from server.models import Kiosk, Site
from server.models_fridge import Fridge
from server.signing import LinkRefused, sign, unsign

PATH_PREFIX = "/d/"
KIOSK_LINK_LIFE_S = 10 * 60
# A kiosk-opened form may be sent this long after its link expired (the CSRF token's life).
FORM_FILL_S = 2 * 3600
STICKER_CODE_CHARS = 8  # 40 bits: 2^40 guesses per fridge to forge one
# Longer than any token the hub makes: refused unread.
MAX_TOKEN_CHARS = 512
_STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TYPABLE = "0123456789abcdefghjkmnpqrstvwxyz"
_TO_TYPABLE = str.maketrans(_STANDARD, _TYPABLE)
# What a person may type for a character the alphabet leaves out.
_FORGIVEN = str.maketrans({"i": "1", "l": "1", "o": "0"})
_STICKER = re.compile(rf"^([a-z0-9][a-z0-9-]{{0,62}})\.([0-9a-z]{{{STICKER_CODE_CHARS}}})$")
_STICKER_PURPOSE = b"storywall.dropoff.sticker:"
_KIOSK_PURPOSE = "dropoff.kiosk"


class DropoffLinkRefused(HubError):
    """A drop-off link that is forged, damaged or names no fridge (a 404 page)."""


class DropoffLinkExpired(DropoffLinkRefused):
    """A kiosk's drop-off link past its life (a page pointing at the sticker)."""


@dataclass(frozen=True)
class DropoffTarget:
    """Whose form a token opens: the fridge, and the kiosk whose screen showed it."""

    site: Site
    fridge: Fridge
    kiosk_id: str | None
    # Epoch ms after which a kiosk's link no longer opens the form; None for a sticker.
    expires_ms: int | None


def sticker_code(secret_key: str, slug: str) -> str:
    """The 8 typable characters that sign `slug` on its sticker."""
    digest = hmac.new(secret_key.encode(), _STICKER_PURPOSE + slug.encode(), hashlib.sha256)
    # 5 bytes are exactly 8 base-32 characters, without padding.
    return base64.b32encode(digest.digest()[:5]).decode().translate(_TO_TYPABLE)


def sticker_token(secret_key: str, slug: str) -> str:
    """The sticker's token for the fridge at site `slug`: `<slug>.<code>`."""
    return f"{slug}.{sticker_code(secret_key, slug)}"


def sticker_url(base_url: str, secret_key: str, slug: str) -> str:
    """The sticker's absolute link, under `base_url` (the hub's public address)."""
    return f"{base_url.rstrip('/')}{PATH_PREFIX}{sticker_token(secret_key, slug)}"


def kiosk_token(secret_key: str, *, kiosk_id: str, site_id: int, expires_ms: int) -> str:
    """A kiosk screen's token, opening the form of site `site_id` until `expires_ms`."""
    return sign(secret_key, _KIOSK_PURPOSE, {"k": kiosk_id, "s": site_id, "x": expires_ms})


def resolve(
    session: Session, secret_key: str, token: str, *, now_ms: int, sending: bool = False
) -> DropoffTarget:
    """The fridge whose form `token` opens at `now_ms`, or DropoffLinkRefused /
    DropoffLinkExpired. `sending`: the form is being sent, so a kiosk's link gets
    FORM_FILL_S more."""
    if len(token) > MAX_TOKEN_CHARS:
        raise DropoffLinkRefused("this drop-off link is not valid")
    slug, dot, code = token.strip().lower().rpartition(".")
    match = _STICKER.match(f"{slug}{dot}{code.translate(_FORGIVEN)}")
    if match is not None:
        slug, code = match.groups()
        if not hmac.compare_digest(code, sticker_code(secret_key, slug)):
            raise DropoffLinkRefused("this drop-off link is not valid")
        site = _site_by_slug(session, slug)
        return DropoffTarget(site, _fridge(session, site), None, None)
    return _resolve_kiosk(session, secret_key, token, now_ms=now_ms, sending=sending)


def _resolve_kiosk(
    session: Session, secret_key: str, token: str, *, now_ms: int, sending: bool
) -> DropoffTarget:
    try:
        value = unsign(secret_key, _KIOSK_PURPOSE, token)
    except LinkRefused:
        raise DropoffLinkRefused("this drop-off link is not valid") from None
    if not (
        isinstance(value, dict)
        and isinstance(value.get("k"), str)
        and isinstance(value.get("s"), int)
        and isinstance(value.get("x"), int)
    ):
        raise DropoffLinkRefused("this drop-off link is not valid")
    expires_ms: int = value["x"]
    grace_ms = FORM_FILL_S * 1000 if sending else 0
    if now_ms > expires_ms + grace_ms:
        raise DropoffLinkExpired("this link from the kiosk's screen has expired")
    kiosk = session.get(Kiosk, value["k"])
    site = session.get(Site, value["s"])
    if kiosk is None or site is None or kiosk.site_id != site.id or kiosk.revoked_ms is not None:
        raise DropoffLinkRefused("this drop-off link is no longer valid")
    return DropoffTarget(site, _fridge(session, site), kiosk.id, expires_ms)


def _site_by_slug(session: Session, slug: str) -> Site:
    site = session.exec(select(Site).where(Site.slug == slug)).first()
    if site is None:
        raise DropoffLinkRefused("this drop-off link names no fridge")
    return site


def _fridge(session: Session, site: Site) -> Fridge:
    fridge = session.get(Fridge, site.id)
    if fridge is None:
        raise DropoffLinkRefused("this drop-off link names no fridge")
    return fridge
