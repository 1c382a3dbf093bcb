"""The shared wall image, pulled from the hub with its ETag and cached on disk.

`GET /api/v1/kiosk/wall.png?w=<W>&h=<H>` (the kiosk's screen size) with If-None-Match:
an unchanged wall costs one small request, a changed one replaces the cached PNG
atomically (temporary file, fsync, os.replace), so the attract screen always finds
a whole image, and a kiosk offline for a week still shows the last one. A hub that
serves no wall image (404: an older hub) is not an error: the screen keeps its
placeholder.

The screen reads `path` (None until a first image arrived) and `version` (changes
when the image does) from its own thread; only the sync thread writes.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

from kiosk.hub_client import WallPull
from storywall.durable import write_atomically

logger = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_FILE = "wall.png"
META_FILE = "wall.json"


@runtime_checkable
class WallHub(Protocol):
    """What the wall pull needs from the hub (kiosk.hub_client.HubClient provides it)."""

    def pull_wall(self, etag: str | None, *, width: int, height: int) -> WallPull: ...


class WallImage:
    """The cached wall PNG of one kiosk, sized for its screen."""

    def __init__(self, folder: Path | str, size: tuple[int, int]) -> None:
        self.folder = Path(folder)
        self.size = size
        self._lock = threading.Lock()
        self._version: str | None = None  # what the screen compares
        self._etag: str | None = None  # what the hub is asked with
        self._told_not_served = False
        self._load()

    @property
    def path(self) -> Path | None:
        """The cached PNG, or None when the hub never sent one."""
        image = self.folder / IMAGE_FILE
        return image if image.is_file() else None

    @property
    def version(self) -> str | None:
        """The cached image's ETag (changes whenever the image does), or None."""
        with self._lock:
            version = self._version
        return (version or "cached") if self.path is not None else None

    def pull(self, client: WallHub) -> bool:
        """Ask the hub for a newer image; True when a new one was cached.

        Hub errors (HubUnavailable, AuthRejected...) are raised like any pull's."""
        width, height = self.size
        with self._lock:
            etag = self._etag if self.path is not None else None
        answer = client.pull_wall(etag, width=width, height=height)
        if not answer.served:
            if not self._told_not_served:
                self._told_not_served = True
                logger.info("the hub serves no wall image; the attract screen shows its own")
            return False
        if answer.png is None:
            return False
        if not answer.png.startswith(PNG_SIGNATURE):
            logger.warning("ignoring a wall image that is not a PNG (%d bytes)", len(answer.png))
            return False
        self._save(answer.png, answer.etag)
        return True

    def _save(self, png: bytes, etag: str | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # The image first, then its version: a crash between them leaves a new image
        # with the old ETag, which the next pull simply replaces.
        write_atomically(self.folder / IMAGE_FILE, png)
        meta = {"etag": etag, "width": self.size[0], "height": self.size[1]}
        write_atomically(self.folder / META_FILE, json.dumps(meta).encode())
        with self._lock:
            self._etag = etag
            self._version = etag or f"untagged-{len(png)}-{hash(png)}"

    def _load(self) -> None:
        try:
            meta = json.loads((self.folder / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(meta, dict):
            return
        etag = meta.get("etag")
        if not isinstance(etag, str):
            return
        self._version = etag
        # An image cached for another screen size is shown until a new one arrives,
        # but not named to the hub: the hub's answer must be for this size.
        if [meta.get("width"), meta.get("height")] == list(self.size):
            self._etag = etag

    def __repr__(self) -> str:
        return f"<WallImage {str(self.folder)!r} size={self.size} version={self.version!r}>"
