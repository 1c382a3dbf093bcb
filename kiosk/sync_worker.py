"""The sync thread: push the outbox to the hub, oldest first, then pull configuration.

One round (`sync_once`) pushes bounded batches back to back for as long as the hub
answers 200, so a kiosk offline for a week catches up in many small requests, one
at a time, then pulls the configuration with its ETag when it is due. A failed
round releases the batch in flight (nothing was acknowledged) and waits with
exponential back-off and full jitter; presses during back-off do not cut the wait
short, so a down hub is not hammered by a busy park.

Doodle media is uploaded before the events that name it and again whenever a push
answer lists it as missing (kiosk.media_sync); the wall image is pulled with the
configuration (kiosk.wall_image), and so are spotlighted doodles' pictures
(kiosk.spotlight_images). A hub that refuses the token (401/403) pauses the
kiosk: everything stays queued and the worker asks again only every
`paused_interval_s`, until a round succeeds. While the hub is away the log gets state
changes and a periodic summary, not a line per retry (kiosk.sync_log).

The UI thread only calls `wake()` (sets an event) and reads `status` (a snapshot
under a lock); it never waits on SQLite or the network for the worker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import Literal, Protocol

from kiosk.backoff import Backoff
from kiosk.config_store import ConfigStore
from kiosk.defaults import DEFAULTS
from kiosk.errors import AuthRejected, HubUnavailable, KioskError, ProtocolError, SyncError
from kiosk.media_sync import MediaSync
from kiosk.outbox import DEFAULT_KEEP_ACKED, Outbox
from kiosk.outgoing import OutgoingEvent
from kiosk.spotlight_images import DoodleHub, SpotlightImages
from kiosk.sync_log import DEFAULT_SUMMARY_INTERVAL_S, SyncLog
from kiosk.wall_image import WallHub, WallImage
from storywall.protocol import OutboxCounts
from storywall.protocol.batch import PushResponse
from storywall.protocol.config import KioskConfig
from storywall.protocol.limits import MAX_BATCH_EVENTS

logger = logging.getLogger(__name__)

DEFAULT_COALESCE_S = 0.2
# A round stops pushing after this many batches so the config pull still happens;
# the next round, right after, carries on where it stopped.
MAX_BATCHES_PER_ROUND = 200


class Hub(Protocol):
    """What the worker needs from the hub (kiosk.hub_client.HubClient provides it)."""

    def push(
        self, events: list[OutgoingEvent], *, boot_id: str, sent_mono_ms: int
    ) -> PushResponse: ...

    def pull_config(self, etag: str | None) -> tuple[KioskConfig | None, str | None]: ...


class SyncClock(Protocol):
    """What the worker needs from the kiosk's clock."""

    @property
    def boot_id(self) -> str: ...

    def mono_ms(self) -> int: ...


ConnectionState = Literal["starting", "online", "offline", "unauthorised"]


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot of the sync for the screen: safe to read from any thread."""

    state: ConnectionState = "starting"
    last_success: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    counts: OutboxCounts = field(default_factory=OutboxCounts)
    # The hub refused the token (401/403): shown discreetly to the caretaker; cleared
    # by the next round that succeeds.
    paused: bool = False

    @property
    def online(self) -> bool:
        """True when the last round reached the hub."""
        return self.state == "online"


@dataclass(frozen=True)
class SyncReport:
    """What one round did."""

    pushed: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    config_changed: bool = False
    error: str | None = None
    delay_s: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the round reached the hub and nothing failed."""
        return self.error is None


class SyncWorker:
    """Moves events from the outbox to the hub on its own thread."""

    def __init__(
        self,
        outbox: Outbox,
        client: Hub,
        clock: SyncClock,
        config_store: ConfigStore,
        *,
        idle_interval_s: float = DEFAULTS.sync.idle_interval_s,
        config_interval_s: float = DEFAULTS.sync.config_interval_s,
        coalesce_s: float = DEFAULT_COALESCE_S,
        max_batch_events: int = MAX_BATCH_EVENTS,
        keep_acked: int = DEFAULT_KEEP_ACKED,
        backoff: Backoff | None = None,
        timer: Callable[[], float] = time.monotonic,
        media: MediaSync | None = None,
        wall: WallImage | None = None,
        spotlights: SpotlightImages | None = None,
        paused_interval_s: float = DEFAULTS.sync.paused_interval_s,
        summary_interval_s: float = DEFAULT_SUMMARY_INTERVAL_S,
    ) -> None:
        self._outbox = outbox
        self._client = client
        self._clock = clock
        self._config_store = config_store
        self._idle_interval_s = idle_interval_s
        self._config_interval_s = config_interval_s
        self._coalesce_s = coalesce_s
        self._max_batch_events = max_batch_events
        self._keep_acked = keep_acked
        self._backoff = backoff or Backoff()
        self._timer = timer
        self._media = media
        self._wall = wall
        self._spotlights = spotlights
        self._paused_interval_s = paused_interval_s
        self._log = SyncLog(logger, summary_interval_s=summary_interval_s, timer=timer)
        self._next_config_pull: float | None = None  # None: pull at the first round
        self._round_lock = threading.Lock()
        self._status_lock = threading.Lock()
        self._status = SyncStatus()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- for the UI thread -------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        """The latest status snapshot (never blocks on the network or the disk)."""
        with self._status_lock:
            return self._status

    def wake(self) -> None:
        """Ask for a push soon (a new event); presses within ~0.2 s share one batch."""
        self._wake.set()

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is not None:
            raise RuntimeError("the sync worker was already started")
        self._thread = threading.Thread(target=self._run, name="storywall-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 5.0) -> bool:
        """Stop the thread after its current request; return True when it has ended."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    @property
    def running(self) -> bool:
        """True while the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    # -- one round ---------------------------------------------------------------

    def sync_once(self, *, pull_config: bool | None = None) -> SyncReport:
        """Run one round now, on the caller's thread: push everything, then pull config.

        `pull_config` forces (True) or skips (False) the pull; None pulls when due.
        Hub errors are reported in the result and the status, not raised. After stop()
        a round pushes nothing (stop interrupts the push loop between batches): drain
        with a fresh worker."""
        with self._round_lock:
            return self._round(pull_config)

    def _round(self, pull_config: bool | None) -> SyncReport:
        report = SyncReport()
        try:
            report = self._push_all(report)
            due = self._next_config_pull is None or self._timer() >= self._next_config_pull
            if pull_config or (pull_config is None and due):
                report = replace(report, config_changed=self._pull_config())
            if self._outbox.counts().acked > self._keep_acked:
                # Bounded disk use: the hub holds what it acknowledged.
                self._outbox.prune_acked(keep=self._keep_acked)
        except SyncError as error:
            delay = self._backoff.next_delay(
                error.retry_after if isinstance(error, HubUnavailable) else None
            )
            refused = isinstance(error, AuthRejected)
            paused = refused or self.status.paused
            if paused:
                # A revoked token is not fixed by asking often: ask again rarely.
                delay = max(delay, self._paused_interval_s)
            state: ConnectionState = "unauthorised" if refused else "offline"
            message = f"{type(error).__name__}: {error}"
            counts = self._update_status(state, last_error=message, paused=paused)
            self._log.failed(
                message, counts.pending + counts.in_flight, paused=paused, retry_s=delay
            )
            return replace(report, error=message, delay_s=delay)
        except KioskError as error:
            # The outbox or the config file failed: log it loudly, keep the thread alive.
            delay = self._backoff.next_delay()
            logger.exception("sync round failed locally")
            message = f"{type(error).__name__}: {error}"
            self._update_status("offline", last_error=message)
            return replace(report, error=message, delay_s=delay)
        self._backoff.reset()
        counts = self._update_status("online", last_success=datetime.now(UTC), paused=False)
        self._log.succeeded(report.pushed)
        # Stopped at MAX_BATCHES_PER_ROUND with more to send: carry on at once.
        delay = 0.0 if counts.pending else self._idle_interval_s
        return replace(report, delay_s=delay)

    def _push_all(self, report: SyncReport) -> SyncReport:
        if self._media is not None:
            # The bytes first: a doodle event the hub holds can then be shown at once.
            self._media.upload_waiting()
        take = partial(self._outbox.take_outgoing, max_events=self._max_batch_events)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="storywall-take") as helper:
            batch = take()
            try:
                for number in range(1, MAX_BATCHES_PER_ROUND + 1):
                    if not batch or self._stop.is_set():
                        break
                    # While the hub stores this batch, take the next one on another
                    # thread: reading and writing the outbox overlaps the hub's work.
                    upcoming = helper.submit(take) if number < MAX_BATCHES_PER_ROUND else None
                    try:
                        answer = self._client.push(
                            batch, boot_id=self._clock.boot_id, sent_mono_ms=self._clock.mono_ms()
                        )
                    finally:
                        following = upcoming.result() if upcoming is not None else []
                    report = self._settle(report, batch, answer)
                    batch = following
            except BaseException:
                # Nothing of the batch in hand (nor of the one taken after it) was
                # acknowledged: every event in flight is pending again.
                self._outbox.release()
                raise
            if batch:
                self._outbox.release()  # taken but not sent: stopped, or the round is over
        return report

    def _settle(
        self, report: SyncReport, batch: list[OutgoingEvent], answer: PushResponse
    ) -> SyncReport:
        settled = self._outbox.settle(answer.results, batch)
        if settled != len(batch):
            # The answers do not match what was sent; the unmatched events are
            # pending again. Back off rather than spin on the same batch.
            raise ProtocolError(f"push answer matched {settled} of {len(batch)} events")
        if self._media is not None:
            self._media.after_push(batch, answer)
        return replace(
            report,
            pushed=report.pushed + len(batch),
            accepted=report.accepted + answer.accepted,
            duplicate=report.duplicate + answer.duplicate,
            rejected=report.rejected + answer.rejected,
        )

    def _pull_config(self) -> bool:
        config, etag = self._client.pull_config(self._config_store.etag)
        self._next_config_pull = self._timer() + self._config_interval_s
        if config is not None:
            # The screen reads the new prompt from the store on its next frame.
            self._config_store.save(config, etag)
        if self._wall is not None and isinstance(self._client, WallHub):
            self._wall.pull(self._client)
        current = self._config_store.config
        if self._spotlights is not None and isinstance(self._client, DoodleHub):
            # Costs nothing when every spotlighted doodle is already here.
            self._spotlights.sync(self._client, current.spotlights if current else ())
        return config is not None

    def _update_status(
        self,
        state: ConnectionState,
        *,
        last_error: str | None = None,
        last_success: datetime | None = None,
        paused: bool | None = None,
    ) -> OutboxCounts:
        try:
            counts = self._outbox.counts()
        except KioskError:
            counts = self.status.counts
        with self._status_lock:
            self._status = SyncStatus(
                state=state,
                last_success=last_success or self._status.last_success,
                last_error=last_error,
                consecutive_failures=self._backoff.failures,
                counts=counts,
                paused=self._status.paused if paused is None else paused,
            )
        return counts

    # -- the thread --------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                report = self.sync_once()
            except Exception:  # pragma: no cover - _round catches what it expects
                logger.exception("unexpected error in the sync thread")
                report = SyncReport(error="unexpected", delay_s=self._backoff.next_delay())
            if report.ok:
                woken = self._wake.wait(report.delay_s)
            else:
                # Backing off: only stop() ends the wait early, not new presses.
                self._stop.wait(report.delay_s)
                woken = False
            if woken and not self._stop.is_set():
                # Let a burst of presses gather into one batch.
                self._stop.wait(self._coalesce_s)
            # Cleared only now: a press after this point wakes the next wait at once,
            # and every earlier one is already in the outbox for the next round.
            self._wake.clear()

    def __repr__(self) -> str:
        status = self.status
        return f"<SyncWorker {status.state} running={self.running} counts={status.counts}>"
