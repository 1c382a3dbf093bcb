"""The fridge kiosk's shelf camera: one interface, the Pi camera, a mock, a factory.

The camera is mounted inside or above the fridge, pointed at the shelves and never at
the people in front of it (docs/deployment.md, firmware_config/README.md): a photo shows
what food is there, and nothing else.

`capture()` returns one JPEG, at most `max_side` pixels on its long side and at most
`max_bytes` bytes (the quality steps down until it fits), with no metadata: a JPEG made
from pixels by Pillow carries no EXIF, so there is nothing to strip. It blocks for
hundreds of milliseconds on a Pi (exposure, then encoding): a caller with a screen to
draw captures off its main thread.

`Picamera2Camera` imports picamera2 (Raspberry Pi OS's `python3-picamera2`) only when it
is built, and has not been run by the tests here: there is no camera on a build machine.
It asks for a still configuration at the output size and encodes the RGB array with
Pillow, the same encoder as the mock, so the size rules are tested where it matters.

Example (mock)::

    with build_camera("mock") as camera:
        jpeg = camera.capture()      # b"\\xff\\xd8..." a generated picture of shelves
"""

from __future__ import annotations

import io
import random
import threading
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Literal

from hardware.errors import BackendUnavailable, CameraError, DeviceClosed, HardwareConfigError
from storywall.closing import ClosesOnExit

if TYPE_CHECKING:
    from PIL import Image

CameraBackend = Literal["picamera2", "mock"]
CAMERA_BACKENDS: tuple[CameraBackend, ...] = ("picamera2", "mock")

# The Pi HQ and v3 cameras' 2x2-binned mode: sharp enough to tell bread from bananas,
# a few hundred kB as JPEG, and fast to capture.
DEFAULT_SIZE = (2028, 1520)
DEFAULT_QUALITY = 85
# Below the hub's limit for a photo (2 MB) with room to spare.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MIN_QUALITY = 40
JPEG_SOI = b"\xff\xd8\xff"


def encode_jpeg(image: Image.Image, *, quality: int, max_bytes: int) -> bytes:
    """`image` as a baseline JPEG without metadata, at `quality` or lower until it fits
    in `max_bytes`; CameraError when even MIN_QUALITY does not fit."""
    rgb = image.convert("RGB")
    step = quality
    while True:
        buffer = io.BytesIO()
        rgb.save(buffer, format="JPEG", quality=step, optimize=True)
        data = buffer.getvalue()
        if len(data) <= max_bytes:
            return data
        if step <= MIN_QUALITY:
            raise CameraError(f"a photo of {len(data)} bytes even at quality {step}")
        step = max(MIN_QUALITY, step - 10)


class Camera(ClosesOnExit, ABC):
    """A still camera that returns JPEG bytes (see the module docstring)."""

    def __init__(
        self,
        *,
        size: tuple[int, int] = DEFAULT_SIZE,
        quality: int = DEFAULT_QUALITY,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if min(size) < 16 or max(size) > 4056:
            raise HardwareConfigError(f"a photo size of {size} is outside 16..4056 pixels")
        if not MIN_QUALITY <= quality <= 95:
            raise HardwareConfigError(f"JPEG quality {quality} is outside {MIN_QUALITY}..95")
        if max_bytes < 16 * 1024:
            raise HardwareConfigError("max_bytes must be at least 16 kB")
        self.size = size
        self.quality = quality
        self.max_bytes = max_bytes
        self._closed = False
        # One capture at a time: a second tap while the first is exposing waits for it.
        self._lock = threading.Lock()
        self.captures = 0

    @property
    def closed(self) -> bool:
        """True once close() has been called."""
        return self._closed

    def capture(self) -> bytes:
        """One photo as JPEG bytes; DeviceClosed after close(), CameraError if it failed."""
        with self._lock:
            if self._closed:
                raise DeviceClosed(f"{self!r} is closed")
            image = self._frame()
            if max(image.size) > max(self.size):
                image.thumbnail(self.size)
            data = encode_jpeg(image, quality=self.quality, max_bytes=self.max_bytes)
            self.captures += 1
            return data

    @abstractmethod
    def _frame(self) -> Image.Image:
        """One frame as a Pillow image (called under the lock)."""

    def close(self) -> None:
        """Release the camera. Safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._release()

    def _release(self) -> None:
        """Let go of the device (the real backend stops and closes picamera2)."""

    def __repr__(self) -> str:
        if self._closed:
            return f"<{type(self).__name__} closed>"
        width, height = self.size
        return (
            f"<{type(self).__name__} {width}x{height} quality={self.quality}"
            f" captures={self.captures}>"
        )


class Picamera2Camera(Camera):
    """The Raspberry Pi camera through picamera2 (Raspberry Pi OS only; untested here)."""

    def __init__(self, *, camera_num: int = 0, **options: Any) -> None:
        super().__init__(**options)
        try:
            from picamera2 import Picamera2
        except ImportError as error:
            raise BackendUnavailable(
                f"picamera2 is not installed ({error}): on a Pi, `sudo apt install"
                " python3-picamera2`; elsewhere use the 'mock' camera"
            ) from error
        try:
            self._camera: Any = Picamera2(camera_num)
            config = self._camera.create_still_configuration(
                main={"size": self.size, "format": "RGB888"}
            )
            self._camera.configure(config)
            self._camera.start()
        except Exception as error:  # picamera2 raises RuntimeError/IndexError with no camera
            raise BackendUnavailable(f"no camera {camera_num}: {error}") from error

    def _frame(self) -> Image.Image:
        try:
            return self._camera.capture_image("main")  # type: ignore[no-any-return]
        except Exception as error:
            raise CameraError(f"the camera did not capture: {error}") from error

    def _release(self) -> None:
        try:
            self._camera.stop()
        finally:
            self._camera.close()


# Food the mock puts on its shelves: a colour and a shape each.
_FOOD = (
    ((230, 57, 70), "round"),  # apples, tomatoes
    ((255, 190, 11), "long"),  # bananas
    ((194, 139, 74), "loaf"),  # bread
    ((255, 255, 255), "box"),  # milk
    ((106, 176, 76), "round"),  # lettuce, limes
    ((240, 140, 30), "round"),  # oranges
    ((72, 120, 200), "box"),  # packets
)


class MockCamera(Camera):
    """A generated picture of fridge shelves with food on them, varied by `seed` and by
    each capture, so consecutive photos differ as real ones do."""

    def __init__(self, *, seed: int = 0, fail: bool = False, **options: Any) -> None:
        options.setdefault("size", (1024, 768))
        super().__init__(**options)
        self.seed = seed
        self.fail = fail  # the next captures raise CameraError, as a camera that came loose

    def _frame(self) -> Image.Image:
        from PIL import Image, ImageDraw

        if self.fail:
            raise CameraError("the mock camera is set to fail")
        rng = random.Random(self.seed * 1_000_003 + self.captures)
        width, height = self.size
        image = Image.new("RGB", (width, height), (225, 232, 236))
        draw = ImageDraw.Draw(image)
        shelves = 3
        shelf_h = height // shelves
        for row in range(shelves):
            top = row * shelf_h
            # The back wall, darker towards the bottom, then the shelf's glass edge.
            draw.rectangle((0, top, width, top + shelf_h), fill=(205 - row * 12, 214, 220))
            floor = top + shelf_h - max(6, shelf_h // 12)
            draw.rectangle((0, floor, width, top + shelf_h), fill=(150, 170, 182))
            x = rng.randint(0, width // 12)
            while x < width - width // 10:
                colour, shape = rng.choice(_FOOD)
                w = rng.randint(width // 14, width // 7)
                h = rng.randint(shelf_h // 3, shelf_h * 3 // 4)
                box = (x, floor - h, x + w, floor)
                if shape == "round":
                    side = min(w, h)
                    draw.ellipse(
                        (x, floor - side, x + side, floor), fill=colour, outline=(60, 60, 60)
                    )
                    w = side
                elif shape == "long":
                    draw.rounded_rectangle(
                        (x, floor - h // 3, x + w, floor), radius=h // 6, fill=colour
                    )
                elif shape == "loaf":
                    draw.rounded_rectangle(box, radius=max(2, w // 4), fill=colour)
                else:
                    draw.rectangle(box, fill=colour, outline=(60, 60, 60))
                x += w + rng.randint(width // 60, width // 15)
        return image


def build_camera(backend: CameraBackend, **options: Any) -> Camera:
    """The camera for `backend`: "picamera2" (the Pi camera) or "mock" (generated shelves)."""
    if backend == "picamera2":
        return Picamera2Camera(**options)
    if backend == "mock":
        return MockCamera(**options)
    raise HardwareConfigError(f"unknown camera backend {backend!r}: use 'picamera2' or 'mock'")


__all__ = [
    "CAMERA_BACKENDS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_QUALITY",
    "DEFAULT_SIZE",
    "JPEG_SOI",
    "Camera",
    "CameraBackend",
    "MockCamera",
    "Picamera2Camera",
    "build_camera",
    "encode_jpeg",
]
