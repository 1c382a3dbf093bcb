"""The sync protocol under random interleavings: at-least-once delivery, exactly-once effect.

A Hypothesis state machine drives the REAL kiosk parts (Outbox on a file, HubClient,
SyncWorker.sync_once) against the REAL hub (create_app on a SQLite file), in process:
HubClient gets a sync httpx transport that runs each request through the hub's ASGI
app (httpx.ASGITransport is async-only, so each request runs in its own event loop).
The transport can also be "down" (connection refused) or lose an answer after the
hub has handled the request (a timeout on the way back).

Rules interleave presses, pushes, pushes whose answer is lost, kiosk crashes (a batch
taken, maybe sent, never settled; the outbox closed and reopened; maybe a reboot),
replays of pushes the hub already answered, hub restarts on the same database file,
and the hub going down and coming back.

After every step:
- the hub holds each event id at most once, and only ids the kiosk recorded;
- every event the kiosk marked delivered (acked) is held by the hub;
- nothing is left in flight between rounds, and nothing valid is rejected.
At the end, once the hub is up and the outbox drained: the hub holds exactly the
recorded ids, and the kiosk has every one of them acked.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.hub_client import EVENTS_PATH, HubClient
from kiosk.outbox import Outbox
from kiosk.sync_worker import SyncWorker
from server.app import create_app
from storywall.protocol import EventType, ReactionPayload
from tests.fuzz.conftest import EMOJI, KIOSK_ID, FuzzHub, hub_settings, make_hub, stored_ids

HUB_URL = "http://hub.test"


class InProcessHub(httpx.BaseTransport):
    """A sync httpx transport into the hub's ASGI app, with faults on demand."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.down = False
        self.lose_next_answer = False
        # Bodies of pushes the hub answered 200 (whether or not the kiosk heard it).
        self.answered_pushes: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("hub down (simulated)", request=request)
        body = request.read()
        response = asyncio.run(self._call(request, body))
        if request.url.path == EVENTS_PATH and response.status_code == 200:
            self.answered_pushes.append(body)
        if self.lose_next_answer:
            self.lose_next_answer = False
            raise httpx.ReadTimeout("answer lost on the way back (simulated)", request=request)
        return response

    async def _call(self, request: httpx.Request, body: bytes) -> httpx.Response:
        asgi = httpx.ASGITransport(app=self.app)
        forwarded = httpx.Request(
            request.method, request.url, headers=request.headers, content=body
        )
        response = await asgi.handle_async_request(forwarded)
        content = await response.aread()
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, request=request
        )


class ManualClock:
    """Wall and monotonic time the machine moves by hand."""

    def __init__(self) -> None:
        self.wall = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
        self.mono = 100.0

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


class SyncProtocol(RuleBasedStateMachine):
    """One kiosk, one hub, and everything that can go wrong between them."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="storywall-sync-"))
        self.hub: FuzzHub = make_hub(self.dir / "hub")
        self.transport = InProcessHub(self.hub.app)
        self.client = HubClient(HUB_URL, self.hub.token, timeout=5, transport=self.transport)
        # Raw HTTP for replays: the same wire bytes again, with the same token.
        self.raw = httpx.Client(base_url=HUB_URL, headers=self.hub.auth, transport=self.transport)
        self.time = ManualClock()
        self.boot_file = self.dir / "boot_id"
        self.outbox_path = self.dir / "kiosk" / "outbox.sqlite3"
        self.config_store = ConfigStore(self.dir / "kiosk" / "config.json")
        self.recorded: set[str] = set()
        self.reboot()
        self.outbox = Outbox(self.outbox_path, kiosk_id=KIOSK_ID)
        self.worker = self._new_worker()

    # -- plumbing -----------------------------------------------------------------

    def reboot(self) -> None:
        """A new boot id and a monotonic clock that starts again near zero."""
        self.boot_file.write_text(str(uuid.uuid4()) + "\n")
        self.time.mono = 5.0
        self.clock = KioskClock(
            boot_id_path=self.boot_file,
            sync_flag_path=self.dir / "synchronized",
            wall=lambda: self.time.wall,
            mono=lambda: self.time.mono,
        )

    def _new_worker(self) -> SyncWorker:
        return SyncWorker(
            self.outbox,
            self.client,
            self.clock,
            self.config_store,
            max_batch_events=3,
            backoff=Backoff(rand=lambda: 0.0),
        )

    def _outbox_states(self) -> dict[str, str]:
        """id -> state, read from the outbox file by a second connection (as a crash would)."""
        with sqlite3.connect(self.outbox_path) as conn:
            return dict(conn.execute("SELECT id, state FROM outbox").fetchall())

    # -- rules ----------------------------------------------------------------------

    @initialize(synced=st.booleans())
    def clock_state(self, synced: bool) -> None:
        if synced:
            (self.dir / "synchronized").touch()

    @rule(presses=st.integers(1, 5), emoji=st.sampled_from(EMOJI))
    def press(self, presses: int, emoji: str) -> None:
        for _ in range(presses):
            self.time.advance(0.7)
            event = self.outbox.record(
                EventType.REACTION,
                ReactionPayload(prompt_id=self.hub.prompt_id, emoji=emoji, source="button"),
                clock=self.clock,
            )
            self.recorded.add(str(event.id))

    @rule()
    def heartbeat(self) -> None:
        self.time.advance(30)
        event = self.outbox.record(
            EventType.HEARTBEAT, {"outbox": self.outbox.counts().model_dump()}, clock=self.clock
        )
        self.recorded.add(str(event.id))

    @rule()
    def push(self) -> None:
        self.time.advance(1)
        report = self.worker.sync_once()
        if self.transport.down:
            assert not report.ok
        else:
            assert report.ok, report.error
            assert report.rejected == 0
            assert self.outbox.counts().pending == 0

    @precondition(lambda self: not self.transport.down)
    @rule()
    def push_and_lose_the_answer(self) -> None:
        """The hub stores the batch; the kiosk never hears back and must send it again."""
        self.transport.lose_next_answer = True
        report = self.worker.sync_once(pull_config=False)
        if self.transport.lose_next_answer:  # nothing was pending: no request was made
            self.transport.lose_next_answer = False
            assert report.ok
        else:
            assert not report.ok

    @rule(
        batch_size=st.integers(1, 5),
        send=st.booleans(),
        settle_half=st.booleans(),
        reboot=st.booleans(),
    )
    def crash(self, batch_size: int, send: bool, settle_half: bool, reboot: bool) -> None:
        """Killed between take and send, or between send and settle (or half-way through)."""
        batch = self.outbox.take_batch(max_events=batch_size)
        if batch and send and not self.transport.down:
            answer = self.client.push(
                batch, boot_id=self.clock.boot_id, sent_mono_ms=self.clock.mono_ms()
            )
            if settle_half:
                # Only the first results reached the disk before the power went.
                half = answer.results[: len(answer.results) // 2]
                self.outbox.settle(half, batch[: len(half)])
        # No settle, no release: the process is gone.
        self.outbox.close()
        if reboot:
            self.reboot()
        self.outbox = Outbox(self.outbox_path, kiosk_id=KIOSK_ID)
        self.worker = self._new_worker()

    @precondition(lambda self: not self.transport.down and self.transport.answered_pushes)
    @rule(data=st.data())
    def replay_a_push(self, data: st.DataObject) -> None:
        """The same request again, byte for byte (a proxy retrying, a duplicated packet)."""
        body = data.draw(st.sampled_from(self.transport.answered_pushes))
        response = self.raw.post(
            EVENTS_PATH, content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200, response.text
        answer = response.json()
        # Everything in it was stored by the first answer (or since): all duplicates.
        assert answer["accepted"] == 0 and answer["rejected"] == 0, answer
        assert answer["duplicate"] == len(answer["results"])

    @rule()
    def restart_hub(self) -> None:
        """A new hub process on the same database file."""
        self.hub.engine.dispose()
        app = create_app(hub_settings(self.dir / "hub"))
        self.hub = FuzzHub(
            app=app, engine=app.state.engine, token=self.hub.token, prompt_id=self.hub.prompt_id
        )
        self.transport.app = app

    @rule(down=st.booleans())
    def network(self, down: bool) -> None:
        self.transport.down = down

    # -- invariants -------------------------------------------------------------------

    @invariant()
    def hub_holds_each_recorded_event_at_most_once(self) -> None:
        held = stored_ids(self.hub.engine)
        assert len(held) == len(set(held)), "an event id is held twice"
        assert set(held) <= self.recorded, "the hub holds an event the kiosk never recorded"

    @invariant()
    def kiosk_marks_delivered_only_what_the_hub_holds(self) -> None:
        states = self._outbox_states()
        assert set(states) == self.recorded
        acked = {event_id for event_id, state in states.items() if state == "acked"}
        assert acked <= set(stored_ids(self.hub.engine))
        assert "rejected" not in states.values()
        assert "in_flight" not in states.values()

    # -- the end ------------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            self.transport.down = False
            self.transport.lose_next_answer = False
            for _ in range(len(self.recorded) + 2):
                report = self.worker.sync_once(pull_config=False)
                assert report.ok, report.error
                if self.outbox.counts().pending == 0:
                    break
            held = stored_ids(self.hub.engine)
            assert sorted(held) == sorted(self.recorded)
            states = self._outbox_states()
            assert all(state == "acked" for state in states.values()), states
        finally:
            self.client.close()
            self.raw.close()
            self.outbox.close()
            self.hub.engine.dispose()
            shutil.rmtree(self.dir, ignore_errors=True)


SyncProtocol.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_sync_protocol_keeps_exactly_once = SyncProtocol.TestCase
