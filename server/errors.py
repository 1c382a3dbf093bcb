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


class RateLimited(HubError):
    """Too many requests from one client in the current window; retry after `retry_after_s`."""

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


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


class PhotoRefused(HubError):
    """A photo the hub will not take; the message is fit for a volunteer's phone screen.

    `status` is the HTTP answer it maps to, for pages that show the message themselves
    (the drop-off form) rather than answering JSON."""

    status = 422


class PhotoTooLarge(PhotoRefused, TooLarge):
    """More bytes than MAX_PHOTO_BYTES."""

    status = 413


class PhotoUnsupported(PhotoRefused, UnsupportedMedia):
    """Not a JPEG, PNG or WebP by its content, or not the type it claims to be."""

    status = 415


class PhotoUnreadable(PhotoRefused, InvalidInput):
    """A photo's bytes that do not decode whole (empty, truncated, corrupt, bloated)."""

    status = 422


class PhotoTooManyPixels(PhotoUnreadable):
    """More pixels, or a longer side, than the hub decodes."""
