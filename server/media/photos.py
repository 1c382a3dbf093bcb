"""A photo's bytes to a display JPEG and a thumbnail JPEG with no metadata at all.

`process_photo` takes JPEG, PNG or WebP, told apart by their content. Everything that
can be refused cheaply is refused first: the byte count, the format, a file that is
also an archive or a web page, bloated metadata, then the pixel count read from the
header. Only then is the picture decoded, a JPEG at the smallest scale that still
covers the display size (libjpeg's DCT scaling through `Image.draft`: a 12-megapixel
photo decodes as 3 megapixels). Orientation is applied, an embedded ICC profile is
converted to sRGB, transparency is laid on white, and the two sizes are encoded
afresh from pixels: no EXIF (GPS), XMP, IPTC, comment or ICC segment reaches them.
The errors (server.errors.PhotoRefused and its kinds) carry a sentence a volunteer
can read on a phone. No database here; server/services/photos.py keeps the results.
"""

from __future__ import annotations

import io
import math
import struct
import warnings
from dataclasses import dataclass
from typing import Literal

from PIL import ExifTags, Image, ImageCms, UnidentifiedImageError

from server.errors import (
    PhotoTooLarge,
    PhotoTooManyPixels,
    PhotoUnreadable,
    PhotoUnsupported,
)
from server.media import containers
from storywall.protocol.limits import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE

DISPLAY_SIDE = 1280
THUMB_SIDE = 320
DISPLAY_QUALITY = 82
THUMB_QUALITY = 80
# Bicubic, as Pillow's own thumbnail(): on these downscales (the JPEG already decoded
# near the size) it is as sharp to the eye as Lanczos at three quarters of the time.
RESAMPLE = Image.Resampling.BICUBIC
# PNG and WebP decode whole (no reduced-scale decoding as for JPEG), so they are held
# to fewer pixels: 16 megapixels of RGBA is 64 MB.
MAX_FULL_DECODE_PIXELS = 16_000_000
# Real phone photos carry well under 200 KB of EXIF, XMP and ICC; a megabyte of it is
# someone testing the parser, not a photo.
MAX_METADATA_BYTES = 512 * 1024
MAX_PNG_TEXT_CHUNKS = 16
WHITE = (255, 255, 255)
# Pillow's DecompressionBombError/-Warning and the decoders' complaints; on malformed
# input its parsers also fail with lookup and struct errors.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    KeyError,
    IndexError,
    struct.error,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)
# The one Pillow plugin that may open each kind; the JPEG plugin itself answers MPO
# (a phone's JPEG with a second picture after it) when the file is one.
_PLUGIN = {containers.JPEG: "JPEG", containers.PNG: "PNG", containers.WEBP: "WEBP"}
_FORMATS = {containers.JPEG: ("JPEG", "MPO"), containers.PNG: ("PNG",), containers.WEBP: ("WEBP",)}
_DECLARED = {
    "image/jpeg": containers.JPEG,
    "image/png": containers.PNG,
    "image/webp": containers.WEBP,
}
# EXIF orientation -> the transpose that makes the picture upright (as ImageOps does).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

ColourNote = Literal["none", "converted", "dropped"]


@dataclass(frozen=True)
class ProcessedPhoto:
    """The two JPEGs made from one upload, and what was found on the way."""

    display: bytes
    thumb: bytes
    # The display's size, upright (the thumbnail is the same shape, THUMB_SIDE long).
    width: int
    height: int
    source_format: str
    source_width: int
    source_height: int
    # What became of an embedded ICC profile: converted to sRGB, or dropped because
    # it could not be read (the pixels are then taken as sRGB).
    colour: ColourNote


def _megabytes(count: int, *, up: bool = False) -> str:
    megabytes = count / (1024 * 1024)
    shown = math.ceil(megabytes * 10) / 10 if up else megabytes
    return f"{shown:g} MB" if megabytes >= 1 else f"{math.ceil(count / 1024)} KB"


def fit(width: int, height: int, side: int) -> tuple[int, int]:
    """The size within a `side` x `side` square, same shape; never enlarged, never 0."""
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _check_container(data: bytes, declared_type: str | None) -> tuple[str, containers.Header]:
    if not data:
        raise PhotoUnreadable("This file is empty. Please choose the photo again.")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoTooLarge(
            f"This photo is {_megabytes(len(data), up=True)}; the most we take is "
            f"{_megabytes(MAX_PHOTO_BYTES)}. Please send a smaller one."
        )
    kind = containers.sniff(data)
    if kind is None:
        seen = containers.describe_other(data)
        if seen == "HEIC":
            raise PhotoUnsupported(
                "This photo is in Apple's HEIC format, which we cannot read yet. Please "
                "send it as a JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible)."
            )
        what = f"This file is {seen}, not a photo" if seen else "This file is not a photo"
        raise PhotoUnsupported(f"{what} we can take. Please send a JPEG, PNG or WebP photo.")
    claimed = _DECLARED.get((declared_type or "").split(";")[0].strip().lower())
    if claimed is not None and claimed != kind:
        raise PhotoUnsupported(
            f"This file says it is a {claimed} picture but it is a {kind}. "
            "Please send the photo as it came from the camera."
        )
    hidden = containers.hidden_other_kind(data)
    if hidden:
        raise PhotoUnsupported(f"This photo also contains {hidden}, so we cannot take it.")
    try:
        header = containers.read_header(data, kind)
    except containers.Malformed as error:
        raise PhotoUnreadable(f"This photo is damaged ({error}). Please take it again.") from None
    _check_header(header, kind)
    return kind, header


def _check_header(header: containers.Header, kind: str) -> None:
    if header.metadata_bytes > MAX_METADATA_BYTES:
        raise PhotoUnreadable(
            f"This photo carries {_megabytes(header.metadata_bytes, up=True)} of hidden camera "
            f"data; the most we take is {_megabytes(MAX_METADATA_BYTES)}. Please send a "
            "plain photo."
        )
    if header.text_chunks > MAX_PNG_TEXT_CHUNKS:
        raise PhotoUnreadable(
            f"This picture carries {header.text_chunks} hidden text notes; the most we take "
            f"is {MAX_PNG_TEXT_CHUNKS}. Please send a plain photo."
        )
    width, height = header.width, header.height
    pixels = width * height
    most = MAX_PHOTO_PIXELS if kind == containers.JPEG else MAX_FULL_DECODE_PIXELS
    if pixels > most or max(width, height) > MAX_PHOTO_SIDE:
        raise PhotoTooManyPixels(
            f"This photo is {width} x {height} pixels ({pixels / 1e6:.0f} megapixels); the "
            f"most we take is {most // 1_000_000} megapixels and {MAX_PHOTO_SIDE} pixels on "
            "a side. Please send a smaller one."
        )


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except _DECODE_ERRORS:
        return 1  # unreadable EXIF: nothing of it is kept anyway
    return value if isinstance(value, int) else 1


def _decode(
    data: bytes, kind: str, header: containers.Header
) -> tuple[Image.Image, int, bytes | None]:
    """The decoded picture (a JPEG at reduced scale), its orientation and ICC profile."""
    with warnings.catch_warnings():
        # Pillow's own bomb check is a second line behind _check_header's.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[_PLUGIN[kind]])
            if image.format not in _FORMATS[kind] or image.size != (header.width, header.height):
                # Pillow reads the file otherwise than its header says: ambiguous.
                raise PhotoUnsupported(
                    "This photo's format is not what it seems, so we cannot take it."
                )
            orientation = _orientation(image)
            icc = image.info.get("icc_profile") or None
            if kind == containers.JPEG:
                image.draft("RGB", fit(*image.size, DISPLAY_SIDE))
            image.load()
        except PhotoUnsupported:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoTooManyPixels(
                "This photo has far too many pixels for us. Please send a smaller one."
            ) from None
        except _DECODE_ERRORS:
            raise PhotoUnreadable(
                "We could not read this photo: it may be damaged or cut short. "
                "Please take it again."
            ) from None
    return image, orientation, icc


def _normalise(image: Image.Image) -> Image.Image:
    """The picture in RGB, RGBA, CMYK or L: modes the resampler and ImageCms take."""
    if image.mode in ("RGB", "RGBA", "CMYK", "L"):
        return image
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit greyscale: its top 8 bits.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info:
        return image.convert("RGBA")
    return image.convert("RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> tuple[Image.Image, ColourNote]:
    if icc is None:
        return image, "none"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image, "dropped"
    assert converted is not None
    return converted, "converted"


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGBA":
        background = Image.new("RGBA", image.size, (*WHITE, 255))
        return Image.alpha_composite(background, image).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    # Nothing from the source's info (EXIF, comment, ICC, DPI) may reach the encoder:
    # Pillow copies some of it by default.
    image.info.clear()
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, exif=b"", icc_profile=None)
    return buffer.getvalue()


def process_photo(data: bytes, *, declared_type: str | None = None) -> ProcessedPhoto:
    """Check `data` and make its display JPEG and thumbnail; a PhotoRefused if not.

    `declared_type` is what the sender said it was (a Content-Type); it never makes a
    file acceptable, but a photo that claims to be another format is refused."""
    kind, header = _check_container(data, declared_type)
    image, orientation, icc = _decode(data, kind, header)
    with image:
        picture = _normalise(image)
        if picture.mode == "RGBA":
            picture, colour = _to_srgb(picture, icc)
            picture = _flatten(picture)
            display = picture.resize(fit(*picture.size, DISPLAY_SIDE), RESAMPLE)
        else:
            # Colour conversion after the resize: all but the same result, on fewer pixels.
            display = picture.resize(fit(*picture.size, DISPLAY_SIDE), RESAMPLE)
            display, colour = _to_srgb(display, icc)
            display = _flatten(display)
    if orientation in _UPRIGHT:
        display = display.transpose(_UPRIGHT[orientation])
    # reducing_gap: a cheap box reduction first, then bicubic over the last factor 2.
    thumb = display.resize(fit(*display.size, THUMB_SIDE), RESAMPLE, reducing_gap=2.0)
    return ProcessedPhoto(
        display=_jpeg(display, DISPLAY_QUALITY),
        thumb=_jpeg(thumb, THUMB_QUALITY),
        width=display.width,
        height=display.height,
        source_format=kind,
        source_width=header.width,
        source_height=header.height,
        colour=colour,
    )
