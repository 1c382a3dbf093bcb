"""Media on the local disk: <root>/<first two hex digits>/<sha256>.

A file appears whole or not at all: it is written to a temporary file in the same
folder, flushed to disk and moved into place with os.replace. Two uploads of the
same bytes at once both end with the one file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

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
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True

    def read(self, sha256: str) -> bytes:
        return self._path(sha256).read_bytes()
