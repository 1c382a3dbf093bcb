"""A kiosk's push, from the body's bytes to the answer's bytes (docs/protocol.md, "Push").

The body is read once by the protocol's strict parser (no dict per valid event)
and the answer is written once, without a model per result: the route in
server/api/events.py only moves bytes and maps errors to status codes.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session

from server.errors import InvalidEnvelope, UnreadableBody
from server.models import Kiosk
from server.services.ingest import ingest_batch
from storywall.protocol import ParsedPush, parse_push

# The detail of a 422 names what is wrong; it never echoes the input (up to 1 MiB).
MAX_REPORTED_ERRORS = 10
_BOM = b"\xef\xbb\xbf"


def read_push(body: bytes) -> ParsedPush:
    """Parse a push body; UnreadableBody (400) or InvalidEnvelope (422) when it is wrong."""
    if body.startswith(_BOM):
        raise UnreadableBody("the body starts with a byte-order mark; send UTF-8 JSON without one")
    try:
        return parse_push(body)
    except ValidationError as error:
        errors = error.errors(include_url=False, include_input=False, include_context=False)
        if errors and errors[0]["type"] == "json_invalid":
            raise UnreadableBody(_unreadable(body, str(errors[0]["msg"]))) from None
        raise InvalidEnvelope(
            [
                {"loc": ["body", *errors_loc], "msg": item["msg"], "type": item["type"]}
                for item in errors[:MAX_REPORTED_ERRORS]
                for errors_loc in [list(item["loc"])]
            ]
        ) from None


def _unreadable(body: bytes, message: str) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"the body is not UTF-8 (byte {error.start}); send UTF-8 JSON"
    return f"the body is not JSON: {message.removeprefix('Invalid JSON: ')}"


def receive_push(session: Session, *, kiosk: Kiosk, body: bytes, received_ms: int) -> bytes:
    """Store what a push holds and return the 200 answer's JSON."""
    push = read_push(body)
    return ingest_batch(session, kiosk=kiosk, push=push, received_ms=received_ms).to_json()
