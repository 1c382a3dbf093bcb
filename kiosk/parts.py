"""A kiosk minus its screen and buttons: the parts every kiosk wires the same way.

`KioskParts.build` opens the outbox, the stored configuration, the media folder, the
cached wall image and the spotlighted doodles in a data folder and ties them to a hub
client, a sync worker and the core. The app (kiosk.app.build_kiosk), the simulator and
the chaos tests all start from it, so a simulated or crashed kiosk is wired exactly as a
Pi is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.defaults import DEFAULTS
from kiosk.health import KioskHealth, LastErrorHandler
from kiosk.hub_client import HubClient
from kiosk.media_store import MediaStore
from kiosk.media_sync import MediaSync
from kiosk.outbox import Outbox
from kiosk.spotlight_images import SpotlightImages
from kiosk.sync_worker import SyncWorker
from kiosk.wall_image import WallImage
from storywall.closing import ClosesOnExit

logger = logging.getLogger(__name__)

STOP_TIMEOUT_S = 10.0
# A kiosk's files inside its data folder.
OUTBOX_FILE = "outbox.sqlite3"
CONFIG_FILE = "config.json"
MEDIA_DIR = "media"
WALL_DIR = "wall"
SPOTLIGHT_DIR = "spotlights"


@dataclass
class KioskParts(ClosesOnExit):
    """Outbox, stored configuration, hub client, sync worker (not started) and core."""

    clock: KioskClock
    outbox: Outbox
    config_store: ConfigStore
    client: HubClient
    worker: SyncWorker
    core: KioskCore
    media: MediaStore
    wall_image: WallImage
    health: KioskHealth
    spotlights: SpotlightImages

    @classmethod
    def build(
        cls,
        *,
        kiosk_id: str,
        hub_url: str,
        token: str,
        data_dir: Path,
        clock: KioskClock,
        http_timeout_s: float = DEFAULTS.sync.timeout_s,
        heartbeat_interval_s: float | None = None,
        screen_size: tuple[int, int] = DEFAULTS.display.size,
        last_error: LastErrorHandler | None = None,
        **worker_options: Any,
    ) -> KioskParts:
        """Open `data_dir`'s files; `worker_options` go to SyncWorker. `screen_size` is
        the size the wall image is asked for; `last_error` feeds the heartbeats."""
        outbox = Outbox(data_dir / OUTBOX_FILE, kiosk_id=kiosk_id)
        try:
            media = MediaStore(data_dir / MEDIA_DIR)
            # Before anything records: a drawing whose event never committed is gone.
            media.sweep(outbox.media_refs(("pending", "in_flight", "acked", "rejected")))
        except BaseException:
            outbox.close()
            raise
        config_store = ConfigStore(data_dir / CONFIG_FILE)
        client = HubClient(hub_url, token, timeout=http_timeout_s)
        wall_image = WallImage(data_dir / WALL_DIR, screen_size)
        spotlights = SpotlightImages(data_dir / SPOTLIGHT_DIR)
        worker = SyncWorker(
            outbox,
            client,
            clock,
            config_store,
            media=MediaSync(outbox, media, client),
            wall=wall_image,
            spotlights=spotlights,
            **worker_options,
        )
        health = KioskHealth(data_dir, last_error=last_error)
        core = KioskCore(
            outbox,
            clock,
            config_store,
            worker=worker,
            heartbeat_interval_s=heartbeat_interval_s,
            media=media,
            health=health,
        )
        return cls(
            clock, outbox, config_store, client, worker, core, media, wall_image, health, spotlights
        )

    def close(self) -> None:
        """Stop the worker, then close the client and the outbox; safe to call twice."""
        if not self.worker.stop(timeout=STOP_TIMEOUT_S):
            logger.warning("sync worker did not stop within %.0f s", STOP_TIMEOUT_S)
        self.client.close()
        self.outbox.close()
