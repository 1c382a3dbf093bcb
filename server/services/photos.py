"""Photos on the hub: an upload becomes a display JPEG and a thumbnail, kept once.

A photo is named by the SHA-256 of the bytes uploaded (what a drop-off event names in
its payload), but those bytes are never kept: they carry the phone's EXIF, GPS
included. server/media/photos.py makes the two clean JPEGs; they go into the media
store under their own SHA-256, and the `photo` row ties the three names together.
Events naming the upload's hash then count it as present (holds.held_media).

The public sees a photo only while an approved event names it (`server.services.public_photos`), at
the addresses `photo_urls` gives (docs/photos.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from server.core.writers import write_lock
from server.errors import NotFound
from server.media import MediaStore
from server.media.photos import process_photo
from server.models import MEDIA_REF_TABLE, Photo
from server.services.holds import mark_present
from storywall.protocol.media import sha256_hex

PHOTO_PATH = "/media/photos/{sha256}/{size}.jpg"
SIZES = ("display", "thumb")


@dataclass(frozen=True)
class PhotoReceipt:
    """A kept photo: the upload's name and size, the display's size, and whether this
    call stored it (False: the same bytes were already kept)."""

    sha256: str
    bytes: int
    width: int
    height: int
    created: bool


def photo_urls(sha256: str) -> tuple[str, str]:
    """The public addresses of a photo's display JPEG and thumbnail, by the upload's hash."""
    display, thumb = (PHOTO_PATH.format(sha256=sha256, size=size) for size in SIZES)
    return display, thumb


def _receipt(row: Photo, created: bool) -> PhotoReceipt:
    return PhotoReceipt(row.sha256, row.bytes, row.width, row.height, created)


def accept_photo(
    session: Session,
    store: MediaStore,
    data: bytes,
    *,
    kiosk_id: str,
    now_ms: int,
    declared_type: str | None = None,
) -> PhotoReceipt:
    """Keep the photo in `data` (uploaded through `kiosk_id`) and commit; a
    server.errors.PhotoRefused, with a message for the volunteer, when it is not taken.

    The same bytes again store nothing and answer `created=False`."""
    sha256 = sha256_hex(data)
    engine = session.get_bind().engine
    row = session.get(Photo, sha256)
    if row is not None and store.has(row.display_sha256) and store.has(row.thumb_sha256):
        # Sent again: a push may have named it while it was being recorded
        # (PostgreSQL); its refs are marked present now.
        with write_lock(engine):
            mark_present(session, sha256)
            session.commit()
        return _receipt(row, created=False)
    photo = process_photo(data, declared_type=declared_type)
    display, thumb = sha256_hex(photo.display), sha256_hex(photo.thumb)
    # The files before the row: a row always names files the store holds.
    store.put(display, photo.display)
    store.put(thumb, photo.thumb)
    with write_lock(engine):
        if row is not None:
            # The row outlived its files (a media folder restored from an older
            # backup): made again from the same bytes; a newer Pillow may encode
            # them differently, so the row takes the new names.
            row.display_sha256, row.thumb_sha256 = display, thumb
            row.width, row.height = photo.width, photo.height
            session.add(row)
            session.commit()
            return _receipt(row, created=True)
        row = Photo(
            sha256=sha256,
            display_sha256=display,
            thumb_sha256=thumb,
            width=photo.width,
            height=photo.height,
            bytes=len(data),
            kiosk_id=kiosk_id,
            stored_ms=now_ms,
        )
        try:
            session.add(row)
            session.flush()
            mark_present(session, sha256)
            session.commit()
        except IntegrityError:
            session.rollback()
            kept = session.get(Photo, sha256)
            if kept is None:  # not a race: an unknown kiosk
                raise
            # The same bytes from another request, recorded first.
            return _receipt(kept, created=False)
    return _receipt(row, created=True)


def held_photo(session: Session, store: MediaStore, *, event_id: str) -> bytes:
    """The display JPEG of the photo an event names, whatever its moderation state: for
    the moderator deciding (never served to the public). NotFound when the event names
    no photo, or the hub does not hold it yet."""
    refs = MEDIA_REF_TABLE.c
    names = (
        session.connection().execute(select(refs.sha256).where(refs.event_id == event_id)).scalars()
    )
    for sha256 in names:
        photo = session.get(Photo, sha256)
        if photo is not None:
            return store.read(photo.display_sha256)
    raise NotFound(f"event {event_id} names no photo the hub holds")
