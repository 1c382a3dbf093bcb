"""The kiosk's core: turn presses into durable events for the current prompt.

One press path: every press, whether an arcade button (a gpiozero callback thread),
a touch (the pygame loop) or a simulator, is put on one queue by `submit_press()`;
the main loop calls `drain()` (or `tick()`), which records them with the outbox on
that one thread, in the order they came, through `record_press()`, the only place
that records a press. Once a press is committed to disk, and only then, the core
calls `on_recorded(index, source)`: that is where the kiosk lights the button's LED
and says "thanks", so a press that was not recorded (debounced by the panel, no
prompt, no such emoji) lights nothing and thanks nobody.

Example::

    core.on_recorded = feedback                       # main loop thread
    panel.when_pressed = core.submit_button_press     # gpiozero thread
    screen_on_press = core.submit_touch               # pygame loop
    ...
    core.tick()                                       # main loop: records, then feedback
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from typing import Protocol

from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.outbox import Outbox
from storywall import __version__
from storywall.protocol import Event, EventType, HeartbeatPayload, ReactionPayload
from storywall.protocol.config import KioskConfig, PromptConfig
from storywall.protocol.reaction import PressSource

logger = logging.getLogger(__name__)

# Called on the main loop's thread once a press is on disk: (emoji index, source).
RecordedCallback = Callable[[int, PressSource], None]


class Waker(Protocol):
    """Something to nudge after a new event (kiosk.sync_worker.SyncWorker)."""

    def wake(self) -> None: ...


class KioskCore:
    """Records reactions and heartbeats; knows the current prompt."""

    def __init__(
        self,
        outbox: Outbox,
        clock: KioskClock,
        config_store: ConfigStore,
        *,
        worker: Waker | None = None,
        on_recorded: RecordedCallback | None = None,
        heartbeat_interval_s: float | None = None,
        software: str = __version__,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.outbox = outbox
        self.clock = clock
        self.config_store = config_store
        self.worker = worker
        self.on_recorded = on_recorded
        self._heartbeat_interval_s = heartbeat_interval_s
        self._software = software
        self._timer = timer
        self._presses: queue.SimpleQueue[tuple[int, PressSource]] = queue.SimpleQueue()
        self._next_heartbeat: float | None = None  # None: at the first tick()
        self._was_synced: bool | None = None

    # -- what the screen shows ---------------------------------------------------

    @property
    def config(self) -> KioskConfig | None:
        """The last configuration pulled from the hub (kept on disk), or None."""
        return self.config_store.config

    @property
    def prompt(self) -> PromptConfig | None:
        """Today's prompt, or None when the hub has none (or was never reached)."""
        config = self.config
        return None if config is None else config.prompt

    # -- any thread ----------------------------------------------------------------

    def submit_press(self, index: int, source: PressSource = "button") -> None:
        """Queue a press for the main loop. Safe from any thread; never blocks."""
        self._presses.put((index, source))

    def submit_button_press(self, index: int) -> None:
        """`submit_press(index, "button")`, shaped for EmojiButtonPanel.when_pressed."""
        self.submit_press(index, "button")

    def submit_touch(self, index: int) -> None:
        """`submit_press(index, "touch")`, shaped for PromptScreen's on_press."""
        self.submit_press(index, "touch")

    # -- the main loop's thread ----------------------------------------------------

    def press(self, index: int, source: PressSource = "button") -> bool:
        """Record a reaction for emoji `index` of the current prompt; False if none."""
        return self.record_press(index, source) is not None

    def record_press(self, index: int, source: PressSource = "button") -> Event | None:
        """Record a reaction, then call on_recorded; the committed event, or None (no
        prompt or bad index: nothing is recorded and on_recorded is not called)."""
        prompt = self.prompt
        if prompt is None or not 0 <= index < len(prompt.emoji):
            logger.info("press %d (%s) ignored: no such emoji in the current prompt", index, source)
            return None
        payload = ReactionPayload(prompt_id=prompt.id, emoji=prompt.emoji[index], source=source)
        event = self.outbox.record(EventType.REACTION, payload, clock=self.clock)
        self._wake()
        callback = self.on_recorded
        if callback is not None:
            try:
                callback(index, source)
            except Exception:
                # The press is on disk; a failing LED or screen must not lose the
                # presses still queued behind it.
                logger.exception("on_recorded(%d, %r) failed", index, source)
        return event

    def drain(self) -> list[Event]:
        """Record every queued press, in arrival order; return the events recorded."""
        events: list[Event] = []
        while True:
            try:
                index, source = self._presses.get_nowait()
            except queue.Empty:
                return events
            event = self.record_press(index, source)
            if event is not None:
                events.append(event)

    def heartbeat(self) -> Event:
        """Record a heartbeat with the outbox counts (and anchor this boot's clock)."""
        payload = HeartbeatPayload(outbox=self.outbox.counts(), software=self._software)
        event = self.outbox.record(EventType.HEARTBEAT, payload, clock=self.clock)
        self._wake()
        return event

    def heartbeat_due(self) -> bool:
        """True at the first call, every heartbeat interval, and when the clock syncs."""
        if self._heartbeat_interval_s is None:
            return False
        synced = self.clock.synced()
        # The first synchronised heartbeat of a boot lets the hub date the events
        # recorded before NTP synced, so send it as soon as the clock is good.
        just_synced = synced and self._was_synced is False
        self._was_synced = synced
        return just_synced or self._next_heartbeat is None or self._timer() >= self._next_heartbeat

    def tick(self) -> list[Event]:
        """One main-loop step: drain presses, then heartbeat if due. Returns the presses."""
        events = self.drain()
        interval = self._heartbeat_interval_s
        if interval is not None and self.heartbeat_due():
            self.heartbeat()
            self._next_heartbeat = self._timer() + interval
        return events

    def _wake(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    def __repr__(self) -> str:
        prompt = self.prompt
        return (
            f"<KioskCore kiosk_id={self.outbox.kiosk_id!r} prompt={prompt.id if prompt else None}>"
        )
