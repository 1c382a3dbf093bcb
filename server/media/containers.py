"""What a photo's bytes are, read from the bytes alone, before Pillow sees them.

The format comes from the first bytes (never from a file name or a declared type);
a file that is also another kind of file (a JPEG with a ZIP appended, a comment that
is an HTML page) is found here; and the size a header declares, and the metadata
carried before the picture, are read without decoding anything.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

JPEG, PNG, WEBP = "JPEG", "PNG", "WEBP"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# ISO base media brands of HEIC/HEIF and AVIF (what an iPhone's camera writes).
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
# Other things people send instead of a photo, named so the message can say what it saw.
_OTHER_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF"),
    (b"GIF89a", "a GIF"),
    (b"BM", "a BMP picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
)
_MARKUP = re.compile(rb"\s*(<\?xml|<svg|<!doctype|<html)", re.IGNORECASE)
# Markup or a PDF header where a browser or PDF reader looks for one (the first KiB).
_ALSO_MARKUP = re.compile(rb"<(?:html|script|svg|body|iframe|\?php)|%PDF-", re.IGNORECASE)
_HEAD_BYTES = 1024

# JPEG markers without a length field (SOI, EOI, RSTn, TEM).
_STANDALONE = {0xD8, 0xD9, 0x01, *range(0xD0, 0xD8)}
_SOS = 0xDA
_COM = 0xFE
_APP0, _APP15 = 0xE0, 0xEF
# Start of frame: baseline, extended, progressive, lossless, hierarchical, arithmetic.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_PNG_METADATA = {b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf"}
_PNG_TEXT = {b"tEXt", b"zTXt", b"iTXt"}


class Malformed(ValueError):
    """The container's structure is broken where it is read here."""


def sniff(data: bytes) -> str | None:
    """JPEG, PNG or WEBP when the bytes start as one; None for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == _PNG_SIGNATURE:
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def describe_other(data: bytes) -> str:
    """What a file that is not a photo we take looks like, in words ("" if unknown)."""
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIC"
    for magic, words in _OTHER_KINDS:
        if data.startswith(magic):
            return words
    if _MARKUP.match(data[:_HEAD_BYTES]):
        return "a web page or SVG drawing"
    return ""


def hidden_other_kind(data: bytes) -> str:
    """What else the file is, when it is also an archive or markup ("" when not)."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        return "a ZIP archive"
    if _ALSO_MARKUP.search(data[:_HEAD_BYTES]):
        return "a web page or document"
    return ""


@dataclass(frozen=True)
class Header:
    """What a photo's header declares: its stored size, the bytes of metadata it
    carries before the picture, and (PNG) how many of those are text chunks, each of
    which may inflate up to Pillow's MAX_TEXT_CHUNK."""

    width: int
    height: int
    metadata_bytes: int
    text_chunks: int = 0


def read_header(data: bytes, kind: str) -> Header:
    """The header of a JPEG, PNG or WEBP (as `sniff` named it); Malformed if broken."""
    try:
        reader = {JPEG: _jpeg_header, PNG: _png_header, WEBP: _webp_header}[kind]
        header = reader(data)
    except struct.error:
        raise Malformed(f"the {kind} header is cut short") from None
    if header.width < 1 or header.height < 1:
        raise Malformed(f"the {kind} declares {header.width} x {header.height} pixels")
    return header


def _jpeg_header(data: bytes) -> Header:
    metadata = 0
    size: tuple[int, int] | None = None
    at = 2  # after SOI
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise Malformed(f"no JPEG marker at byte {at}")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        (length,) = struct.unpack_from(">H", data, at + 2)
        if length < 2:
            raise Malformed(f"a JPEG segment of length {length}")
        if marker == _SOS:
            if size is None:
                raise Malformed("the JPEG has no frame header")
            return Header(size[0], size[1], metadata)
        if marker in _SOF:
            height, width = struct.unpack_from(">HH", data, at + 5)
            size = (width, height)
        elif _APP0 <= marker <= _APP15 or marker == _COM:
            metadata += length
        at += 2 + length
    raise Malformed("the JPEG ends before its picture data")


def _png_header(data: bytes) -> Header:
    width, height = struct.unpack_from(">II", data, 16)  # IHDR, always first
    total = texts = 0
    at = len(_PNG_SIGNATURE)
    while at + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        if kind == b"IDAT":
            return Header(width, height, total, texts)
        if kind in _PNG_METADATA:
            total += length
            texts += kind in _PNG_TEXT
        at += 12 + length  # length, type, data, CRC
    raise Malformed("the PNG ends before its picture data")


def _webp_header(data: bytes) -> Header:
    size: tuple[int, int] | None = None
    metadata = 0
    at = 12  # after RIFF, its length and WEBP
    while at + 8 <= len(data):
        kind, length = struct.unpack_from("<4sI", data, at)
        body = at + 8
        if kind == b"VP8X":
            w, h = (int.from_bytes(data[body + o : body + o + 3], "little") + 1 for o in (4, 7))
            size = size or (w, h)
        elif kind == b"VP8 " and size is None:
            w, h = struct.unpack_from("<HH", data, body + 6)
            size = (w & 0x3FFF, h & 0x3FFF)
        elif kind == b"VP8L" and size is None:
            (bits,) = struct.unpack_from("<I", data, body + 1)
            size = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        elif kind in (b"EXIF", b"XMP ", b"ICCP"):
            metadata += length
        at = body + length + (length & 1)  # chunks are padded to an even length
    if size is None:
        raise Malformed("the WebP has no picture")
    return Header(size[0], size[1], metadata)
