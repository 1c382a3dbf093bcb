"""The hub goes away in the middle of ingesting big batches, and comes back.

Two ways: the in-thread LiveHub stopped and started on the same port (uvicorn's
shutdown), and the hub in its own process killed with SIGKILL in the middle of a
500-event push and restarted on the same SQLite file. Meanwhile the kiosk (the
real Outbox, KioskCore, SyncWorker and HubClient) keeps recording, so every return
of the hub finds a backlog. At the end the hub holds exactly the events that were
thanked for, once each, and its SQLite file passes the integrity check.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.outbox import Outbox
from kiosk.parts import KioskParts
from kiosk.sync_worker import SyncWorker
from storywall.protocol.limits import MAX_BATCH_EVENTS
from tests.chaos.checks import assert_exactly_once, drain, sqlite_integrity, wait_until
from tests.chaos.conftest import KIOSK_ID, PROMPT, Scale
from tests.support.hub_process import HubProcess
from tests.support.live_hub import LiveHub

IN_FLIGHT_WAIT_S = 20.0
PUSH_WINDOW_S = 0.004


@dataclass
class Kiosk:
    """One kiosk's real parts, in this process; `thanked` is (seq, id) per press."""

    parts: KioskParts
    rng: random.Random
    thanked: list[tuple[int, str]]

    @classmethod
    def build(cls, data_dir: Path, url: str, token: str, seed: int) -> Kiosk:
        parts = KioskParts.build(
            kiosk_id=KIOSK_ID,
            hub_url=url,
            token=token,
            data_dir=data_dir,
            clock=KioskClock(assume_synced=True),
            http_timeout_s=10,
            idle_interval_s=0.02,
            coalesce_s=0.005,
            max_batch_events=MAX_BATCH_EVENTS,  # the biggest batches the protocol allows
            backoff=Backoff(base_s=0.02, cap_s=0.2),
        )
        return cls(parts, random.Random(seed), [])

    @property
    def worker(self) -> SyncWorker:
        return self.parts.worker

    @property
    def outbox(self) -> Outbox:
        return self.parts.outbox

    def press(self, n: int) -> None:
        for _ in range(n):
            event = self.parts.core.record_press(self.rng.randrange(4), "simulated")
            assert event is not None
            self.thanked.append((event.seq, str(event.id)))

    def pushing(self) -> bool:
        """A batch is on its way to the hub (taken, not yet settled)."""
        return self.outbox.counts().in_flight > 0

    def finish(self) -> None:
        assert self.worker.stop(timeout=30)
        # A stopped worker pushes nothing more: the last rounds run on a fresh one.
        parts = self.parts
        drain(
            SyncWorker(parts.outbox, parts.client, parts.clock, parts.config_store),
            parts.outbox,
            timeout=120,
        )
        assert parts.outbox.integrity_ok()
        parts.close()


def restart_while_pushing(
    kiosk: Kiosk, restarts: int, burst: int, stop: Callable[[], None], start: Callable[[], None]
) -> int:
    """Stop the hub while a push is in flight, `restarts` times; return how many were."""
    hit = 0
    for _ in range(restarts):
        # Let the kiosk push a little into the fresh hub before the next blow.
        kiosk.press(kiosk.rng.randint(1, 20))
        if wait_until(kiosk.pushing, timeout=IN_FLIGHT_WAIT_S, interval=0.002):
            # A push of a few dozen events now settles in 5-15 ms: a random point inside
            # that, not after it (an 80 ms window let every blow of a run miss the push).
            time.sleep(kiosk.rng.uniform(0, PUSH_WINDOW_S))
            hit += kiosk.pushing()
        stop()
        # While the hub is away the park carries on: a new backlog.
        kiosk.press(burst)
        start()
    return hit


def test_live_hub_restarts_mid_ingest(
    live_hub: LiveHub, tmp_path: Path, scale: Scale, seed: int
) -> None:
    token = live_hub.add_kiosk(KIOSK_ID)
    kiosk = Kiosk.build(tmp_path / "kiosk", live_hub.url, token, seed)
    assert kiosk.worker.sync_once(pull_config=True).ok
    live_hub.stop()
    kiosk.press(scale.backlog)  # a kiosk that was offline for a while
    live_hub.start()
    kiosk.worker.start()
    hit = restart_while_pushing(
        kiosk,
        scale.hub_restarts,
        scale.backlog // scale.hub_restarts,
        live_hub.stop,
        live_hub.start,
    )
    kiosk.finish()

    assert_exactly_once(live_hub.events(KIOSK_ID), kiosk.thanked)
    assert sqlite_integrity(tmp_path / "hub" / "hub.sqlite3") == ["ok"]
    print(
        f"\nlive hub restarts={scale.hub_restarts} while-pushing={hit} events={len(kiosk.thanked)}"
    )


def test_hub_process_sigkilled_mid_ingest(tmp_path: Path, scale: Scale, seed: int) -> None:
    # Set the database up with the hub's own code, then hand the file to the process.
    hub_dir = tmp_path / "hub"
    data = LiveHub(hub_dir)
    data.add_site()
    data.set_prompt(PROMPT)
    token = data.add_kiosk(KIOSK_ID)
    data.engine.dispose()
    db_file = hub_dir / "hub.sqlite3"

    hub = HubProcess(db_file)
    hub.start()
    kiosk = Kiosk.build(tmp_path / "kiosk", hub.url, token, seed)
    try:
        assert kiosk.worker.sync_once(pull_config=True).ok
        kiosk.press(scale.backlog)
        kiosk.worker.start()

        def kill() -> None:
            hub.kill()
            # What the restarted hub will open: a sound file after every kill.
            assert sqlite_integrity(db_file) == ["ok"]

        hit = restart_while_pushing(
            kiosk, scale.hub_kills, scale.backlog // scale.hub_kills, kill, hub.start
        )
        kiosk.finish()
        held = data.events(KIOSK_ID)
    finally:
        kiosk.worker.stop(timeout=10)
        hub.kill()
        data.engine.dispose()

    assert_exactly_once(held, kiosk.thanked)
    assert sqlite_integrity(db_file) == ["ok"]
    print(f"\nhub SIGKILLs={scale.hub_kills} while-pushing={hit} events={len(kiosk.thanked)}")
    assert hit >= 1, "no kill landed while a push was in flight"
