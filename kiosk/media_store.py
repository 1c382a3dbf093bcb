"""The kiosk's media folder: doodle PNGs and shelf-photo JPEGs named by their SHA-256, kept
until the hub holds them.

A file's suffix is its type, read from its bytes when it is put (`.png` for a PNG, `.jpg`
for a JPEG), so the upload says `image/png` or `image/jpeg` without storing anything else.

A file is written completely before anything refers to it (temporary file, fsync,
os.replace, fsync of the folder), so the doodle event that names it is recorded only
once its bytes survive a power cut, and a crash leaves no half-written PNG under a
real name. The sync worker deletes a file once the hub has confirmed it holds the
bytes and no event still waiting refers to them, so the folder stays bounded.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from storywall.durable import write_atomically
from storywall.protocol.media import sha256_hex

logger = logging.getLogger(__name__)

# Each kind of media the kiosk makes: its file suffix, its content type, its first bytes.
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg"}
_SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff"}
_NAME = re.compile(r"^([0-9a-f]{64})(\.png|\.jpg)$")


def suffix_of(data: bytes) -> str:
    """The suffix `data` is kept under, from its first bytes; ValueError if neither kind."""
    for suffix, signature in _SIGNATURES.items():
        if data.startswith(signature):
            return suffix
    raise ValueError("media must be a PNG or a JPEG image")


class MediaStore:
    """Content-addressed files in one folder (created on first use)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def path(self, sha256: str, suffix: str | None = None) -> Path:
        """Where the file named `sha256` lives: the one there is, else (none yet) where a
        file with `suffix` (default ".png") would go."""
        if suffix is None:
            for known in CONTENT_TYPES:
                candidate = self.folder / f"{sha256}{known}"
                if candidate.exists():
                    return candidate
            suffix = ".png"
        return self.folder / f"{sha256}{suffix}"

    def content_type(self, sha256: str) -> str:
        """The content type of the file named `sha256` ("image/png" when there is none)."""
        return CONTENT_TYPES[self.path(sha256).suffix]

    @staticmethod
    def sha256_of(data: bytes) -> str:
        """The name `data` is kept under."""
        return sha256_hex(data)

    def put(self, data: bytes) -> str:
        """Keep `data` (a PNG or a JPEG: ValueError otherwise) durably under its SHA-256
        and return the hash (idempotent)."""
        suffix = suffix_of(data)
        sha256 = sha256_hex(data)
        target = self.path(sha256, suffix)
        if target.exists():
            return sha256
        write_atomically(target, data)
        return sha256

    def read(self, sha256: str) -> bytes | None:
        """The bytes named `sha256`, or None when the file is not here."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def held(self) -> set[str]:
        """Every hash with a file in the folder."""
        if not self.folder.is_dir():
            return set()
        matches = (_NAME.match(entry.name) for entry in self.folder.iterdir())
        return {match.group(1) for match in matches if match}

    def remove(self, hashes: Iterable[str]) -> int:
        """Delete the files of `hashes`; return how many were deleted."""
        removed = 0
        for sha256 in hashes:
            for suffix in CONTENT_TYPES:
                try:
                    self.path(sha256, suffix).unlink()
                except FileNotFoundError:
                    continue
                removed += 1
        return removed

    def sweep(self, referenced: set[str]) -> int:
        """Delete files no event refers to and temporary files a crash left behind.

        Call it before anything records (at start-up): a doodle whose file was written
        but whose event was never committed is an abandoned drawing."""
        if not self.folder.is_dir():
            return 0
        leftovers = [entry for entry in self.folder.iterdir() if entry.name.endswith(".tmp")]
        for entry in leftovers:
            entry.unlink(missing_ok=True)
        removed = self.remove(self.held() - referenced)
        if removed or leftovers:
            logger.info("media: removed %d unreferenced files", removed + len(leftovers))
        return removed

    def __repr__(self) -> str:
        return f"<MediaStore {str(self.folder)!r}>"
