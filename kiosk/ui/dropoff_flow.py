"""One drop-off at a fridge kiosk, screen by screen:

    rules + QR --Photograph--> shelf photo --Next--> items --Done--> (recorded) thanks

Back goes one screen back (keeping what was done there: the rules stay confirmed, the
photo stays taken). Nothing is recorded until Done: then the feed keeps the photo in the
media folder and the `dropoff` event in the outbox, both on disk, and only then does the
thanks screen say so. Offline changes nothing here: both wait on disk for the sync thread.
Leaving (Back on the first screen, the idle timeout) drops the drop-off unrecorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.errors import KioskError
from kiosk.i18n import Translate
from kiosk.ui.feed import KioskFeed
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.dropoff import DropoffScreen
from kiosk.ui.screens.dropoff_items import DropoffItemsScreen
from kiosk.ui.screens.dropoff_thanks import DropoffThanksScreen
from kiosk.ui.screens.shelf_photo import ShelfPhotoScreen
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from storywall.protocol.fridge_config import FridgeConfig

logger = logging.getLogger(__name__)


class DropoffFlow:
    """Builds the drop-off screens and moves between them through `show`."""

    def __init__(
        self,
        feed: KioskFeed,
        fridge: FridgeConfig,
        *,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        size: tuple[int, int],
        show: Callable[[Screen], None],
        close: Callable[[], None],
    ) -> None:
        self.feed = feed
        self.fridge = fridge
        self.theme = theme
        self.fonts = fonts
        self._ = translate
        self.size = size
        self._show = show
        self._close = close
        self.rules = DropoffScreen(
            theme,
            fonts,
            translate,
            fridge=fridge,
            link=feed.dropoff_url,
            on_photo=self.to_photo,
            on_back=close,
            size=size,
        )
        self.photo: ShelfPhotoScreen | None = None
        self.items: DropoffItemsScreen | None = None
        self.recorded = False

    def start(self) -> Screen:
        """The first screen (the caller shows it)."""
        return self.rules

    def to_photo(self) -> None:
        if self.photo is None:
            self.photo = ShelfPhotoScreen(
                self.theme,
                self.fonts,
                self._,
                capture=self.feed.capture_photo,
                on_next=self.to_items,
                on_back=lambda: self._show(self.rules),
                size=self.size,
            )
        self._show(self.photo)

    def to_items(self, _jpeg: bytes | None) -> None:
        if self.items is None:
            self.items = DropoffItemsScreen(
                self.theme,
                self.fonts,
                self._,
                on_done=self.record,
                on_back=self.to_photo,
                size=self.size,
            )
        self._show(self.items)

    def record(self, items: dict[str, int], level: int | None) -> None:
        """Done: the photo and the event on disk, then thanks (once)."""
        if self.recorded:
            return
        photo = self.photo.jpeg if self.photo is not None else None
        try:
            self.feed.record_dropoff(items, photo=photo, level=level)
        except KioskError as error:
            # A full disk or a photo the core refuses: nothing half-recorded, and the
            # volunteer is not thanked for a drop-off that was not kept.
            logger.error("drop-off not recorded: %s", error)
            self._close()
            return
        self.recorded = True
        self._show(
            DropoffThanksScreen(
                self.theme,
                self.fonts,
                self._,
                items=sum(items.values()),
                photo=photo is not None,
                on_done=self._close,
                size=self.size,
            )
        )
