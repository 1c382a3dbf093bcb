"""Virtual kiosks that press buttons through the real outbox and sync code.

For demos and load: each virtual kiosk has its own outbox file, hub client and
sync worker thread, exactly as a Pi has; only the finger is simulated. Presses
are recorded on the calling thread (as the kiosk's main loop does).
"""

from __future__ import annotations

import math
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


PASSER_BY_INTERVAL_S = 60.0


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
        # This run's events are those from first_seq on; earlier runs left the rest.
        self.first_seq: int | None = None
        counts = self.parts.outbox.counts()
        self.queued_before = counts.pending + counts.in_flight
        self.refused: str | None = None
        self._passer_by_s = 0.0

    def connect(self) -> bool:
        """Pull the configuration once; False (with `refused` set) when that fails."""
        report = self.parts.worker.sync_once(pull_config=True)
        if report.error is not None:
            self.refused = report.error
        elif self.parts.core.prompt is None:
            self.refused = "its site has no prompt; set one first"
        return self.refused is None

    @property
    def unauthorised(self) -> bool:
        """True once the hub has refused this kiosk's token (revoked or unknown)."""
        return self.parts.worker.status.state == "unauthorised"

    def press_random(self, rng: random.Random) -> bool:
        core = self.parts.core
        prompt = core.prompt
        if prompt is None:
            return False
        if prompt.answer_count == 0:
            return False
        # Each simulated press stands for another passer-by: a minute apart on the play
        # rule's clock, so a fast simulation is opinion, not one child mashing buttons.
        self._passer_by_s += PASSER_BY_INTERVAL_S
        event = core.record_press(
            rng.randrange(prompt.answer_count), "simulated", at=self._passer_by_s
        )
        if event is None:
            return False
        self.presses += 1
        if self.first_seq is None:
            self.first_seq = event.seq
        return True

    def settle(self) -> KioskResult:
        """Where this run's presses are now: acknowledged, queued or rejected."""
        outbox = self.parts.outbox
        counts = outbox.counts()
        queued = counts.pending + counts.in_flight
        first = self.first_seq
        rejected = 0
        if first is not None:
            recent = outbox.rejected(limit=self.presses)  # newest first
            rejected = sum(1 for row in recent if row.event.seq >= first)
        # The kiosk sends oldest first, so what is still queued is its newest events:
        # this run's, and an earlier run's only once all of this run's are queued.
        queued_now = min(queued, self.presses - rejected)
        if self.refused is None and self.unauthorised:
            self.refused = self.parts.worker.status.last_error or "token refused"
        return KioskResult(
            kiosk_id=self.kiosk_id,
            presses=self.presses,
            acked=self.presses - rejected - queued_now,
            queued=queued_now,
            rejected=rejected,
            earlier_queued=queued - queued_now,
            earlier_sent=max(0, self.queued_before - (queued - queued_now)),
            refused=self.refused,
        )


@dataclass(frozen=True)
class KioskResult:
    """What one virtual kiosk did in this run (never counting an earlier run's presses)."""

    kiosk_id: str
    presses: int
    acked: int
    queued: int
    rejected: int
    earlier_queued: int = 0
    earlier_sent: int = 0
    refused: str | None = None


@dataclass(frozen=True)
class SimulationReport:
    """What a simulation did, for the person running it: this run's presses only."""

    kiosks: tuple[KioskResult, ...]
    seconds: float

    @property
    def presses(self) -> int:
        return sum(k.presses for k in self.kiosks)

    @property
    def acked(self) -> int:
        return sum(k.acked for k in self.kiosks)

    @property
    def pending(self) -> int:
        return sum(k.queued for k in self.kiosks)

    @property
    def rejected(self) -> int:
        return sum(k.rejected for k in self.kiosks)

    @property
    def refused(self) -> list[KioskResult]:
        """The kiosks the hub would not serve (revoked or unknown token, no prompt)."""
        return [k for k in self.kiosks if k.refused is not None]


def run_simulation(
    hub_url: str,
    credentials: Sequence[KioskCredentials],
    *,
    work_dir: Path,
    rate: float,
    duration: float | None = None,
    presses: int | None = None,
    stop: threading.Event | None = None,
    drain_timeout: float = 60.0,
    seed: int | None = None,
) -> SimulationReport:
    """Press at `rate` per second per kiosk until `duration` seconds have passed or
    `presses` presses were recorded (whichever is given, or first), then wait for sync.

    A kiosk the hub refuses (a revoked token, say) is reported, not fatal: the
    others carry on. Only when no kiosk can start does this raise StorywallError.
    """
    if not (math.isfinite(rate) and rate > 0):
        raise StorywallError(f"rate must be a positive number, not {rate}")
    if duration is not None and not (math.isfinite(duration) and duration >= 0):
        raise StorywallError(f"duration must be a number of seconds, not {duration}")
    if presses is not None and presses < 0:
        raise StorywallError(f"presses must not be negative, not {presses}")
    if duration is None and presses is None:
        raise StorywallError("give a duration, a number of presses, or both")
    stop = stop or threading.Event()
    rng = random.Random(seed)
    kiosks = [VirtualKiosk(hub_url, c, work_dir) for c in credentials]
    started = time.monotonic()
    try:
        active = [kiosk for kiosk in kiosks if kiosk.connect()]
        if not active:
            reasons = "; ".join(f"kiosk {k.kiosk_id}: {k.refused}" for k in kiosks)
            raise StorywallError(f"no kiosk could start: {reasons}")
        for kiosk in active:
            kiosk.parts.worker.start()
        _press(
            active, rng, rate, stop, started + duration if duration is not None else None, presses
        )
        _wait_drained(active, drain_timeout, stop)
        return SimulationReport(
            kiosks=tuple(kiosk.settle() for kiosk in kiosks), seconds=time.monotonic() - started
        )
    finally:
        for kiosk in kiosks:
            kiosk.parts.close()


def _press(
    kiosks: Sequence[VirtualKiosk],
    rng: random.Random,
    rate: float,
    stop: threading.Event,
    deadline: float | None,
    presses: int | None,
) -> None:
    # Presses across all kiosks form one Poisson process of rate * kiosks.
    total_rate = rate * len(kiosks)
    done = 0
    while not stop.is_set() and (presses is None or done < presses):
        wait = rng.expovariate(total_rate)
        if deadline is not None and time.monotonic() + wait > deadline:
            break
        if stop.wait(wait):
            break
        if rng.choice(kiosks).press_random(rng):
            done += 1
        elif not any(kiosk.parts.core.prompt for kiosk in kiosks):
            break  # every site lost its prompt: nothing can be pressed any more


def _wait_drained(kiosks: Sequence[VirtualKiosk], timeout: float, stop: threading.Event) -> None:
    for kiosk in kiosks:
        kiosk.parts.worker.wake()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stop.is_set():
        # A kiosk whose token the hub refuses will not drain: do not wait for it.
        waiting = [k for k in kiosks if not k.unauthorised]
        counts = [k.parts.outbox.counts() for k in waiting]
        if all(c.pending == 0 and c.in_flight == 0 for c in counts):
            return
        stop.wait(0.1)
