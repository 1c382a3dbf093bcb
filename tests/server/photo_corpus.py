"""Photos for the tests, made here from pixels (no binary files in the repository).

A phone-like JPEG carrying every kind of metadata a phone writes, a JPEG reader that
lists the segments of the bytes the hub serves, and the hostile files the hub must
refuse: each with the status it must get.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageCms

from storywall.protocol.limits import MAX_PHOTO_BYTES

RED, GREEN, BLUE, YELLOW = (230, 20, 20), (20, 200, 20), (20, 20, 230), (240, 230, 20)
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-'
    b'rdf-syntax-ns#"><rdf:Description exif:GPSLatitude="51,30.2N"/></rdf:RDF></x:xmpmeta>'
)
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
IPTC = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x5a\x00\x06Londonxx"
COMMENT = b"taken at 14 Elm Street by Sam"
MAKE = "PhoneCo"

# Markers a clean baseline JPEG is made of: SOI, APP0 (JFIF: density only), DQT, SOF0,
# DHT, SOS. No APP1-APP15 (EXIF, XMP, ICC, IPTC, ...) and no COM.
CLEAN_MARKERS = {0xD8, 0xE0, 0xDB, 0xC0, 0xC4, 0xDA}
# What the stored corners look like once upright, per EXIF orientation (EXIF 2.32, 4.6.4):
# top-left, top-right, bottom-left, bottom-right.
UPRIGHT = {
    1: (RED, GREEN, BLUE, YELLOW),
    2: (GREEN, RED, YELLOW, BLUE),  # mirrored
    3: (YELLOW, BLUE, GREEN, RED),  # turned 180
    4: (BLUE, YELLOW, RED, GREEN),  # flipped
    5: (RED, BLUE, GREEN, YELLOW),  # transposed
    6: (BLUE, RED, YELLOW, GREEN),  # turned 90 clockwise
    7: (YELLOW, GREEN, BLUE, RED),  # transversed
    8: (GREEN, YELLOW, RED, BLUE),  # turned 90 anticlockwise
}
SECRETS = [MAKE.encode(), COMMENT, b"xmpmeta", b"Photoshop", b"Exif", b"ICC_PROFILE"]


def corners_of(data: bytes) -> tuple[tuple[int, ...], ...]:
    """The colours near the four corners of an image file: TL, TR, BL, BR."""
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        w, h = rgb.size
        points = (
            (w // 8, h // 8),
            (w * 7 // 8, h // 8),
            (w // 8, h * 7 // 8),
            (w * 7 // 8, h * 7 // 8),
        )
        return tuple(tuple(rgb.getpixel(point)) for point in points)  # type: ignore[arg-type]


def close(actual: tuple[tuple[int, ...], ...], expected: tuple[tuple[int, int, int], ...]) -> bool:
    return all(
        abs(a - e) <= 24
        for got, want in zip(actual, expected, strict=True)
        for a, e in zip(got, want, strict=True)
    )


def assert_clean(data: bytes) -> None:
    """A JPEG with no metadata at all: by its markers, by Pillow, and by its bytes."""
    assert set(jpeg_markers(data)) <= CLEAN_MARKERS, jpeg_markers(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not {"exif", "icc_profile", "comment", "xmp", "photoshop"} & set(image.info)
    for secret in SECRETS:
        assert secret not in data, secret


def corners(width: int, height: int) -> Image.Image:
    """Four coloured quarters, red top-left, green top-right, blue bottom-left, yellow
    bottom-right, so an orientation can be read back from the pixels."""
    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    for box, colour in (
        ((0, 0, half_w, half_h), RED),
        ((half_w, 0, width, half_h), GREEN),
        ((0, half_h, half_w, height), BLUE),
        ((half_w, half_h, width, height), YELLOW),
    ):
        image.paste(colour, box)
    return image


def segment(marker: int, body: bytes) -> bytes:
    """One JPEG marker segment."""
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def insert_segments(jpeg: bytes, segments: list[bytes]) -> bytes:
    """The JPEG with `segments` right after its SOI marker."""
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def jpeg_markers(data: bytes) -> list[int]:
    """Every marker of a JPEG up to its picture data (SOS), in order, read here
    independently of the hub's own reader."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, at = [], 2
    while True:
        assert data[at] == 0xFF, f"no marker at {at}"
        marker = data[at + 1]
        markers.append(marker)
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker == 0xDA:
            return markers
        at += 2 + length


def phone_exif(orientation: int) -> bytes:
    """EXIF as a phone writes it: make, orientation, a date, and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = MAKE
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = "2026:12:01 14:05:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif.tobytes()


def phone_jpeg(width: int = 640, height: int = 480, orientation: int = 6) -> bytes:
    """A photo as a phone's camera leaves it: the corners pattern stored sideways with
    EXIF orientation, GPS, an sRGB ICC profile, XMP, IPTC and a comment."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    corners(width, height).save(
        buffer, format="JPEG", quality=92, exif=phone_exif(orientation), icc_profile=icc
    )
    return insert_segments(
        buffer.getvalue(),
        [segment(0xE1, XMP_HEADER + XMP), segment(0xED, IPTC), segment(0xFE, COMMENT)],
    )


def noisy_jpeg(width: int, height: int, *, seed: int = 7, quality: int = 90) -> bytes:
    """A JPEG with photo-like detail (noise over a gradient) that compresses as photos do."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (64, 48), rng.randbytes(64 * 48 * 3))
    base = small.resize((width, height), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(base, noise, 0.25).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def png(width: int = 64, height: int = 48, mode: str = "RGB") -> bytes:
    """A plain PNG."""
    buffer = io.BytesIO()
    colour = (10, 120, 200, 255) if mode == "RGBA" else (10, 120, 200)
    Image.new(mode, (width, height), colour[: len(mode)]).save(buffer, format="PNG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# -- the hostile corpus ------------------------------------------------------------


def bomb_png(side: int = 30_000, rows: int = 20) -> bytes:
    """A PNG that declares `side` x `side` pixels (30000: 2.7 GB once decoded) and
    holds `rows` rows of them, compressed about a thousand times."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\x00" * (3 * side + 1)
    pixels = b"".join(packer.compress(row) for _ in range(rows)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def quiet_bomb_png() -> bytes:
    """A 190 KB PNG of 8000 x 8000 (192 MB decoded): under Pillow's own bomb limit (89
    megapixels), so only the hub's own limit stands between it and the memory."""
    return bomb_png(8000, rows=8000)


def bomb_jpeg() -> bytes:
    """A small JPEG whose frame header is rewritten to claim 60000 x 60000 pixels."""
    data = bytearray(noisy_jpeg(64, 64))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", 60_000, 60_000)
    return bytes(data)


def text_bomb_png() -> bytes:
    """A PNG with 40 compressed text chunks, each inflating to a megabyte."""
    zeros = zlib.compress(b"a" * 1_000_000, 9)
    texts = b"".join(_png_chunk(b"zTXt", f"k{n}".encode() + b"\x00\x00" + zeros) for n in range(40))
    plain = png()
    return plain[:33] + texts + plain[33:]  # after the signature and IHDR


def zip_polyglot() -> bytes:
    """A real JPEG with a ZIP archive (holding a web page) appended: both at once."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("index.html", "<script>alert(document.cookie)</script>")
    return phone_jpeg(64, 48) + archive.getvalue()


def gif_html_polyglot() -> bytes:
    """A GIF header that is also a web page with a script."""
    return b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=1;<html><script>alert(1)</script></html>"


def script_comment_jpeg() -> bytes:
    """A JPEG whose comment, in its first bytes, is a web page."""
    plain = noisy_jpeg(64, 64)
    return insert_segments(plain, [segment(0xFE, b"<html><script>alert(1)</script></html>")])


def svg() -> bytes:
    """An SVG drawing with a script in it."""
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
    )


def truncated_jpeg() -> bytes:
    """A real photo cut off at 60 % of its bytes."""
    whole = noisy_jpeg(640, 480)
    return whole[: len(whole) * 6 // 10]


def empty() -> bytes:
    """Nothing at all."""
    return b""


def huge() -> bytes:
    """A JPEG start, then one byte more than the limit."""
    return b"\xff\xd8\xff\xe0" + b"\x00" * (MAX_PHOTO_BYTES - 3)


def big_exif_jpeg() -> bytes:
    """A JPEG with 1 MiB of EXIF: 17 APP1 segments of 64 KB each."""
    chunk = b"Exif\x00\x00" + b"\x00" * 65_000
    return insert_segments(noisy_jpeg(64, 64), [segment(0xE1, chunk) for _ in range(17)])


def heic() -> bytes:
    """The start of an iPhone's HEIC file."""
    return struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 64


@dataclass(frozen=True)
class Hostile:
    """A file the hub must refuse, the type it is sent as, and the answer it must get."""

    name: str
    make: Callable[[], bytes]
    declared: str
    status: int


HOSTILE = [
    Hostile("decompression-bomb-png", bomb_png, "image/png", 422),
    Hostile("quiet-decompression-bomb-png", quiet_bomb_png, "image/png", 422),
    Hostile("decompression-bomb-jpeg", bomb_jpeg, "image/jpeg", 422),
    Hostile("png-text-bomb", text_bomb_png, "image/png", 422),
    Hostile("jpeg-zip-polyglot", zip_polyglot, "image/jpeg", 415),
    Hostile("gif-html-polyglot", gif_html_polyglot, "image/jpeg", 415),
    Hostile("jpeg-with-html-comment", script_comment_jpeg, "image/jpeg", 415),
    Hostile("svg", svg, "image/jpeg", 415),
    Hostile("truncated-jpeg", truncated_jpeg, "image/jpeg", 422),
    Hostile("zero-bytes", empty, "image/jpeg", 422),
    Hostile("over-the-byte-limit", huge, "image/jpeg", 413),
    Hostile("png-named-jpeg", png, "image/jpeg", 415),
    Hostile("jpeg-with-1mb-exif", big_exif_jpeg, "image/jpeg", 422),
    Hostile("heic", heic, "image/jpeg", 415),
]
