"""The media store's interface: content-addressed bytes, written once."""

from __future__ import annotations

from typing import Protocol

# The largest file a store holds: a doodle's PNG (MAX_DOODLE_BYTES, 256 KiB) or a
# photo's display JPEG (at most 1280 x 1280 at quality 82: random noise, the worst
# case, makes 1.15 MB). A photo's upload is never stored. A restore refuses bigger.
MAX_STORED_BYTES = 2 * 1024 * 1024


class MediaStore(Protocol):
    """Bytes by their lower-case hex SHA-256. `put` is idempotent: the same name is
    always the same bytes, so a second put of a name already held changes nothing."""

    def has(self, sha256: str) -> bool:
        """Are these bytes held?"""
        ...

    def put(self, sha256: str, data: bytes) -> bool:
        """Keep `data` (whose hash the caller checked) under its name; True if new."""
        ...

    def read(self, sha256: str) -> bytes:
        """The bytes; FileNotFoundError when they are not held."""
        ...
