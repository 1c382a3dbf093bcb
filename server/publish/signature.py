"""The signature on every webhook POST: HMAC-SHA256 over the timestamp and the body.

    Storywall-Signature: t=1750507200,v1=5f2c...e9

`v1` is the hex HMAC-SHA256, keyed with the shared secret, of `<t>.<raw body>`. A
receiver recomputes it over the bytes it received, compares in constant time, and
refuses a `t` far from its own clock, so a captured request cannot be replayed later
(the same scheme as Stripe's webhooks; docs/fridges.md has a receiver's few lines).
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Storywall-Signature"
# How far a receiver should let `t` stray from its clock (what `verify` allows).
TOLERANCE_S = 300


def _mac(secret: str, timestamp_s: int, body: bytes) -> str:
    signed = str(timestamp_s).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp_s: int) -> str:
    """The header value for `body` sent at `timestamp_s` (unix seconds)."""
    return f"t={timestamp_s},v1={_mac(secret, timestamp_s, body)}"


def verify(
    secret: str, header: str, body: bytes, now_s: int, tolerance_s: int = TOLERANCE_S
) -> bool:
    """True when `header` signs `body` with `secret` and its time is within tolerance."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    try:
        timestamp_s = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs(now_s - timestamp_s) > tolerance_s:
        return False
    expected = _mac(secret, timestamp_s, body)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))
