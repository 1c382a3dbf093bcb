"""The drop-off form's photo: taken in through the hub's photo pipeline, and kept
across a refused form so the volunteer does not have to choose it again.

A browser cannot fill a file input in again, so a form refused for a date would lose
its photo. Instead the photo is taken in first (server/services/photos.py: checked,
stripped of its metadata, kept by hash) and the form comes back with a signed
`photo_kept` field naming it; sending that page again sends the same photo. A kept
photo is public only once an approved drop-off names it, like any other, and the
signature ties it to this fridge, so a hash seen elsewhere cannot be slipped in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from server.errors import PhotoRefused, PhotoTooLarge
from server.media import MediaStore
from server.models import Photo
from server.services.dropoff_links import DropoffTarget
from server.services.photos import accept_photo
from server.signing import LinkRefused, sign, unsign
from server.web.csrf import TOKEN_LIFE_S
from server.web.form_body import FormBody
from storywall.protocol.limits import MAX_PHOTO_BYTES

KEPT_FIELD = "photo_kept"
DROP_FIELD = "photo_drop"
_PURPOSE = "dropoff.photo"


@dataclass(frozen=True)
class PhotoTaken:
    """The photo a post brought or kept: its hash, the field that keeps it, or why it
    was refused (with the HTTP status of the refusal)."""

    sha256: str | None = None
    kept: str | None = None
    error: str | None = None
    status: int = 422


def take_photo(
    session: Session,
    store: MediaStore,
    secret_key: str,
    body: FormBody,
    *,
    target: DropoffTarget,
    now_ms: int,
) -> PhotoTaken:
    """The post's photo, taken in now, or the one a refused page kept (none if the
    volunteer ticked "send without")."""
    if body.file_too_large:
        megabytes = MAX_PHOTO_BYTES // (1024 * 1024)
        return PhotoTaken(
            error=f"This photo is larger than {megabytes} MB, the most the hub takes. Choose "
            "a smaller one (a screenshot of it works), or send without a photo.",
            status=413,
        )
    if body.file is not None:
        try:
            receipt = accept_photo(
                session,
                store,
                body.file,
                kiosk_id=target.fridge.form_kiosk_id,
                now_ms=now_ms,
                declared_type=body.file_type,
            )
        except PhotoRefused as refused:
            status = 413 if isinstance(refused, PhotoTooLarge) else 422
            return PhotoTaken(error=str(refused), status=status)
        return _kept(secret_key, target, receipt.sha256)
    if body.first(DROP_FIELD):
        return PhotoTaken()
    sha256 = _unsign_kept(session, secret_key, target, body.first(KEPT_FIELD))
    return _kept(secret_key, target, sha256) if sha256 else PhotoTaken()


def _kept(secret_key: str, target: DropoffTarget, sha256: str) -> PhotoTaken:
    token = sign(secret_key, _PURPOSE, {"p": sha256, "s": target.site.id})
    return PhotoTaken(sha256=sha256, kept=token)


def _unsign_kept(
    session: Session, secret_key: str, target: DropoffTarget, token: str
) -> str | None:
    if not token:
        return None
    try:
        value = unsign(secret_key, _PURPOSE, token, max_age_s=TOKEN_LIFE_S)
    except LinkRefused:
        return None
    if not isinstance(value, dict) or value.get("s") != target.site.id:
        return None
    sha256 = value.get("p")
    if not isinstance(sha256, str) or session.get(Photo, sha256) is None:
        return None
    return sha256
