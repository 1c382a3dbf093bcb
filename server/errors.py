"""The hub's exceptions: one hierarchy, so callers can catch `HubError` and map it."""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """Something the hub refuses to do, with a message fit to show an operator."""


class NotFound(HubError):
    """The named site, kiosk or prompt does not exist."""


class AlreadyExists(HubError):
    """A site or kiosk with that identifier already exists."""


class InvalidInput(HubError):
    """A value is malformed or out of range (slug, time zone, prompt, emoji)."""


class RetryLater(HubError):
    """The hub could not finish the request now; the client should retry with back-off."""


class UnreadableBody(HubError):
    """The request body is not UTF-8 JSON (or starts with a byte-order mark)."""


class UnsupportedMedia(HubError):
    """The request body is not of a type the route takes (JSON for a push, PNG media)."""


class TooLarge(HubError):
    """The request body is larger than what this kind of request may carry."""


class HashMismatch(HubError):
    """Uploaded bytes whose SHA-256 is not the one their address names."""


class InvalidEnvelope(HubError):
    """The body is JSON but not the expected shape; `errors` (pydantic's, with `loc`
    starting at "body") say where and what."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("the request body is malformed")
        self.errors = errors
