"""The pictures of spotlighted doodles, fetched from the hub and kept on disk.

The configuration names a spotlighted doodle by the SHA-256 of its PNG; after each pull
the sync thread fetches the ones it lacks from the hub's public `/media/<sha256>.png`
(HubClient.fetch_doodle checks the bytes against the hash) and deletes those no longer
spotlighted, so the folder holds at most MAX_CONFIG_SPOTLIGHTS small PNGs. A kiosk
offline for a week keeps showing what it has; a doodle not fetched yet is left out of
the attract screen's rotation rather than shown as a blank card.

The screen reads `path()` from its own thread; files appear whole (os.replace).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from storywall.durable import write_atomically
from storywall.protocol.config import Spotlight

logger = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_NAME = re.compile(r"^[0-9a-f]{64}\.png$")


@runtime_checkable
class DoodleHub(Protocol):
    """What the fetch needs from the hub (kiosk.hub_client.HubClient provides it)."""

    def fetch_doodle(self, sha256: str) -> bytes | None: ...


class SpotlightImages:
    """Spotlighted doodles' PNGs in one folder, named by their SHA-256."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def path(self, sha256: str) -> Path | None:
        """The PNG of this doodle when the kiosk holds it, else None."""
        candidate = self.folder / f"{sha256}.png"
        return candidate if _NAME.match(candidate.name) and candidate.is_file() else None

    def sync(self, client: DoodleHub, spotlights: Iterable[Spotlight]) -> int:
        """Fetch the doodles these spotlights show that are not here yet, and delete the
        ones no longer shown; the number fetched. Hub errors are raised like any pull's."""
        wanted = {pin.media for pin in spotlights if pin.kind == "doodle" and pin.media}
        self._prune(wanted)
        fetched = 0
        for sha256 in sorted(wanted):
            if self.path(sha256) is not None:
                continue
            data = client.fetch_doodle(sha256)
            if data is None:
                continue  # no longer public; the next configuration drops it
            if not data.startswith(PNG_SIGNATURE):
                logger.warning("ignoring a spotlighted doodle that is not a PNG: %s", sha256)
                continue
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self.folder / f"{sha256}.png", data)
            fetched += 1
        return fetched

    def _prune(self, wanted: set[str]) -> None:
        if not self.folder.is_dir():
            return
        for file in self.folder.iterdir():
            if file.is_file() and file.name.removesuffix(".png") not in wanted:
                file.unlink(missing_ok=True)

    def __repr__(self) -> str:
        return f"<SpotlightImages {str(self.folder)!r}>"
