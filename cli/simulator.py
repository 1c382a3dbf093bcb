"""Virtual kiosks that press buttons through the real outbox and sync code.

For demos and load: each virtual kiosk has its own outbox file, hub client and
sync worker thread, exactly as a Pi has; only the finger is simulated. Presses
are recorded on the calling thread (as the kiosk's main loop does).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cli.errors import StorywallError
from kiosk.clock import KioskClock
from kiosk.parts import KioskParts


@dataclass(frozen=True)
class KioskCredentials:
    """A kiosk id and its token, as printed by `storywall admin add-kiosk`."""

    kiosk_id: str
    token: str


def read_tokens(path: Path) -> list[KioskCredentials]:
    """Parse a file of `kiosk_id token` lines (blank lines and # comments allowed)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise StorywallError(f"cannot read tokens file {path}: {error.strerror}") from error
    found: list[KioskCredentials] = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise StorywallError(f"{path}:{number}: expected 'kiosk_id token'")
        found.append(KioskCredentials(parts[0], parts[1]))
    if not found:
        raise StorywallError(f"{path}: no kiosks listed")
    return found


class VirtualKiosk:
    """One simulated kiosk: the real outbox, core and sync worker, minus the screen."""

    def __init__(self, hub_url: str, credentials: KioskCredentials, work_dir: Path) -> None:
        self.kiosk_id = credentials.kiosk_id
        self.parts = KioskParts.build(
            kiosk_id=credentials.kiosk_id,
            hub_url=hub_url,
            token=credentials.token,
            data_dir=work_dir / credentials.kiosk_id,
            clock=KioskClock(assume_synced=True),
            idle_interval_s=2.0,
        )
        self.presses = 0

    def connect(self) -> None:
        """Pull the configuration once; fail clearly when the hub says no."""
        report = self.parts.worker.sync_once(pull_config=True)
        if report.error is not None:
            raise StorywallError(f"kiosk {self.kiosk_id}: {report.error}")
        if self.parts.core.prompt is None:
            raise StorywallError(f"kiosk {self.kiosk_id}: its site has no prompt; set one first")

    def press_random(self, rng: random.Random) -> bool:
        core = self.parts.core
        prompt = core.prompt
        if prompt is None:
            return False
        if core.press(rng.randrange(len(prompt.emoji)), "simulated"):
            self.presses += 1
            return True
        return False


@dataclass(frozen=True)
class SimulationReport:
    """What a simulation did, for the person running it."""

    kiosks: int
    presses: int
    acked: int
    pending: int
    rejected: int
    seconds: float


def run_simulation(
    hub_url: str,
    credentials: Sequence[KioskCredentials],
    *,
    work_dir: Path,
    rate: float,
    duration: float,
    stop: threading.Event | None = None,
    drain_timeout: float = 60.0,
    seed: int | None = None,
) -> SimulationReport:
    """Press at `rate` per second per kiosk for `duration` seconds, then wait for sync."""
    if rate <= 0 or duration < 0:
        raise StorywallError("rate must be positive and duration not negative")
    stop = stop or threading.Event()
    rng = random.Random(seed)
    kiosks = [VirtualKiosk(hub_url, c, work_dir) for c in credentials]
    started = time.monotonic()
    try:
        for kiosk in kiosks:
            kiosk.connect()
            kiosk.parts.worker.start()
        # Presses across all kiosks form one Poisson process of rate * kiosks.
        total_rate = rate * len(kiosks)
        deadline = started + duration
        while not stop.is_set():
            wait = rng.expovariate(total_rate)
            if time.monotonic() + wait > deadline or stop.wait(wait):
                break
            rng.choice(kiosks).press_random(rng)
        _wait_drained(kiosks, drain_timeout, stop)
        counts = [k.parts.outbox.counts() for k in kiosks]
        return SimulationReport(
            kiosks=len(kiosks),
            presses=sum(k.presses for k in kiosks),
            acked=sum(c.acked for c in counts),
            pending=sum(c.pending + c.in_flight for c in counts),
            rejected=sum(c.rejected for c in counts),
            seconds=time.monotonic() - started,
        )
    finally:
        for kiosk in kiosks:
            kiosk.parts.close()


def _wait_drained(kiosks: Sequence[VirtualKiosk], timeout: float, stop: threading.Event) -> None:
    for kiosk in kiosks:
        kiosk.parts.worker.wake()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stop.is_set():
        counts = [k.parts.outbox.counts() for k in kiosks]
        if all(c.pending == 0 and c.in_flight == 0 for c in counts):
            return
        stop.wait(0.1)
