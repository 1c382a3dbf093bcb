"""A public form's body, read as it streams and never past its bounds.

Starlette's `request.form()` reads a whole upload (spooling it to disk) before the
route sees a field, and the hub's body limit answers a big one with JSON. The
drop-off form must instead answer a too-large photo on the form itself, with what
was typed kept, and without taking in the rest of the photo: so it reads the body
here, part by part. Browsers send the parts in the page's order, and the photo's
input is the form's last field, so the typed fields have arrived by the time the
photo begins.

- A body declared larger than the form may be (Content-Length) is read only up to
  the photo's first byte: the fields are kept, the photo is known to be too large.
- A photo that grows past its limit as it streams stops the reading there.
- Text fields are cut at MAX_FIELD_BYTES (a field's check then says it is too long);
  more than MAX_PARTS parts, a body over the photo's limit and FIELDS_ALLOWANCE
  whatever it holds, or a body that is not a form, is FormUnreadable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from server.errors import HubError

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

MAX_FIELD_BYTES = 2048
MAX_PARTS = 100
# An url-encoded post (no photo) of this form is a few hundred bytes.
MAX_URLENCODED_BYTES = 64 * 1024
# Room for the typed fields and the multipart framing, beyond the photo itself.
FIELDS_ALLOWANCE = MAX_PARTS * (MAX_FIELD_BYTES + 256)


class FormUnreadable(HubError):
    """A post that is not a form this hub can read (wrong type, broken, too many parts)."""


@dataclass
class FormBody:
    """What a form post carried: its text fields (each name's values in order) and the
    file of `file_field`, if one was chosen."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    file: bytes | None = None
    file_type: str | None = None
    # The file was larger than allowed; `file` is None and the body was left unread.
    file_too_large: bool = False

    def first(self, name: str) -> str:
        """The first value sent for `name`, or ""."""
        values = self.fields.get(name)
        return values[0] if values else ""


class _Stop(Exception):
    """Raised from a parser callback: nothing more of the body is wanted."""


async def read_form(request: Request, *, file_field: str, max_file_bytes: int) -> FormBody:
    """The post's fields and its one file, read bounded (module docstring)."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type == b"application/x-www-form-urlencoded":
        return await _urlencoded(request)
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise FormUnreadable("send the form from its page (multipart/form-data)")
    declared = request.headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > max_file_bytes + FIELDS_ALLOWANCE
    reader = _Parts(file_field, max_file_bytes, stop_at_file=too_large)
    try:
        parser = MultipartParser(boundary, reader.callbacks())
    except (FormParserError, ValueError):
        raise FormUnreadable("the form's body is damaged; send it again") from None
    most = max_file_bytes + FIELDS_ALLOWANCE
    taken = 0
    try:
        async for chunk in _chunks(request):
            parser.write(chunk)  # a photo over its limit stops here, answered on the form
            taken += len(chunk)
            if taken > most:  # fields cut short or files not kept still cost bandwidth
                raise FormUnreadable(f"the form is larger than {most // (1024 * 1024)} MB")
        parser.finalize()
    except _Stop:
        pass
    except FormParserError:
        raise FormUnreadable("the form's body is damaged; send it again") from None
    return reader.body


async def _chunks(request: Request) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        if chunk:
            yield chunk


async def _urlencoded(request: Request) -> FormBody:
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_URLENCODED_BYTES:
            raise FormUnreadable("the form is too long")
    body = FormBody()
    try:
        pairs = parse_qsl(
            data.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_PARTS
        )
    except ValueError:
        raise FormUnreadable("the form has too many fields") from None
    for name, value in pairs:
        body.fields.setdefault(name, []).append(value[:MAX_FIELD_BYTES])
    return body


class _Parts:
    """python-multipart's callbacks, collecting fields and the one file."""

    def __init__(self, file_field: str, max_file_bytes: int, *, stop_at_file: bool) -> None:
        self.body = FormBody()
        self.file_field = file_field
        self.max_file_bytes = max_file_bytes
        self.stop_at_file = stop_at_file
        self.parts = 0
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._is_file = False
        self._data = bytearray()

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value_data,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise FormUnreadable("the form has too many fields")
        self._headers = {}
        self._data = bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[bytes(self._header_name).lower()] = bytes(self._header_value)
        self._header_name = bytearray()
        self._header_value = bytearray()

    def _headers_finished(self) -> None:
        _kind, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        self._is_file = b"filename" in options
        if self._is_file and self._name == self.file_field and self.stop_at_file:
            self.body.file_too_large = True
            raise _Stop

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        piece = data[start:end]
        if self._is_file:
            if self._name != self.file_field:
                return  # a file the form does not have: not kept
            self._data += piece
            if len(self._data) > self.max_file_bytes:
                self.body.file_too_large = True
                self._data = bytearray()
                raise _Stop
        else:
            self._data += piece[: MAX_FIELD_BYTES - len(self._data)]

    def _part_end(self) -> None:
        if self._is_file:
            # A file input left empty still sends a part, with no filename and no bytes.
            if self._name == self.file_field and self._data:
                self.body.file = bytes(self._data)
                content_type = self._headers.get(b"content-type", b"")
                self.body.file_type = content_type.decode("latin-1")[:100] or None
        else:
            value = bytes(self._data).decode("utf-8", "replace")
            self.body.fields.setdefault(self._name, []).append(value)
        self._data = bytearray()
