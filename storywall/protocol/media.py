"""Media: the bytes of a doodle or a photo, named by their SHA-256.

`PUT /api/v1/media/<sha256>` with the kiosk's token and the bytes as the body stores
them once: the same bytes again are a success that stores nothing. The hub checks the
hash, the size and the format before it keeps anything. Every push answer lists, in
`missing_media`, the hashes this kiosk's events refer to that the hub still lacks, so
a kiosk that lost an upload (power cut, cut socket) sends it again.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel

from storywall.protocol.limits import API_PREFIX, MAX_DOODLE_BYTES, MAX_PHOTO_BYTES

MEDIA_PATH = f"{API_PREFIX}/media/{{sha256}}"
# An approved doodle's public PNG, the same bytes its hash names: what the wall shows
# and what a kiosk fetches for a spotlighted doodle (no token needed).
DOODLE_PATH = "/media/{sha256}.png"
# What a kiosk may upload, by content type, and the most bytes of each: a doodle's
# PNG, and a camera's JPEG (the hub keeps a photo's display size and thumbnail only,
# with no metadata, still named by the hash of the bytes sent; docs/photos.md).
PHOTO_TYPE = "image/jpeg"
MEDIA_TYPES: dict[str, int] = {"image/png": MAX_DOODLE_BYTES, PHOTO_TYPE: MAX_PHOTO_BYTES}


def sha256_hex(data: bytes) -> str:
    """The name of a media file: the lower-case hex SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def media_path(sha256: str) -> str:
    """The upload path for one media file."""
    return MEDIA_PATH.format(sha256=sha256)


def doodle_path(sha256: str) -> str:
    """The public path of an approved doodle's PNG."""
    return DOODLE_PATH.format(sha256=sha256)


class MediaReceipt(BaseModel):
    """Body of a 200/201 answer to a media upload. `stored`: new bytes kept;
    `held`: the hub already had them (also a success)."""

    sha256: str
    bytes: int
    status: Literal["stored", "held"]
