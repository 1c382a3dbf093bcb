"""The kiosk's core: turn presses into durable events for the current prompt.

One press path: every press, whether an arcade button (a gpiozero callback thread),
a touch (the pygame loop) or a simulator, is put on one queue by `submit_press()`;
the main loop calls `drain()` (or `tick()`), which records them with the outbox on
that one thread, in the order they came, through `record_press()`, the only place
that records a press. It answers the current prompt by its kind (a poll with the
option's index, an emoji prompt or a slider with the emoji) and flags button mashing
as play (kiosk.play). Once a press is committed to disk, and only then, the core
calls `on_recorded(RecordedPress)`: that is where the kiosk lights the button's LED
and says "thanks" (or plays with a masher), so a press that was not recorded
(debounced by the panel, no prompt, no such answer) lights nothing and thanks nobody.

Notes, doodles and fridge drop-offs are recorded by `record_note`, `record_doodle` and
`record_dropoff`; a doodle's PNG or a drop-off's shelf photo (JPEG) is on disk
(kiosk.media_store) before the event that names it is.

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
from dataclasses import dataclass
from typing import Protocol

from pydantic import ValidationError

from hardware.camera import DEFAULT_MAX_BYTES as MAX_PHOTO_BYTES
from hardware.camera import JPEG_SOI
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore, StoredConfig
from kiosk.errors import InvalidContribution
from kiosk.media_store import MediaStore
from kiosk.outbox import Outbox
from kiosk.play import PlayDetector
from storywall import __version__
from storywall.protocol import Event, EventType, HeartbeatPayload, ReactionPayload
from storywall.protocol.config import KioskConfig, PlayRules, PromptConfig
from storywall.protocol.doodle import DoodlePayload
from storywall.protocol.dropoff import DropoffPayload
from storywall.protocol.limits import MAX_DOODLE_BYTES
from storywall.protocol.note import NotePayload, NoteTemplate
from storywall.protocol.reaction import PressSource, choice_key
from storywall.protocol.wire import first_error

logger = logging.getLogger(__name__)

# Presses recorded per main-loop step at most (each is one small SQLite commit).
DRAIN_LIMIT = 64

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class RecordedPress:
    """A press the outbox holds: which answer, from where, whether it was play."""

    index: int
    source: PressSource
    play: bool
    event: Event


# Called on the main loop's thread once a press is on disk.
RecordedCallback = Callable[[RecordedPress], None]


class HealthSource(Protocol):
    """The heartbeat's health fields (kiosk.health.KioskHealth provides them)."""

    def fields(self) -> dict[str, object]: ...


class Waker(Protocol):
    """Something to nudge after a new event (kiosk.sync_worker.SyncWorker)."""

    def wake(self) -> None: ...


class KioskCore:
    """Records reactions, notes, doodles and heartbeats; knows the current prompt."""

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
        media: MediaStore | None = None,
        health: HealthSource | None = None,
    ) -> None:
        self.outbox = outbox
        self.clock = clock
        self.config_store = config_store
        self.worker = worker
        self.on_recorded = on_recorded
        # The data folder is the outbox's: data_dir/media/<sha256>.png.
        self.media = media or MediaStore(outbox.path.parent / "media")
        self.health = health
        self._heartbeat_interval_s = heartbeat_interval_s
        self._software = software
        self._timer = timer
        self._presses: queue.SimpleQueue[tuple[int, PressSource, float]] = queue.SimpleQueue()
        self._next_heartbeat: float | None = None  # None: at the first tick()
        self._was_synced: bool | None = None
        self._play = PlayDetector()
        # Opinion presses recorded since the stored configuration `_tally_base` was pulled.
        self._tally_base: StoredConfig | None = None
        self._local_tallies: dict[str, int] = {}

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

    def tallies(self) -> dict[str, int]:
        """Today's opinion tallies of the current prompt, by choice key (an emoji, or
        "#<i>" for poll option i): the hub's, as of the last configuration pulled, plus
        this kiosk's opinion presses recorded since. Play is never counted. Every
        answer of the prompt is a key, in the prompt's order; {} without a prompt."""
        prompt = self.prompt
        if prompt is None:
            return {}
        local = self._local()
        keys = [_answer_key(prompt, index) for index in range(prompt.answer_count)]
        keys += [key for key in prompt.tallies if key not in keys]
        return {key: prompt.tallies.get(key, 0) + local.get(key, 0) for key in keys}

    def answered_today(self) -> int:
        """How many opinion answers the current prompt has today (the sum of tallies())."""
        return sum(self.tallies().values())

    def _local(self) -> dict[str, int]:
        stored = self.config_store.current()
        if stored is not self._tally_base:
            # A new pull: its tallies already count what the hub had received.
            self._tally_base = stored
            self._local_tallies = {}
        return self._local_tallies

    # -- any thread ----------------------------------------------------------------

    def submit_press(self, index: int, source: PressSource = "button") -> None:
        """Queue a press for the main loop. Safe from any thread; never blocks."""
        # Timed here, not when recorded, so mashing is judged by when it happened.
        self._presses.put((index, source, self._timer()))

    def submit_button_press(self, index: int) -> None:
        """`submit_press(index, "button")`, shaped for EmojiButtonPanel.when_pressed."""
        self.submit_press(index, "button")

    def submit_touch(self, index: int) -> None:
        """`submit_press(index, "touch")`, shaped for PromptScreen's on_press."""
        self.submit_press(index, "touch")

    # -- the main loop's thread ----------------------------------------------------

    def press(self, index: int, source: PressSource = "button") -> bool:
        """Record an answer `index` to the current prompt; False if none."""
        return self.record_press(index, source) is not None

    def record_press(
        self, index: int, source: PressSource = "button", *, at: float | None = None
    ) -> Event | None:
        """Record answer `index` (seconds `at` on the core's timer; default now), then
        call on_recorded; the committed event, or None (no prompt, no such answer, or a
        locked prompt: nothing is recorded and on_recorded is not called)."""
        prompt = self.prompt
        if prompt is None or not 0 <= index < prompt.answer_count:
            logger.info("press %d (%s) ignored: no such answer to the prompt", index, source)
            return None
        if prompt.locked:
            # The hub would refuse it: the screen shows the results, the LED stays dark.
            logger.info("press %d (%s) ignored: the prompt is locked", index, source)
            return None
        config = self.config
        rules = config.play if config is not None else PlayRules()
        when = self._timer() if at is None else at
        play = self._play.is_play(when * 1000, rules)
        if prompt.kind == "poll":
            payload = ReactionPayload(prompt_id=prompt.id, option=index, source=source, play=play)
        else:
            payload = ReactionPayload(
                prompt_id=prompt.id, emoji=prompt.emoji[index], source=source, play=play
            )
        local = self._local()  # before recording: a pull racing this press resets it first
        event = self.outbox.record(EventType.REACTION, payload, clock=self.clock)
        if not play:
            local[payload.choice] = local.get(payload.choice, 0) + 1
        self._wake()
        callback = self.on_recorded
        if callback is not None:
            try:
                callback(RecordedPress(index, source, play, event))
            except Exception:
                # The press is on disk; a failing LED or screen must not lose the
                # presses still queued behind it.
                logger.exception("on_recorded(%d, %r) failed", index, source)
        return event

    def drain(self, limit: int = DRAIN_LIMIT) -> list[Event]:
        """Record up to `limit` queued presses, in arrival order; return the events recorded.

        Bounded so that presses arriving without pause (a stuck contact, a simulator) cannot
        keep the main loop from drawing: the rest wait for the next frame, still in order."""
        events: list[Event] = []
        for _ in range(limit):
            try:
                index, source, at = self._presses.get_nowait()
            except queue.Empty:
                break
            event = self.record_press(index, source, at=at)
            if event is not None:
                events.append(event)
        return events

    def record_note(
        self,
        text: str,
        *,
        language: str,
        template: NoteTemplate = "free",
        prompt_id: int | None = None,
    ) -> Event:
        """Record a note a passer-by typed; InvalidContribution (one line) when the
        text is empty or too long, or the language or template is not one we know."""
        try:
            payload = NotePayload(
                text=text, language=language, template=template, prompt_id=prompt_id
            )
        except ValidationError as error:
            raise InvalidContribution(f"note not recorded: {first_error(error)}") from None
        event = self.outbox.record("note", payload, clock=self.clock)
        self._wake()
        return event

    def record_doodle(
        self, png: bytes, *, width: int, height: int, prompt_id: int | None = None
    ) -> Event:
        """Record a doodle: its PNG is kept durably in the media folder first, then the
        event naming it by SHA-256 is committed. InvalidContribution when it is not a
        PNG, is too large, or its size is out of bounds."""
        if not png.startswith(PNG_SIGNATURE):
            raise InvalidContribution("doodle not recorded: not a PNG image")
        if len(png) > MAX_DOODLE_BYTES:
            raise InvalidContribution(
                f"doodle not recorded: {len(png)} bytes, more than {MAX_DOODLE_BYTES}"
            )
        sha256 = self.media.sha256_of(png)
        try:
            payload = DoodlePayload(
                media=sha256, width=width, height=height, bytes=len(png), prompt_id=prompt_id
            )
        except ValidationError as error:
            raise InvalidContribution(f"doodle not recorded: {first_error(error)}") from None
        self.media.put(png)
        event = self.outbox.record("doodle", payload, clock=self.clock)
        self._wake()
        return event

    def record_dropoff(
        self, items: dict[str, int], *, photo: bytes | None = None, level: int | None = None
    ) -> Event:
        """Record a drop-off made at this kiosk: the categories and counts the volunteer
        picked, after confirming the fridge's rules, and the shelf photo (a JPEG, kept in
        the media folder first, named in the event by its SHA-256). InvalidContribution
        when the items, the level or the photo are not acceptable."""
        counts = {name: count for name, count in items.items() if count > 0}
        sha256 = None
        if photo is not None:
            if not photo.startswith(JPEG_SOI):
                raise InvalidContribution("drop-off not recorded: the photo is not a JPEG")
            if len(photo) > MAX_PHOTO_BYTES:
                raise InvalidContribution(
                    f"drop-off not recorded: a photo of {len(photo)} bytes, over {MAX_PHOTO_BYTES}"
                )
            sha256 = self.media.sha256_of(photo)
        try:
            payload = DropoffPayload.model_validate(
                {
                    "via": "kiosk",
                    "items": counts,
                    "rules_confirmed": True,
                    "photo": sha256,
                    "level": level,
                }
            )
        except ValidationError as error:
            raise InvalidContribution(f"drop-off not recorded: {first_error(error)}") from None
        if photo is not None:
            self.media.put(photo)
        event = self.outbox.record("dropoff", payload, clock=self.clock)
        self._wake()
        return event

    def heartbeat(self) -> Event:
        """Record a heartbeat with the outbox counts (and anchor this boot's clock)."""
        health = self.health.fields() if self.health is not None else {}
        payload = HeartbeatPayload.model_validate(
            {"outbox": self.outbox.counts(), "software": self._software, **health}
        )
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


def _answer_key(prompt: PromptConfig, index: int) -> str:
    """The tally key of answer `index` of `prompt`."""
    if prompt.kind == "poll":
        return choice_key(option=index)
    return choice_key(emoji=prompt.emoji[index])
