"""The kiosk syncs through a proxy that drops, delays, cuts and duplicates requests.

Kiosk (real Outbox, KioskCore, SyncWorker, HubClient, in this process) -> FaultProxy
(tests/support/fault_proxy.py, 127.0.0.1) -> the real hub on uvicorn. Presses are
recorded while the worker pushes small batches through the proxy; then the proxy
turns clean and the kiosk drains. The hub must hold exactly the events that were
thanked for, once each, under their seq.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from tests.chaos.checks import assert_exactly_once, drain, sqlite_integrity, wait_until
from tests.chaos.conftest import KIOSK_ID, Scale
from tests.support.fault_proxy import FAULTS, FaultProxy
from tests.support.live_hub import LiveHub

# The kiosk waits this long for an answer; the proxy's "stall" waits longer.
CLIENT_TIMEOUT_S = 0.5
STALL_S = 0.8
RUN_LIMIT_S = 120.0


@pytest.fixture
def proxy(live_hub: LiveHub, seed: int) -> Iterator[FaultProxy]:
    # A stall costs the kiosk a whole time-out: one block in four has one.
    proxy = FaultProxy(live_hub.port, seed=seed, stall_s=STALL_S, rare={"stall": 4})
    proxy.start()
    yield proxy
    proxy.stop()


def test_faulty_network_loses_nothing_and_doubles_nothing(
    live_hub: LiveHub, proxy: FaultProxy, tmp_path: Path, scale: Scale, seed: int
) -> None:
    token = live_hub.add_kiosk(KIOSK_ID)
    rng = random.Random(seed)
    outbox = Outbox(tmp_path / "kiosk" / "outbox.sqlite3", kiosk_id=KIOSK_ID)
    clock = KioskClock(assume_synced=True)
    store = ConfigStore(tmp_path / "kiosk" / "config.json")
    client = HubClient(proxy.url, token, timeout=CLIENT_TIMEOUT_S)
    worker = SyncWorker(
        outbox,
        client,
        clock,
        store,
        idle_interval_s=0.02,
        coalesce_s=0.005,
        max_batch_events=8,
        backoff=Backoff(base_s=0.01, cap_s=0.05),
    )
    core = KioskCore(outbox, clock, store, worker=worker)
    try:
        # Even the first configuration pull goes through the faults.
        for _ in range(100):
            worker.sync_once(pull_config=True)
            if core.prompt is not None:
                break
        assert core.prompt is not None, "never got the prompt through the proxy"

        worker.start()
        acknowledged: list[tuple[int, str]] = []
        deadline = time.monotonic() + RUN_LIMIT_S
        while (
            len(acknowledged) < scale.proxy_presses or proxy.requests < scale.proxy_min_requests
        ) and len(acknowledged) < 20 * scale.proxy_presses:
            assert time.monotonic() < deadline, f"stuck: {proxy.stats} {outbox.counts()}"
            event = core.record_press(rng.randrange(4), "simulated")
            assert event is not None
            acknowledged.append((event.seq, str(event.id)))  # "thanks" on screen
            time.sleep(rng.uniform(0, 0.004))

        # The kiosk gets everything through while the faults go on.
        assert wait_until(
            lambda: outbox.counts().pending + outbox.counts().in_flight == 0,
            timeout=RUN_LIMIT_S,
            interval=0.05,
        ), f"the kiosk did not catch up through the faults: {outbox.counts()} {proxy.stats}"
        assert worker.stop(timeout=10)
        faulty = dict(proxy.stats)

        # Then a clean network, and a final drain through the same proxy.
        proxy.clean = True
        with HubClient(proxy.url, token, timeout=10) as clean_client:
            drainer = SyncWorker(outbox, clean_client, clock, store)
            drain(drainer, outbox)
        # A stalled request may still be on its way to the hub: let it land first.
        time.sleep(STALL_S)

        assert_exactly_once(live_hub.events(KIOSK_ID), acknowledged)
        assert outbox.integrity_ok()
    finally:
        worker.stop(timeout=10)
        client.close()
        outbox.close()
    assert sqlite_integrity(tmp_path / "hub" / "hub.sqlite3") == ["ok"]
    print(f"\nproxy presses={len(acknowledged)} requests={sum(faulty.values())} faults={faulty}")
    missing = [fault for fault in FAULTS if not faulty.get(fault)]
    assert not missing, f"faults never exercised: {missing}"
