"""The photo pipeline on its own (server/media/photos.py): what it keeps of a phone's
photo (upright pixels, nothing else), and the hostile files it refuses, in bounded
memory. Every input is made by tests/server/photo_corpus.py."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image

from server.errors import PhotoRefused
from server.media import MAX_STORED_BYTES
from server.media.photos import DISPLAY_SIDE, THUMB_SIDE, ProcessedPhoto, process_photo
from storywall.protocol.limits import MAX_PHOTO_BYTES
from tests.server import photo_corpus as corpus
from tests.server.photo_corpus import (
    HOSTILE,
    SECRETS,
    UPRIGHT,
    Hostile,
    assert_clean,
    close,
    corners_of,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_phone_photo_keeps_its_pixels_upright_and_nothing_else() -> None:
    source = corpus.phone_jpeg(640, 480, orientation=6)
    # The source really carries all of it.
    assert {0xE1, 0xE2, 0xED, 0xFE} <= set(corpus.jpeg_markers(source))
    assert all(secret in source for secret in SECRETS)
    with Image.open(io.BytesIO(source)) as image:
        assert image.getexif().get_ifd(0x8825)  # GPSInfo

    photo = process_photo(source, declared_type="image/jpeg")
    assert (photo.width, photo.height) == (480, 640)
    assert (photo.source_width, photo.source_height) == (640, 480)
    assert photo.source_format == "JPEG"
    assert photo.colour == "converted"
    for data in (photo.display, photo.thumb):
        assert_clean(data)
        assert close(corners_of(data), UPRIGHT[6]), corners_of(data)
    with Image.open(io.BytesIO(photo.thumb)) as thumb:
        assert thumb.size == (240, 320)


@pytest.mark.parametrize("orientation", sorted(UPRIGHT))
def test_every_exif_orientation_stands_upright(orientation: int) -> None:
    photo = process_photo(corpus.phone_jpeg(320, 240, orientation=orientation))
    turned = orientation >= 5
    assert (photo.width, photo.height) == ((240, 320) if turned else (320, 240))
    assert close(corners_of(photo.display), UPRIGHT[orientation]), corners_of(photo.display)


def test_a_12_megapixel_photo_comes_out_at_display_and_thumbnail_size() -> None:
    photo = process_photo(corpus.noisy_jpeg(4000, 3000))
    assert (photo.width, photo.height) == (DISPLAY_SIDE, 960)
    sizes = []
    for data in (photo.display, photo.thumb):
        assert_clean(data)
        with Image.open(io.BytesIO(data)) as image:
            sizes.append(image.size)
    assert sizes == [(DISPLAY_SIDE, 960), (THUMB_SIDE, 240)]


def test_small_photos_are_not_enlarged_and_webp_is_taken() -> None:
    buffer = io.BytesIO()
    corpus.corners(300, 200).save(buffer, format="WEBP", quality=95)
    photo = process_photo(buffer.getvalue(), declared_type="image/webp")
    assert (photo.width, photo.height, photo.source_format) == (300, 200, "WEBP")
    assert close(corners_of(photo.display), UPRIGHT[1])
    assert_clean(photo.thumb)


def test_transparency_is_laid_on_white() -> None:
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (100, 0, 200, 100))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    photo = process_photo(buffer.getvalue())
    with Image.open(io.BytesIO(photo.display)) as shown:
        left, right = shown.getpixel((20, 50)), shown.getpixel((180, 50))
    assert all(channel >= 245 for channel in left), left  # type: ignore[union-attr]
    assert close(((right),), ((200, 30, 30),))  # type: ignore[arg-type]


def test_an_unreadable_icc_profile_is_dropped_and_said_so() -> None:
    buffer = io.BytesIO()
    corpus.corners(320, 240).save(buffer, format="JPEG", icc_profile=b"not a profile" * 20)
    photo = process_photo(buffer.getvalue())
    assert photo.colour == "dropped"
    assert_clean(photo.display)
    assert process_photo(corpus.noisy_jpeg(64, 64)).colour == "none"


def test_a_motion_photo_trailer_is_taken_and_left_behind() -> None:
    # Phones append a short video after the JPEG's end; the re-encoded JPEG has none of it.
    trailer = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 4000
    photo = process_photo(corpus.phone_jpeg(320, 240) + trailer)
    assert b"ftypmp42" not in photo.display
    assert_clean(photo.display)


def _refusal(item: Hostile) -> tuple[PhotoRefused, int]:
    data = item.make()
    tracemalloc.start()
    try:
        with pytest.raises(PhotoRefused) as refused:
            process_photo(data, declared_type=item.declared)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value, peak


@pytest.mark.parametrize("item", HOSTILE, ids=[item.name for item in HOSTILE])
def test_hostile_files_are_refused_with_a_plain_message(item: Hostile) -> None:
    error, peak = _refusal(item)
    assert error.status == item.status
    message = str(error)
    assert message.startswith("This ") or message.startswith("We ")
    assert "<" not in message and "Traceback" not in message and len(message) < 300
    # Python-side memory: never a copy of the file, let alone its pixels.
    assert peak < 3 * MAX_PHOTO_BYTES


def test_hostile_files_are_refused_in_bounded_native_memory(tmp_path: Path) -> None:
    """Pillow's pixel buffers are not seen by tracemalloc: the process's peak resident
    size is, so the corpus runs in a fresh interpreter that reports its growth."""
    script = textwrap.dedent(
        """
        import json, resource, sys
        from server.errors import PhotoRefused
        from server.media.photos import process_photo
        from tests.server.photo_corpus import HOSTILE, noisy_jpeg
        files = [(item.make(), item.declared) for item in HOSTILE]
        process_photo(noisy_jpeg(64, 64))  # warm: every decoder loaded
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refused = 0
        for data, declared in files:
            try:
                process_photo(data, declared_type=declared)
            except PhotoRefused:
                refused += 1
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"refused": refused, "grown_kib": after - before}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    report = json.loads(result.stdout)
    # Without the hub's own pixel limit the quiet bomb alone grows it by about 290 MB.
    assert report["grown_kib"] * 1024 < 3 * MAX_PHOTO_BYTES, report
    assert report["refused"] == len(HOSTILE)


def test_the_largest_display_fits_the_media_stores_limit() -> None:
    # Random noise is the worst case for JPEG; a square uses the most pixels of 1280.
    noise = Image.frombytes("RGB", (1600, 1600), random.Random(3).randbytes(1600 * 1600 * 3))
    photo = process_photo(_encoded(noise, "PNG"))
    assert (photo.width, photo.height) == (DISPLAY_SIDE, DISPLAY_SIDE)
    assert len(photo.display) <= MAX_STORED_BYTES


def test_outputs_are_the_same_for_the_same_bytes() -> None:
    source = corpus.phone_jpeg(320, 240)
    first, second = process_photo(source), process_photo(source)
    assert isinstance(first, ProcessedPhoto)
    assert (first.display, first.thumb) == (second.display, second.thumb)


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def _kinds() -> dict[str, bytes]:
    base = corpus.corners(200, 150)
    return {
        "cmyk-jpeg": _encoded(base.convert("CMYK"), "JPEG"),
        "grey-jpeg": _encoded(base.convert("L"), "JPEG"),
        "progressive-jpeg": _encoded(base, "JPEG", progressive=True),
        "mpo": _encoded(base, "MPO", save_all=True, append_images=[base.rotate(180)]),
        "16-bit-png": _encoded(
            Image.linear_gradient("L").resize((200, 150)).convert("I;16"), "PNG"
        ),
        "palette-png-with-transparency": _encoded(base.convert("P"), "PNG", transparency=0),
        "grey-alpha-png": _encoded(base.convert("LA"), "PNG"),
        "one-bit-png": _encoded(base.convert("1"), "PNG"),
        "animated-png": _encoded(base, "PNG", save_all=True, append_images=[base.rotate(180)]),
        "animated-webp": _encoded(base, "WEBP", save_all=True, append_images=[base.rotate(90)]),
        "lossless-webp": _encoded(base.convert("RGBA"), "WEBP", lossless=True),
    }


def test_every_kind_a_camera_or_editor_writes_is_taken() -> None:
    for name, data in _kinds().items():
        photo = process_photo(data)
        assert (photo.width, photo.height) == (200, 150), name
        assert_clean(photo.display)


def test_damaged_files_are_refused_never_crash() -> None:
    """Bytes changed at random (and cut short, sometimes) in every kind: each is taken
    or refused with a PhotoRefused, never another error (a 500 for the sender)."""
    rng = random.Random(2026)
    kinds = {**_kinds(), "phone": corpus.phone_jpeg(200, 150)}
    names = sorted(kinds)
    outcomes = {"taken": 0, "refused": 0}
    for _ in range(400):
        data = bytearray(kinds[rng.choice(names)])
        for _flip in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        try:
            process_photo(bytes(data))
            outcomes["taken"] += 1
        except PhotoRefused:
            outcomes["refused"] += 1
    assert outcomes["taken"] and outcomes["refused"], outcomes
