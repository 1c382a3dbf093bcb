"""The kiosk's media folder: doodle PNGs named by their SHA-256, kept until the hub holds them.

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

SUFFIX = ".png"
_NAME = re.compile(r"^[0-9a-f]{64}\.png$")


class MediaStore:
    """Content-addressed files in one folder (created on first use)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def path(self, sha256: str) -> Path:
        """Where the file named `sha256` lives (it may not exist)."""
        return self.folder / f"{sha256}{SUFFIX}"

    @staticmethod
    def sha256_of(data: bytes) -> str:
        """The name `data` is kept under."""
        return sha256_hex(data)

    def put(self, data: bytes) -> str:
        """Keep `data` durably under its SHA-256 and return the hash (idempotent)."""
        sha256 = sha256_hex(data)
        target = self.path(sha256)
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
        names = (entry.name for entry in self.folder.iterdir())
        return {name[: -len(SUFFIX)] for name in names if _NAME.match(name)}

    def remove(self, hashes: Iterable[str]) -> int:
        """Delete the files of `hashes`; return how many were deleted."""
        removed = 0
        for sha256 in hashes:
            try:
                self.path(sha256).unlink()
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
