"""The second drop-off screen: the camera photographs the shelves, and shows the photo.

The capture runs on a thread of its own (a Pi camera takes hundreds of milliseconds to
expose and encode): the screen says "Taking the photo..." meanwhile and keeps drawing.
Then it shows the photo, with "Take it again" and "Next". A camera that fails says so;
"Next" then goes on without a photo (a drop-off is worth logging without one).
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable

import pygame

from kiosk.i18n import Translate
from kiosk.ui.screens.attract_layout import touch_px
from kiosk.ui.screens.common import ScreenBase
from kiosk.ui.screens.fridge_common import paint_disabled, paint_title, title_row
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import Button, FocusGroup

logger = logging.getLogger(__name__)


class _Capture:
    """One capture on a daemon thread: `done` once it has `jpeg` or `error`."""

    def __init__(self, capture: Callable[[], bytes]) -> None:
        self.jpeg: bytes | None = None
        self.error: str | None = None
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(capture,), daemon=True)
        self._thread.start()

    def _run(self, capture: Callable[[], bytes]) -> None:
        try:
            self.jpeg = capture()
        except Exception as error:  # any camera failure is shown, never raised on the UI
            logger.warning("shelf photo failed: %s", error)
            self.error = str(error) or type(error).__name__
        finally:
            self.done.set()


class ShelfPhotoScreen(ScreenBase):
    """Capture, preview, retake; `on_next(jpeg or None)` goes on, `on_back()` leaves."""

    def __init__(
        self,
        theme: Theme,
        fonts: Fonts,
        translate: Translate,
        *,
        capture: Callable[[], bytes],
        on_next: Callable[[bytes | None], None],
        on_back: Callable[[], None],
        size: tuple[int, int] = (800, 480),
    ) -> None:
        super().__init__(theme, fonts, translate, size)
        self._capture_fn = capture
        self._on_next = on_next
        self._on_back = on_back
        self.group = FocusGroup([], self.on_button, back="back")
        self._title = pygame.Rect(0, 0, 1, 1)
        self._frame = pygame.Rect(0, 0, 1, 1)
        self._pending: list[Button] = []
        self.jpeg: bytes | None = None
        self.failed = False
        self._preview: tuple[tuple[int, int], pygame.Surface] | None = None
        self._capture: _Capture | None = None
        self.take()

    @property
    def busy(self) -> bool:
        """True while the camera is working."""
        return self._capture is not None

    def take(self) -> None:
        """Start a capture (again)."""
        if self._capture is not None:
            return
        self.jpeg, self.failed, self._preview = None, False, None
        self._capture = _Capture(self._capture_fn)
        self.relayout()

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until the capture in progress ends (tests and screenshots); True when done."""
        capture = self._capture
        done = capture is None or capture.done.wait(timeout)
        self.update(0.0)
        return done

    def update(self, dt: float) -> None:
        capture = self._capture
        if capture is None or not capture.done.is_set():
            return
        self._capture = None
        self.jpeg, self.failed = capture.jpeg, capture.jpeg is None
        self.relayout()

    def layout(self) -> None:
        width, height = self.size
        theme = self.theme
        margin = self.px(theme.margin)
        gap = self.px(theme.button_gap)
        target = touch_px(self.size, theme)
        self._title, back = title_row(self, back_label=self._("Back"))
        row = pygame.Rect(margin, height - margin - target, width - 2 * margin, target)
        half = (row.width - gap) // 2
        again = Button(
            "again", self._("Take it again"), pygame.Rect(row.left, row.top, half, target)
        )
        next_ = Button(
            "next", self._("Next"), pygame.Rect(row.right - half, row.top, half, target), True
        )
        self._frame = pygame.Rect(
            margin,
            self._title.bottom + gap,
            width - 2 * margin,
            row.top - 2 * gap - self._title.bottom,
        )
        if self.busy:
            self._pending = [again, next_]
            self.group.buttons = [back]
            self.group.focus = 0
        else:
            self._pending = []
            self.group.buttons = [next_, again, back]
            self.group.focus_on("next")

    def on_button(self, key: str) -> None:
        if key == "back":
            self._on_back()
        elif self.busy:
            return
        elif key == "again":
            self.take()
        elif key == "next":
            self._on_next(self.jpeg)

    def paint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        surface.fill(theme.background)
        paint_title(self, surface, self._title, self._("The shelves"))
        picture = self._picture(self._frame.size)
        if picture is not None:
            surface.blit(picture, picture.get_rect(center=self._frame.center))
        else:
            radius = max(4, round(min(self._frame.size) * 0.05))
            pygame.draw.rect(surface, theme.card_background, self._frame, border_radius=radius)
            if self.busy:
                words = self._("Taking the photo\N{HORIZONTAL ELLIPSIS}")
            elif self.failed:
                words = self._("The camera did not work. Take it again, or go on without a photo.")
            else:
                words = self._("The photo could not be shown.")
            rendered = self.text(
                words, self._frame.inflate(-40, -20), self.px(theme.body_font), theme.text
            )
            surface.blit(rendered, rendered.get_rect(center=self._frame.center))
        self.paint_buttons(surface, self.px(theme.body_font))
        for button in self._pending:
            paint_disabled(self, surface, button)

    def _picture(self, size: tuple[int, int]) -> pygame.Surface | None:
        if self.jpeg is None:
            return None
        if self._preview is not None and self._preview[0] == size:
            return self._preview[1]
        try:
            image = pygame.image.load(io.BytesIO(self.jpeg), "shelves.jpg")
        except (pygame.error, ValueError) as error:
            logger.warning("cannot show the shelf photo: %s", error)
            return None
        scale = min(size[0] / image.get_width(), size[1] / image.get_height())
        shape = (max(1, int(image.get_width() * scale)), max(1, int(image.get_height() * scale)))
        solid = pygame.Surface(image.get_size())
        solid.blit(image, (0, 0))
        picture = pygame.transform.smoothscale(solid, shape)
        self._preview = (size, picture)
        return picture
