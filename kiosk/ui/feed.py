"""What the screen manager reads from the rest of the kiosk, and the adapter over KioskParts.

The manager depends on these small protocols rather than on the parts themselves, so the
screen flow is tested with a stand-in feed, and the core, sync worker and wall-image cache can
change behind `PartsFeed` without the screens noticing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.errors import KioskError
from storywall.protocol.config import KioskConfig
from storywall.protocol.note import NoteTemplate
from storywall.protocol.reaction import PressSource

if TYPE_CHECKING:
    from hardware.camera import Camera
    from kiosk.fridge_kit import FridgeKit
    from kiosk.parts import KioskParts


class PressLike(Protocol):
    """A press on disk (kiosk.core.RecordedPress): which answer, from where, play or opinion."""

    @property
    def index(self) -> int: ...
    @property
    def source(self) -> PressSource: ...
    @property
    def play(self) -> bool: ...


@dataclass(frozen=True)
class Recorded:
    """A PressLike of the StaticFeed's own."""

    index: int
    source: PressSource = "button"
    play: bool = False


@dataclass(frozen=True)
class FeedStatus:
    """The caretaker's indicator: hub reachable, answers waiting, token refused (paused)."""

    online: bool = True
    pending: int = 0
    paused: bool = False


class KioskFeed(Protocol):
    """Everything the manager asks of the kiosk."""

    @property
    def config(self) -> KioskConfig | None: ...
    def tallies(self) -> dict[str, int]: ...
    def answered_today(self) -> int: ...
    def submit_press(self, index: int, source: PressSource) -> None: ...
    def tick(self) -> object: ...
    def status(self) -> FeedStatus: ...
    def wall_image_path(self) -> Path | None: ...
    # A spotlighted doodle's PNG on disk (None until the sync thread fetched it).
    def spotlight_image(self, sha256: str) -> Path | None: ...
    def record_note(
        self, text: str, *, language: str, template: NoteTemplate, prompt_id: int | None
    ) -> None: ...
    def record_doodle(
        self, png: bytes, *, width: int, height: int, prompt_id: int | None
    ) -> None: ...
    # A fridge kiosk's drop-off (the screens offer it only when config.fridge is set).
    def dropoff_url(self) -> str | None: ...
    def capture_photo(self) -> bytes: ...
    def record_dropoff(
        self, items: dict[str, int], *, photo: bytes | None, level: int | None
    ) -> None: ...


def _sticker_url(config: KioskConfig | None) -> str | None:
    fridge = config.fridge if config is not None else None
    return fridge.sticker_url if fridge is not None else None


class PartsFeed:
    """KioskFeed over a built kiosk's parts: the core, the sync worker, the wall-image cache,
    and a fridge kiosk's camera and drop-off links."""

    def __init__(self, parts: KioskParts, fridge: FridgeKit | None = None) -> None:
        self._parts = parts
        self._fridge = fridge

    @property
    def config(self) -> KioskConfig | None:
        return self._parts.core.config

    def tallies(self) -> dict[str, int]:
        return self._parts.core.tallies()

    def answered_today(self) -> int:
        return self._parts.core.answered_today()

    def submit_press(self, index: int, source: PressSource) -> None:
        self._parts.core.submit_press(index, source)

    def tick(self) -> object:
        return self._parts.core.tick()

    def status(self) -> FeedStatus:
        status = self._parts.worker.status
        return FeedStatus(status.online, status.counts.pending, status.paused)

    def wall_image_path(self) -> Path | None:
        return self._parts.wall_image.path

    def spotlight_image(self, sha256: str) -> Path | None:
        return self._parts.spotlights.path(sha256)

    def record_note(
        self, text: str, *, language: str, template: NoteTemplate, prompt_id: int | None
    ) -> None:
        self._parts.core.record_note(
            text, language=language, template=template, prompt_id=prompt_id
        )

    def record_doodle(self, png: bytes, *, width: int, height: int, prompt_id: int | None) -> None:
        self._parts.core.record_doodle(png, width=width, height=height, prompt_id=prompt_id)

    def dropoff_url(self) -> str | None:
        fallback = _sticker_url(self.config)
        return self._fridge.links.url(fallback) if self._fridge is not None else fallback

    def capture_photo(self) -> bytes:
        if self._fridge is None:
            raise KioskError("this kiosk has no camera ([fridge] is not enabled)")
        return self._fridge.camera.capture()

    def record_dropoff(
        self, items: dict[str, int], *, photo: bytes | None, level: int | None
    ) -> None:
        self._parts.core.record_dropoff(items, photo=photo, level=level)


class StaticFeed:
    """A feed with no kiosk behind it: a fixed configuration, and presses "recorded" in
    memory (on tick, each submitted press is counted and handed to `on_recorded`), drop-offs
    kept in `dropoffs`, photos from a MockCamera. For the screenshot tool, the demo of a
    screen on a laptop, and tests of the flow."""

    def __init__(
        self,
        config: KioskConfig | None,
        *,
        status: FeedStatus | None = None,
        wall_image: Path | None = None,
        spotlight_images: dict[str, Path] | None = None,
        camera: Camera | None = None,
        dropoff_link: str | None = None,
    ) -> None:
        self.config = config
        self.camera = camera
        self.dropoff_link = dropoff_link  # a "fresh" link; None: the sticker's
        self.dropoffs: list[tuple[dict[str, int], bytes | None, int | None]] = []
        self.current_status = status or FeedStatus()
        self.wall_image = wall_image
        self.spotlight_images = dict(spotlight_images or {})
        self.submitted: list[tuple[int, PressSource]] = []
        self.recorded: list[Recorded] = []
        self.own: dict[str, int] = {}
        self.play_next = False  # mark the next presses as play (mashing)
        self.notes: list[tuple[str, str, NoteTemplate, int | None]] = []
        self.doodles: list[tuple[bytes, int, int, int | None]] = []
        self.on_recorded: Any = None

    def tallies(self) -> dict[str, int]:
        prompt = self.config.prompt if self.config is not None else None
        counts = dict(prompt.tallies) if prompt is not None else {}
        for key, count in self.own.items():
            counts[key] = counts.get(key, 0) + count
        return counts

    def answered_today(self) -> int:
        return sum(self.tallies().values())

    def submit_press(self, index: int, source: PressSource) -> None:
        self.submitted.append((index, source))

    def tick(self) -> object:
        from kiosk.ui.screens.answers import answer_keys  # the feed stays free of pygame

        pending, self.submitted = self.submitted, []
        prompt = self.config.prompt if self.config is not None else None
        for index, source in pending:
            if prompt is None or prompt.locked or not 0 <= index < prompt.answer_count:
                continue
            press = Recorded(index, source, self.play_next)
            if not press.play:
                key = answer_keys(prompt)[index]
                self.own[key] = self.own.get(key, 0) + 1
            self.recorded.append(press)
            if self.on_recorded is not None:
                self.on_recorded(press)
        return pending

    def status(self) -> FeedStatus:
        return self.current_status

    def wall_image_path(self) -> Path | None:
        return self.wall_image

    def spotlight_image(self, sha256: str) -> Path | None:
        return self.spotlight_images.get(sha256)

    def record_note(
        self, text: str, *, language: str, template: NoteTemplate, prompt_id: int | None
    ) -> None:
        self.notes.append((text, language, template, prompt_id))

    def record_doodle(self, png: bytes, *, width: int, height: int, prompt_id: int | None) -> None:
        self.doodles.append((png, width, height, prompt_id))

    def dropoff_url(self) -> str | None:
        return self.dropoff_link or _sticker_url(self.config)

    def capture_photo(self) -> bytes:
        if self.camera is None:
            from hardware.camera import MockCamera

            self.camera = MockCamera()
        return self.camera.capture()

    def record_dropoff(
        self, items: dict[str, int], *, photo: bytes | None, level: int | None
    ) -> None:
        self.dropoffs.append((dict(items), photo, level))
