"""Media on the local disk: <root>/<first two hex digits>/<sha256>.

A file appears whole or not at all (storywall.durable.write_atomically: a temporary
file in the same folder, fsync, os.replace, fsync of the folder). Two uploads of the
same bytes at once both end with the one file."""

from __future__ import annotations

import re
from pathlib import Path

from storywall.durable import write_atomically

_NAME = re.compile(r"[0-9a-f]{64}")


class LocalMediaStore:
    """A MediaStore in a folder (the hub's `data_dir / "media"`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        if not _NAME.fullmatch(sha256):
            raise ValueError(f"not a media name: {sha256[:80]!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def put(self, sha256: str, data: bytes) -> bool:
        path = self._path(sha256)
        if path.is_file():
            return False
        write_atomically(path, data)
        return True

    def read(self, sha256: str) -> bytes:
        return self._path(sha256).read_bytes()
