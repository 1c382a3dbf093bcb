"""A kiosk's push, from the body's bytes to the answer's bytes (docs/protocol.md, "Push").

The body is read once by the protocol's strict parser (no dict per valid event)
and the answer is written once, without a model per result: the route in
server/api/events.py only moves bytes and maps errors to status codes.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session

from server.errors import InvalidEnvelope, UnreadableBody, UnsupportedMedia
from server.models import Kiosk
from server.services.ingest import ingest_batch
from storywall.protocol import ParsedPush, parse_push

_BOM = b"\xef\xbb\xbf"


def read_push(body: bytes, content_type: str | None = "application/json") -> ParsedPush:
    """Parse a push body; UnsupportedMedia (415), UnreadableBody (400) or InvalidEnvelope
    (422) when it is wrong."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json":
        raise UnsupportedMedia("send the push as Content-Type: application/json")
    if body.startswith(_BOM):
        raise UnreadableBody("the body starts with a byte-order mark; send UTF-8 JSON without one")
    try:
        return parse_push(body)
    except ValidationError as error:
        errors = error.errors(include_url=False, include_input=False, include_context=False)
        if errors and errors[0]["type"] == "json_invalid":
            raise UnreadableBody(_unreadable(body, str(errors[0]["msg"]))) from None
        # Worded for the answer by the app's one 422 writer, as FastAPI's own are.
        raise InvalidEnvelope(
            [{**item, "loc": ("body", *item["loc"])} for item in errors]
        ) from None


def _unreadable(body: bytes, message: str) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"the body is not UTF-8 (byte {error.start}); send UTF-8 JSON"
    return f"the body is not JSON: {message.removeprefix('Invalid JSON: ')}"


def receive_push(
    session: Session, *, kiosk: Kiosk, body: bytes, content_type: str | None, received_ms: int
) -> bytes:
    """Store what a push holds and return the 200 answer's JSON."""
    push = read_push(body, content_type)
    return ingest_batch(session, kiosk=kiosk, push=push, received_ms=received_ms).to_json()
