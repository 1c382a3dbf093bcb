"""Signed links: what a QR code or a rota message carries, checked on the hub.

itsdangerous signs a small value with the hub's secret key and a salt per purpose,
so a drop-off sticker's token is no rota link's token and cannot be re-purposed.
A link with a life (a kiosk's on-screen drop-off link, a rota slot) carries its
signing time and is refused after `max_age_s`. Links carry ids, never a kiosk token
or anything else that would let the holder act as a kiosk.
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from server.errors import HubError


class LinkRefused(HubError):
    """A signed link that is forged, damaged, for another purpose or expired."""


class LinkExpired(LinkRefused):
    """A signed link whose life has run out."""


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"storywall.{purpose}")


def sign(secret_key: str, purpose: str, value: Any) -> str:
    """A URL-safe token carrying `value` (JSON-able), signed for `purpose`."""
    return str(_serializer(secret_key, purpose).dumps(value))


def unsign(secret_key: str, purpose: str, token: str, *, max_age_s: int | None = None) -> Any:
    """The value a token carries; LinkExpired past `max_age_s`, LinkRefused otherwise."""
    try:
        return _serializer(secret_key, purpose).loads(token, max_age=max_age_s)
    except SignatureExpired:
        raise LinkExpired("this link has expired") from None
    except BadSignature:
        raise LinkRefused("this link is not valid") from None
