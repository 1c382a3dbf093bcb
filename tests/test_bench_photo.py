"""The photo benchmark compares like with like: the 12-megapixel input is what it says,
and plain Pillow's baseline makes the same two outputs as the pipeline, as clean."""

from __future__ import annotations

import io

from PIL import ExifTags, Image

from bench import fig_photo_pipeline
from server.media.photos import process_photo


def _size_and_exif(data: bytes) -> tuple[tuple[int, int], bool]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size, bool(image.getexif())


def test_the_baseline_makes_what_the_pipeline_makes() -> None:
    data = fig_photo_pipeline.twelve_megapixel_jpeg()
    with Image.open(io.BytesIO(data)) as source:
        assert source.size == (4000, 3000)
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    photo = process_photo(data)
    display, thumb = fig_photo_pipeline.plain_pillow(data)
    assert _size_and_exif(display) == _size_and_exif(photo.display) == ((1280, 960), False)
    assert _size_and_exif(thumb) == _size_and_exif(photo.thumb) == ((320, 240), False)
