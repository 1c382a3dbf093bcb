"""Provisioning a kiosk from the hub: its kiosk.toml, and one-time links that hand it out.

`storywall admin add-kiosk/rotate-token --kiosk-config FILE` writes `kiosk_toml()`
straight to a file; `storywall admin provision-kiosk` issues a link
(`issue_link`), and `GET /api/v1/provision/{code}` redeems it (`redeem`): the kiosk
gets a new token at that moment, inside a kiosk.toml, and the link is spent.

A link's code is random (192 bits), shown once and stored as its SHA-256 only,
like a kiosk token; it is single use, expires, and is cancelled by a newer link
for the same kiosk or by revoking the kiosk.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlmodel import Session

from server import crud
from server.core.writers import write_lock
from server.errors import InvalidInput
from server.models import PROVISION_TABLE, Kiosk, Provision
from server.security import hash_token
from storywall.protocol import API_PREFIX

PROVISION_PATH = f"{API_PREFIX}/provision"
CODE_PREFIX = "sw_p_"
# token_urlsafe(24) is 32 characters; anything much longer is not one of ours.
MAX_CODE_CHARS = 64
HOUR_MS = 3_600_000
DEFAULT_VALID_HOURS = 24.0
# Long enough to post a card to a volunteer; a link that outlives that is a risk.
MAX_VALID_HOURS = 30 * 24
EXAMPLE_FILE = "firmware_config/kiosk.example.toml"

# TOML basic strings must escape these (toml.io/en/v1.0.0#string); every other
# control character goes as \uXXXX.
_TOML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(value: str) -> str:
    """`value` as a TOML basic string, quotes included; ValueError for a lone surrogate,
    which no UTF-8 file can hold."""
    out = ['"']
    for char in value:
        point = ord(char)
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif point < 0x20 or point == 0x7F:
            out.append(f"\\u{point:04X}")
        elif 0xD800 <= point <= 0xDFFF:
            raise ValueError(f"a lone surrogate (U+{point:04X}) cannot be written to TOML")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def kiosk_toml(*, kiosk_id: str, hub_url: str, token: str) -> str:
    """A complete kiosk.toml: [kiosk] id, hub_url and token; every other key its default."""
    return "\n".join(
        [
            "# Storywall kiosk settings, written by the kiosk's hub.",
            "# This file holds the kiosk's token: keep it readable by the kiosk's service",
            "# user only. A newer provisioning link, once opened, or `storywall admin",
            "# rotate-token` on the hub gives the kiosk a new token and this one stops working.",
            "#",
            f"# Every other key keeps its default; {EXAMPLE_FILE} in the",
            "# Storywall source documents them all. Copy the ones to change below, under",
            "# their section.",
            "",
            "[kiosk]",
            f"id = {toml_string(kiosk_id)}",
            f"hub_url = {toml_string(hub_url)}",
            f"token = {toml_string(token)}",
            "# data_dir, heartbeat_interval_s, language, ...: see the example",
            "",
            "# [hardware]  the GPIO backend and the pins of the buttons, LEDs and shutdown button",
            "# [display]   screen mode and size, idle timeout, sound",
            "# [sync]      how often to push and pull, and the HTTP timeout",
            "",
        ]
    )


def new_code() -> str:
    """A fresh link code (`sw_p_` + 32 URL-safe characters: 192 random bits)."""
    return CODE_PREFIX + secrets.token_urlsafe(24)


def looks_like_code(code: str) -> bool:
    """Cheap shape check done before touching the database."""
    return code.startswith(CODE_PREFIX) and len(code) <= MAX_CODE_CHARS


def provision_url(public_url: str, code: str) -> str:
    """The link a kiosk's installer downloads its kiosk.toml from."""
    return f"{public_url.rstrip('/')}{PROVISION_PATH}/{code}"


@dataclass(frozen=True)
class IssuedLink:
    """A link just issued: its code (shown once), until when it works, and how many
    older unused links of the kiosk it cancelled."""

    kiosk_id: str
    code: str = field(repr=False)
    expires_ms: int
    cancelled: int


def issue_link(session: Session, *, kiosk_id: str, now_ms: int, valid_ms: int) -> IssuedLink:
    """Issue a one-time link for the kiosk, cancelling its older unused ones; NotFound
    for an unknown kiosk, InvalidInput for a validity outside (0, MAX_VALID_HOURS]."""
    if not 0 < valid_ms <= MAX_VALID_HOURS * HOUR_MS:
        raise InvalidInput(f"link validity: more than 0 and at most {MAX_VALID_HOURS} hours")
    # The kiosk's row locked (PostgreSQL) so two links issued at once leave one usable.
    if session.get(Kiosk, kiosk_id, with_for_update=True) is None:
        crud.get_kiosk(session=session, kiosk_id=kiosk_id)  # NotFound, worded as elsewhere
    cancelled = crud.cancel_provision_links(session=session, kiosk_id=kiosk_id, cancelled_ms=now_ms)
    code = new_code()
    session.add(
        Provision(
            code_hash=hash_token(code),
            kiosk_id=kiosk_id,
            created_ms=now_ms,
            expires_ms=now_ms + valid_ms,
        )
    )
    session.commit()
    return IssuedLink(kiosk_id, code, now_ms + valid_ms, cancelled)


@dataclass(frozen=True)
class Redeemed:
    """A link redeemed: the kiosk it was for and its kiosk.toml with the new token."""

    kiosk_id: str
    kiosk_toml: str = field(repr=False)


def redeem(session: Session, *, code: str, now_ms: int, hub_url: str) -> Redeemed | None:
    """Spend the link and give its kiosk a new token, in one transaction; None when the
    code is unknown, used, cancelled or expired (the caller cannot tell which).

    The claim is a conditional UPDATE checked by its row count, so of two requests
    racing with one code exactly one gets the kiosk.toml; the other finds it used.
    """
    if not looks_like_code(code):
        return None
    code_hash = hash_token(code)
    with write_lock(session.get_bind().engine):
        connection = session.connection()
        claimed = connection.execute(
            update(PROVISION_TABLE)
            .where(
                PROVISION_TABLE.c.code_hash == code_hash,
                PROVISION_TABLE.c.used_ms.is_(None),
                PROVISION_TABLE.c.cancelled_ms.is_(None),
                PROVISION_TABLE.c.expires_ms > now_ms,
            )
            .values(used_ms=now_ms)
        )
        if claimed.rowcount != 1:
            session.rollback()
            return None
        kiosk_id = connection.execute(
            select(PROVISION_TABLE.c.kiosk_id).where(PROVISION_TABLE.c.code_hash == code_hash)
        ).scalar_one()
        kiosk = crud.get_kiosk(session=session, kiosk_id=kiosk_id)
        # As rotate-token: the old token stops working, a revoked kiosk is back.
        token = crud.give_new_token(kiosk=kiosk)
        session.add(kiosk)
        session.commit()
    return Redeemed(kiosk_id, kiosk_toml(kiosk_id=kiosk_id, hub_url=hub_url, token=token))


# Modules of 10 px with the standard 4-module quiet zone: about 4-5 cm wide on paper
# for a link of this length, easy for a phone camera.
QR_BOX_PX = 10
QR_BORDER_MODULES = 4


def qr_png(data: str) -> bytes:
    """`data` as a QR code (error correction M), a PNG of black and white modules."""
    import qrcode  # only the command that draws one pays for the import

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=QR_BOX_PX,
        border=QR_BORDER_MODULES,
    )
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(data: str) -> str:
    """`data` as a QR code (error correction M), an SVG of one path: no script, no
    style, so a page can hold it inline under the hub's Content Security Policy."""
    import qrcode  # only what draws one pays for the import

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER_MODULES
    )
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # the quiet zone included
    side = len(matrix)
    dark = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, on in enumerate(row) if on
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges" role="img" aria-label="QR code">'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{dark}" fill="#000"/></svg>'
    )
