"""A kiosk's media upload, from the checked bytes to the receipt (docs/protocol.md, "Media").

The route (server/api/media.py) reads the body bounded by the type's limit; here the
hash, then the format are checked, the bytes are kept once in the media store and
recorded in `media`, and the events naming them stop being reported missing. A JPEG
is a photo: after the hash check it goes through server/services/photos.py, which
keeps a clean display size and thumbnail instead of the bytes.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from server.core.writers import write_lock
from server.errors import HashMismatch, InvalidInput, UnsupportedMedia
from server.media import MediaStore
from server.models import Kiosk, Media
from server.services.holds import mark_present
from server.services.photos import accept_photo
from storywall.protocol.limits import MAX_DOODLE_SIDE
from storywall.protocol.media import MEDIA_TYPES, PHOTO_TYPE, MediaReceipt, sha256_hex


def media_limit(content_type: str | None) -> tuple[str, int]:
    """The declared media type and its byte limit; UnsupportedMedia (415) when not taken."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in MEDIA_TYPES:
        allowed = ", ".join(sorted(MEDIA_TYPES))
        raise UnsupportedMedia(f"send media as one of: {allowed}")
    return media, MEDIA_TYPES[media]


def check_png(data: bytes) -> tuple[int, int]:
    """The PNG's size; UnsupportedMedia (415) when it is not a whole PNG, InvalidInput
    (422) when a side is over MAX_DOODLE_SIDE. The size is read before any decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                if width > MAX_DOODLE_SIDE or height > MAX_DOODLE_SIDE:
                    raise InvalidInput(
                        f"the PNG is {width}x{height}; at most {MAX_DOODLE_SIDE} per side"
                    )
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as error:
        raise UnsupportedMedia(f"the body is not a readable PNG ({error})") from None
    return width, height


def store_media(
    session: Session,
    store: MediaStore,
    *,
    kiosk: Kiosk,
    sha256: str,
    content_type: str,
    data: bytes,
    now_ms: int,
) -> tuple[MediaReceipt, bool]:
    """Keep uploaded bytes named `sha256`; the receipt and whether they are new."""
    actual = sha256_hex(data)
    if actual != sha256:
        raise HashMismatch(f"the body's SHA-256 is {actual}, not the one in the address")
    if content_type == PHOTO_TYPE:
        photo = accept_photo(
            session, store, data, kiosk_id=kiosk.id, now_ms=now_ms, declared_type=content_type
        )
        status = "stored" if photo.created else "held"
        return MediaReceipt(sha256=sha256, bytes=len(data), status=status), photo.created
    held = MediaReceipt(sha256=sha256, bytes=len(data), status="held")
    if session.get(Media, sha256) is not None:
        if not store.has(sha256):
            # The row outlived its file (a media folder restored from an older
            # backup): the same bytes, checked again, make it whole.
            check_png(data)
            store.put(sha256, data)
            return MediaReceipt(sha256=sha256, bytes=len(data), status="stored"), True
        # Sent again: a push may have named the bytes while they were being
        # recorded (PostgreSQL); mark its refs present now.
        with write_lock(session.get_bind().engine):
            mark_present(session, sha256)
            session.commit()
        return held, False
    check_png(data)
    # The file before the row: a row always names bytes the store holds.
    store.put(sha256, data)
    with write_lock(session.get_bind().engine):
        try:
            session.add(
                Media(
                    sha256=sha256,
                    content_type=content_type,
                    bytes=len(data),
                    kiosk_id=kiosk.id,
                    stored_ms=now_ms,
                )
            )
            session.flush()
            mark_present(session, sha256)
            session.commit()
        except IntegrityError:
            # The same bytes from another request, recorded first.
            session.rollback()
            return held, False
    return MediaReceipt(sha256=sha256, bytes=len(data), status="stored"), True
