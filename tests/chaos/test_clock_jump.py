"""A kiosk whose clock starts in 1970 and jumps to the right time mid-session.

A Pi has no battery-backed clock: after each boot its wall clock reads 1970 until
NTP syncs (kiosk.clock.KioskClock, with its wall and monotonic clocks injected
here, and the timesyncd flag file in tmp_path). The hub (real, on uvicorn, its own
clock injected) must place every event on the right day and never under 1970:

(a) boot A pushes while unsynchronised: the hub's bound places the events (a little
    late, by the network delay), then the synced heartbeat of the same boot
    re-places them exactly;
(b) boot B records offline, syncs, records a synced heartbeat, and reboots before
    pushing anything; boot C pushes B's backlog. B's reactions stay undated (in
    totals, never in "today") until B's own synced heartbeat arrives, then land on
    the day they really happened (the day before C's pushes, just before midnight).

Checked through the public /wall.json at several hub "nows" and the stored placed_ms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session, col, select

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.outgoing import OutgoingEvent
from kiosk.sync_worker import SyncWorker
from server.models import Event as StoredEvent
from storywall.protocol.batch import PushResponse
from storywall.protocol.config import KioskConfig
from storywall.protocol.events import Event
from tests.chaos.conftest import KIOSK_ID
from tests.support.live_hub import LiveHub

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY_D = datetime(2026, 5, 1, tzinfo=UTC)  # the site's time zone is UTC
NETWORK_DELAY_MS = 1_500
# Nothing may ever be placed before this (1970 is where an unsynced Pi starts).
SANE_MS = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)


def ms(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


class Device:
    """One Pi's time: the real time, and per boot a monotonic clock and a wall clock
    that reads 1970 + uptime until NTP syncs (then the real time)."""

    def __init__(self, tmp_path: Path) -> None:
        self.dir = tmp_path / "device"
        self.dir.mkdir()
        self.flag = self.dir / "timesync" / "synchronized"
        self.true = DAY_D
        self.uptime_s = 0.0

    def boot(self, boot_id: str, at: datetime, uptime_s: float) -> KioskClock:
        self.true, self.uptime_s = at, uptime_s
        self.flag.unlink(missing_ok=True)  # /run is a tmpfs: gone at every boot
        path = self.dir / f"boot_id-{boot_id}"
        path.write_text(boot_id + "\n")
        return KioskClock(
            boot_id_path=path, sync_flag_path=self.flag, wall=self.wall, mono=self.mono
        )

    def wall(self) -> datetime:
        return self.true if self.flag.exists() else EPOCH + timedelta(seconds=self.uptime_s)

    def mono(self) -> float:
        return self.uptime_s

    def advance(self, seconds: float) -> None:
        self.true += timedelta(seconds=seconds)
        self.uptime_s += seconds

    def ntp_sync(self) -> None:
        self.flag.parent.mkdir(exist_ok=True)
        self.flag.touch()


class HubClock:
    """The hub's clock: the real time plus the network delay, or a fixed "now" to look
    at the wall as it is on another day."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.fixed: int | None = None

    def __call__(self) -> int:
        return self.fixed if self.fixed is not None else ms(self.device.true) + NETWORK_DELAY_MS


@dataclass(frozen=True)
class Placed:
    placed_ms: int | None
    placed_by: str | None


class Hub:
    """The hub as the test sees it: the public wall at any "now", and stored placement."""

    def __init__(self, live: LiveHub, clock: HubClock) -> None:
        self.live, self.clock = live, clock

    def wall(self, at: datetime | None = None) -> dict[str, Any]:
        self.clock.fixed = None if at is None else ms(at)
        try:
            body = httpx.get(f"{self.live.url}/wall.json", timeout=10).json()
        finally:
            self.clock.fixed = None
        (site,) = body["sites"]
        return {
            "day": site["today"],
            "today": sum(t["today"] for t in site["tallies"]),
            "total": sum(t["total"] for t in site["tallies"]),
            "undated": site["undated"],
        }

    def placed(self) -> dict[str, Placed]:
        with Session(self.live.engine) as session:
            rows = session.exec(
                select(StoredEvent.id, StoredEvent.placed_ms, StoredEvent.placed_by).where(
                    col(StoredEvent.kiosk_id) == KIOSK_ID
                )
            ).all()
        return {event_id: Placed(placed, by) for event_id, placed, by in rows}

    def never_1970(self) -> None:
        """Nothing placed before 2026, and a wall looked at in 1970 counts nothing today."""
        for event_id, placed in self.placed().items():
            assert placed.placed_ms is None or placed.placed_ms >= SANE_MS, (event_id, placed)
        assert self.wall(at=EPOCH + timedelta(minutes=5))["today"] == 0


class SpyHub:
    """The real HubClient, with a look at the hub after every push the worker makes."""

    def __init__(self, client: HubClient, look: Any) -> None:
        self.client, self.look = client, look
        self.pushed: list[list[str]] = []

    def push(self, events: list[OutgoingEvent], *, boot_id: str, sent_mono_ms: int) -> PushResponse:
        answer = self.client.push(events, boot_id=boot_id, sent_mono_ms=sent_mono_ms)
        self.pushed.append([str(event.id) for event in events])
        self.look()
        return answer

    def pull_config(self, etag: str | None) -> tuple[KioskConfig | None, str | None]:
        return self.client.pull_config(etag)


def true_ms(events: Sequence[tuple[Event, datetime]]) -> dict[str, int]:
    return {str(event.id): ms(moment) for event, moment in events}


def test_clock_from_1970_is_placed_on_the_right_day(live_hub: LiveHub, tmp_path: Path) -> None:
    device = Device(tmp_path)
    hub_clock = HubClock(device)
    # create_app(clock=...) is what the hub reads "now" from; LiveHub built its app
    # with the real clock, so swap the one it keeps in app.state.
    live_hub.app.state.clock = hub_clock
    hub = Hub(live_hub, hub_clock)
    token = live_hub.add_kiosk(KIOSK_ID)
    outbox = Outbox(tmp_path / "kiosk" / "outbox.sqlite3", kiosk_id=KIOSK_ID)
    store = ConfigStore(tmp_path / "kiosk" / "config.json")
    client = HubClient(live_hub.url, token, timeout=10)

    def kiosk(clock: KioskClock, hub_api: Any = client) -> tuple[KioskCore, SyncWorker]:
        worker = SyncWorker(
            outbox, hub_api, clock, store, max_batch_events=2, backoff=Backoff(base_s=0.01)
        )
        # The play rule reads the device's own monotonic clock: presses a minute apart.
        core = KioskCore(outbox, clock, store, worker=None, timer=lambda: clock.mono_ms() / 1000)
        return core, worker

    def press(core: KioskCore, index: int) -> tuple[Event, datetime]:
        event = core.record_press(index, "button")
        assert event is not None
        return event, device.true

    try:
        # -- (a) boot A: pushes while the clock says 1970, syncs mid-session -------------
        clock_a = device.boot("boot-a", DAY_D.replace(hour=10), uptime_s=5)
        core, worker = kiosk(clock_a)
        assert worker.sync_once(pull_config=True).ok and core.prompt is not None
        early = []
        for index in range(3):
            device.advance(60)
            early.append(press(core, index))
        assert all(event.wall_time.year == 1970 and not event.clock_synced for event, _ in early)
        device.advance(20)
        assert worker.sync_once().ok
        placed = hub.placed()
        for event_id, moment in true_ms(early).items():
            # The hub's bound: received - sent_mono = the real offset + the delay.
            assert placed[event_id] == Placed(moment + NETWORK_DELAY_MS, "hub")
        assert hub.wall() == {"day": "2026-05-01", "today": 3, "total": 3, "undated": 0}
        hub.never_1970()

        device.advance(30)
        device.ntp_sync()  # the wall clock jumps from 1970 to the real time
        heartbeat_a = core.heartbeat()
        assert heartbeat_a.clock_synced and heartbeat_a.wall_time == device.true
        device.advance(10)
        late = [press(core, 3)]
        assert worker.sync_once().ok
        placed = hub.placed()
        for event_id, moment in true_ms(early).items():
            assert placed[event_id] == Placed(moment, "ntp")  # re-placed exactly
        ((late_id, late_ms),) = true_ms(late).items()
        assert placed[late_id] == Placed(late_ms, "kiosk")
        assert hub.wall() == {"day": "2026-05-01", "today": 4, "total": 4, "undated": 0}
        hub.never_1970()

        # -- (b) boot B: offline, syncs just before midnight, reboots before pushing ----
        clock_b = device.boot("boot-b", DAY_D.replace(hour=23, minute=50), uptime_s=4)
        core, _unused = kiosk(clock_b)
        offline = []
        for index in range(4):
            device.advance(60)
            offline.append(press(core, index))  # 23:51 .. 23:54 on day D, read as 1970
        device.advance(240)
        device.ntp_sync()
        heartbeat_b = core.heartbeat()  # 23:58, synced: B's anchor, still in the outbox
        device.advance(240)
        after_midnight = [press(core, 0)]  # 00:02 on day D+1, synced
        assert outbox.counts().pending == 4 + 1 + 1  # nothing of boot B was pushed

        # -- boot C: the clock reads 1970 again; the backlog goes out, two per push -----
        clock_c = device.boot("boot-c", DAY_D.replace(day=2, hour=8), uptime_s=6)
        core, _unused = kiosk(clock_c)
        boot_c = []
        for index in range(2):
            device.advance(30)
            boot_c.append(press(core, index))

        looks: list[tuple[dict[str, Placed], dict[str, Any], dict[str, Any]]] = []

        def look() -> None:
            hub.never_1970()
            looks.append((hub.placed(), hub.wall(), hub.wall(at=DAY_D + timedelta(hours=23.99))))

        spy = SpyHub(client, look)
        _core, worker = kiosk(clock_c, spy)
        assert worker.sync_once(pull_config=False).ok
        offline_ids = [str(event.id) for event, _ in offline]
        assert spy.pushed == [
            offline_ids[:2],
            offline_ids[2:],
            [str(heartbeat_b.id), str(after_midnight[0][0].id)],
            [str(event.id) for event, _ in boot_c],
        ]

        # Pushed during boot C, B's reactions get no bound from C: undated, counted in
        # totals and never in "today" (neither day D's nor day D+1's).
        for n, (placed, today, day_d) in enumerate(looks[:2], start=1):
            for event_id in offline_ids[: 2 * n]:
                assert placed[event_id] == Placed(None, None)
            assert today == {"day": "2026-05-02", "today": 0, "total": 4 + 2 * n, "undated": 2 * n}
            assert day_d == {"day": "2026-05-01", "today": 4, "total": 4 + 2 * n, "undated": 2 * n}

        # B's synced heartbeat: its reactions land at 23:51..23:54 on day D, exactly.
        placed, today, day_d = looks[2]
        for event_id, moment in true_ms(offline).items():
            assert placed[event_id] == Placed(moment, "ntp")
        ((midnight_id, midnight_ms),) = true_ms(after_midnight).items()
        assert placed[midnight_id] == Placed(midnight_ms, "kiosk")
        assert today == {"day": "2026-05-02", "today": 1, "total": 9, "undated": 0}
        assert day_d == {"day": "2026-05-01", "today": 8, "total": 9, "undated": 0}

        # C's own reactions, pushed during boot C: the hub's bound, on day D+1.
        placed, today, day_d = looks[3]
        for event_id, moment in true_ms(boot_c).items():
            assert placed[event_id] == Placed(moment + NETWORK_DELAY_MS, "hub")
        assert today == {"day": "2026-05-02", "today": 3, "total": 11, "undated": 0}
        assert day_d == {"day": "2026-05-01", "today": 8, "total": 11, "undated": 0}
        # And the day before D saw none of it.
        assert hub.wall(at=DAY_D - timedelta(hours=1))["today"] == 0
    finally:
        client.close()
        outbox.close()
