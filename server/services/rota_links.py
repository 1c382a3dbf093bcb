"""The rota's signed links (server/signing.py), each with its own purpose.

- take: `/rota/take/<token>`, what organisers share with their volunteers; it names
  the fridge and carries its own end (`until`, hub ms), so the hub's clock decides.
- slot: `/rota/slot/<token>`, a volunteer's personal link to the slot they took; it
  carries the slot's claim, so after a release the old link opens nothing.
- check: `/c/<token>`, the check form; the fridge's sticker link names the fridge
  only, a slot's link names the slot too, which the check then fulfils.
Nothing in them would let the holder act as a kiosk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.signing import LinkExpired, LinkRefused, sign, unsign

TAKE, SLOT, CHECK = "rota.take", "rota.slot", "check"
# How long a shared take link works unless the organiser says otherwise.
DEFAULT_TAKE_DAYS = 90


@dataclass(frozen=True)
class CheckTarget:
    """What a check link names: the fridge's site, and the slot when it is a slot's."""

    site_id: int
    slot_id: int | None


def _ints(value: Any, *names: str) -> tuple[int, ...]:
    if not isinstance(value, dict):
        raise LinkRefused("this link is not valid")
    numbers = tuple(value.get(name) for name in names)
    if not all(isinstance(number, int) and number >= 0 for number in numbers):
        raise LinkRefused("this link is not valid")
    return numbers  # type: ignore[return-value]


def take_token(secret_key: str, *, site_id: int, until_ms: int) -> str:
    """The shareable link's token, good until `until_ms`."""
    return sign(secret_key, TAKE, {"site": site_id, "until": until_ms})


def read_take_token(secret_key: str, token: str, *, now_ms: int) -> int:
    """The site a take link names; LinkExpired past its end, LinkRefused if forged."""
    site_id, until_ms = _ints(unsign(secret_key, TAKE, token), "site", "until")
    if now_ms > until_ms:
        raise LinkExpired("this rota link has expired; ask the organisers for a new one")
    return site_id


def slot_token(secret_key: str, *, slot_id: int, claim: str) -> str:
    """A volunteer's personal link to the slot they took."""
    return sign(secret_key, SLOT, {"slot": slot_id, "claim": claim})


def read_slot_token(secret_key: str, token: str) -> tuple[int, str]:
    """The slot id and claim a personal link carries; LinkRefused if forged."""
    value = unsign(secret_key, SLOT, token)
    (slot_id,) = _ints(value, "slot")
    claim = value.get("claim")
    if not isinstance(claim, str) or not claim:
        raise LinkRefused("this link is not valid")
    return slot_id, claim


def check_token(secret_key: str, *, site_id: int, slot_id: int | None = None) -> str:
    """The check form's token: the fridge's (sticker), or a slot's."""
    value: dict[str, int] = {"site": site_id}
    if slot_id is not None:
        value["slot"] = slot_id
    return sign(secret_key, CHECK, value)


def read_check_token(secret_key: str, token: str) -> CheckTarget:
    """What a check link names; LinkRefused if forged."""
    value = unsign(secret_key, CHECK, token)
    (site_id,) = _ints(value, "site")
    slot = value.get("slot")
    if slot is not None and not (isinstance(slot, int) and slot >= 1):
        raise LinkRefused("this link is not valid")
    return CheckTarget(site_id=site_id, slot_id=slot)
