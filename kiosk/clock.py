"""What a kiosk knows about time: its boot, its monotonic clock, its wall clock.

A Pi has no battery-backed clock, so every event carries the boot id and the
monotonic time next to a wall time that may be wrong, and whether NTP had synced
it (docs/protocol.md, "Time"). OS state is read from paths given as parameters
so tests point them at files in tmp_path.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from storywall.protocol.limits import BOOT_ID_PATTERN

BOOT_ID_PATH = Path("/proc/sys/kernel/random/boot_id")
# systemd-timesyncd creates this file once the clock has been synchronised.
SYNC_FLAG_PATH = Path("/run/systemd/timesync/synchronized")

_BOOT_ID = re.compile(BOOT_ID_PATTERN)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def read_boot_id(path: Path) -> str | None:
    """The boot id in `path`, or None when the file is missing or holds no valid id."""
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return text if _BOOT_ID.fullmatch(text) else None


class KioskClock:
    """Boot id, monotonic milliseconds and the (maybe unsynchronised) wall clock."""

    def __init__(
        self,
        *,
        boot_id_path: Path = BOOT_ID_PATH,
        sync_flag_path: Path = SYNC_FLAG_PATH,
        assume_synced: bool = False,
        wall: Callable[[], datetime] = _utc_now,
        mono: Callable[[], float] = time.monotonic,
    ) -> None:
        # Without the kernel's boot id (not Linux), a random id per process is the
        # honest answer: the monotonic clock cannot be compared across processes anyway.
        self._boot_id = read_boot_id(boot_id_path) or str(uuid.uuid4())
        self._sync_flag_path = sync_flag_path
        self._assume_synced = assume_synced
        self._wall = wall
        self._mono = mono

    @property
    def boot_id(self) -> str:
        """This boot's id: events of one boot share a monotonic clock."""
        return self._boot_id

    def mono_ms(self) -> int:
        """Monotonic milliseconds (since boot on Linux); never goes backwards."""
        return max(0, int(self._mono() * 1000))

    def wall_time(self) -> datetime:
        """The wall clock as an aware UTC datetime; maybe wrong until synced()."""
        now = self._wall()
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return now.astimezone(UTC)

    def synced(self) -> bool:
        """True when NTP has synchronised the wall clock (or settings say to assume so)."""
        return self._assume_synced or self._sync_flag_path.exists()

    def __repr__(self) -> str:
        return f"<KioskClock boot_id={self._boot_id!r} synced={self.synced()}>"
