"""photo_pipeline_12mp_ms and photo_pipeline_vs_plain_pillow_ratio.

A 12-megapixel (4000 x 3000) JPEG as a phone writes it (photo-like detail at quality
90, EXIF with GPS and orientation, about 3-4 MB) goes through the hub's pipeline,
server.media.photos.process_photo: checks, decoding at reduced scale (Image.draft),
orientation, the 1280 px display JPEG and the 320 px thumbnail, metadata stripped.

The baseline is what plain Pillow does for the same two outputs: open, decode at full
size, exif_transpose, resize to 1280 and to 320 (bicubic, as the pipeline), save
both as JPEG at the same qualities without metadata. Both are timed in the same run,
in interleaved rounds, one thread; the figure is the median of the rounds.
"""

from __future__ import annotations

import io
import random
import statistics
import time

from PIL import ExifTags, Image, ImageOps

from bench.common import Figure, Target
from server.media.photos import (
    DISPLAY_QUALITY,
    DISPLAY_SIDE,
    RESAMPLE,
    THUMB_QUALITY,
    THUMB_SIDE,
    fit,
    process_photo,
)

WIDTH, HEIGHT = 4000, 3000
ROUNDS = 15
WARM_UP = 2
TARGET_MS = 120.0


def twelve_megapixel_jpeg() -> bytes:
    """A phone-like 12 MP JPEG: detail everywhere (noise over a blurred colour field)
    so it compresses as photos do, with EXIF (orientation, camera, GPS)."""
    rng = random.Random(12)
    field = Image.frombytes("RGB", (80, 60), rng.randbytes(80 * 60 * 3))
    base = field.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((WIDTH, HEIGHT), 30).convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    buffer = io.BytesIO()
    Image.blend(base, noise, 0.2).save(buffer, format="JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def plain_pillow(data: bytes) -> tuple[bytes, bytes]:
    """The same two outputs the obvious way: a full-size decode, then resizes."""
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        display = image.resize(fit(*image.size, DISPLAY_SIDE), RESAMPLE)
    thumb = display.resize(fit(*display.size, THUMB_SIDE), RESAMPLE)
    outputs = []
    for picture, quality in ((display, DISPLAY_QUALITY), (thumb, THUMB_QUALITY)):
        picture.info.clear()
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=quality)
        outputs.append(buffer.getvalue())
    return outputs[0], outputs[1]


def _ms(work: object, data: bytes) -> float:
    assert callable(work)
    began = time.perf_counter()
    work(data)
    return (time.perf_counter() - began) * 1000


def run() -> list[Figure]:
    data = twelve_megapixel_jpeg()
    photo = process_photo(data)
    if (photo.width, photo.height) != (DISPLAY_SIDE, 960) or b"PhoneCo" in photo.display:
        raise RuntimeError("the pipeline did not make a clean 1280 x 960 display image")
    for _ in range(WARM_UP):
        process_photo(data)
        plain_pillow(data)
    ours: list[float] = []
    plain: list[float] = []
    for round_ in range(ROUNDS):
        pair = [(ours, process_photo), (plain, plain_pillow)]
        for times, work in pair if round_ % 2 == 0 else reversed(pair):
            times.append(_ms(work, data))
    ours_ms, plain_ms = statistics.median(ours), statistics.median(plain)
    source = f"{WIDTH}x{HEIGHT} JPEG, {len(data) / 1e6:.1f} MB, quality 90, EXIF with GPS"
    return [
        Figure(
            "photo_pipeline_12mp_ms",
            ours_ms,
            "ms",
            Target("<=", TARGET_MS),
            note=f"{source} -> {DISPLAY_SIDE} px display + {THUMB_SIDE} px thumbnail, "
            f"metadata stripped; median of {ROUNDS} rounds, one thread; plain Pillow "
            f"(full decode + resize) {plain_ms:.0f} ms in the same rounds",
        ),
        Figure(
            "photo_pipeline_vs_plain_pillow_ratio",
            plain_ms / ours_ms,
            "x",
            note="plain Pillow's time over the pipeline's (above 1: the pipeline is faster)",
        ),
    ]
