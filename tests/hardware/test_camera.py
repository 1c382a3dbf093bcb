"""The shelf camera: JPEGs within the size rules, no metadata, a mock that varies, a factory."""

from __future__ import annotations

import io
import sys

import pytest
from PIL import Image

from hardware.camera import (
    DEFAULT_MAX_BYTES,
    JPEG_SOI,
    MockCamera,
    build_camera,
    encode_jpeg,
)
from hardware.errors import (
    BackendUnavailable,
    CameraError,
    DeviceClosed,
    HardwareConfigError,
    HardwareError,
)


def test_a_capture_is_a_jpeg_within_the_size_and_without_metadata() -> None:
    with build_camera("mock", seed=1) as camera:
        data = camera.capture()
        assert data.startswith(JPEG_SOI)
        assert len(data) <= DEFAULT_MAX_BYTES
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert image.size == (1024, 768)
            assert not image.getexif()  # nothing to strip: no EXIF, no GPS
            assert "icc_profile" not in image.info
            # Shelves with food: many colours, not a blank frame.
            assert len(image.convert("RGB").getcolors(1 << 20) or []) > 50
        assert camera.captures == 1


def test_the_full_size_is_at_most_2028_by_1520() -> None:
    with MockCamera(size=(2028, 1520)) as camera:
        data = camera.capture()
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (2028, 1520)


def test_each_capture_and_each_seed_differ() -> None:
    with MockCamera(seed=1) as one, MockCamera(seed=2) as two:
        first, second = one.capture(), one.capture()
        assert first != second
        assert two.capture() != first
    with MockCamera(seed=1) as again:
        assert again.capture() == first  # deterministic for a seed


def test_a_photo_too_large_steps_the_quality_down() -> None:
    noise = Image.effect_noise((1024, 768), 120).convert("RGB")
    roomy = encode_jpeg(noise, quality=95, max_bytes=10 * 1024 * 1024)
    tight = encode_jpeg(noise, quality=95, max_bytes=len(roomy) * 2 // 3)
    assert len(tight) <= len(roomy) * 2 // 3
    with pytest.raises(CameraError, match="even at quality"):
        encode_jpeg(noise, quality=95, max_bytes=2048)


def test_close_is_idempotent_and_a_closed_camera_refuses() -> None:
    camera = MockCamera()
    assert "1024x768" in repr(camera)
    camera.close()
    camera.close()
    assert camera.closed and "closed" in repr(camera)
    with pytest.raises(DeviceClosed):
        camera.capture()


def test_a_failing_camera_is_a_camera_error() -> None:
    with MockCamera(fail=True) as camera:
        with pytest.raises(CameraError):
            camera.capture()
        camera.fail = False
        assert camera.capture().startswith(JPEG_SOI)


@pytest.mark.parametrize(
    "options", [{"size": (8, 8)}, {"size": (5000, 3000)}, {"quality": 20}, {"max_bytes": 100}]
)
def test_bad_options_are_config_errors(options: dict[str, object]) -> None:
    with pytest.raises(HardwareConfigError):
        MockCamera(**options)  # type: ignore[arg-type]


def test_picamera2_missing_is_backend_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "picamera2", None)  # import picamera2 -> ImportError
    with pytest.raises(BackendUnavailable, match="python3-picamera2") as caught:
        build_camera("picamera2")
    assert isinstance(caught.value, HardwareError)


def test_unknown_backend() -> None:
    with pytest.raises(HardwareConfigError, match="picamera2"):
        build_camera("usb")  # type: ignore[arg-type]
