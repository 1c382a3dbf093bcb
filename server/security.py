"""Kiosk tokens: random, shown once, stored only as a SHA-256 digest.

A token carries 256 bits of entropy, so a fast hash is enough: nobody can guess
their way to a preimage, and lookup by digest needs no per-kiosk salt.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "sw_k_"  # noqa: S105 (a prefix, not a secret)
# token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_CHARS = 128


def new_kiosk_token() -> str:
    """A fresh kiosk token (`sw_k_` + 43 URL-safe characters)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The hex SHA-256 digest stored for `token`."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_kiosk_token(token: str) -> bool:
    """Cheap shape check done before touching the database."""
    return token.startswith(TOKEN_PREFIX) and len(token) <= MAX_TOKEN_CHARS
