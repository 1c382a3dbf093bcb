"""CSRF protection for the hub's public forms (drop-off, check, rota), which have no
login: a double-submit token bound to a cookie.

The page sets a random nonce in an HttpOnly, SameSite=Strict cookie and puts the same
nonce, signed and timed, in a hidden field. A post is taken only when the field's
signature holds, it is younger than TOKEN_LIFE_S and its nonce equals the cookie's:
another site can make a browser post, but can neither read the cookie nor forge the
field. Organiser sessions (with their own CSRF tokens) come with the organiser hub.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from server.signing import LinkRefused, sign, unsign

COOKIE = "sw_csrf"
FIELD = "csrf_token"
# A volunteer may take a while to fill in a form at a fridge.
TOKEN_LIFE_S = 2 * 3600
_PURPOSE = "csrf"


class CsrfRefused(LinkRefused):
    """A form post without a valid token matching its cookie."""


def issue(request: Request, response: Response, secret_key: str) -> str:
    """The hidden field's value for a form on this response (setting the cookie when
    the browser has none yet)."""
    nonce = request.cookies.get(COOKIE) or ""
    if len(nonce) != 43:  # token_urlsafe(32); anything else is not ours
        nonce = secrets.token_urlsafe(32)
    response.set_cookie(
        COOKIE,
        nonce,
        max_age=TOKEN_LIFE_S,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return sign(secret_key, _PURPOSE, nonce)


def verify(request: Request, token: str | None, secret_key: str) -> None:
    """Refuse (CsrfRefused) a post whose field and cookie do not match."""
    cookie = request.cookies.get(COOKIE)
    if not token or not cookie:
        raise CsrfRefused("the form has expired or cookies are off; reload the page and send again")
    try:
        nonce = unsign(secret_key, _PURPOSE, token, max_age_s=TOKEN_LIFE_S)
    except LinkRefused:
        raise CsrfRefused("the form has expired; reload the page and send again") from None
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce, cookie):
        raise CsrfRefused("the form has expired or cookies are off; reload the page and send again")
