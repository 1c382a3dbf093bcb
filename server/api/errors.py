"""The bodies of the hub's error answers, as documented models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorBody(BaseModel):
    """Every error but 422: one human-readable line."""

    detail: str


class ErrorItem(BaseModel):
    """One thing wrong with a request: where (`loc`), what (`msg`) and its kind (`type`)."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(BaseModel):
    """A 422: what is wrong with the request, at most ten items; the input is not echoed."""

    detail: list[ErrorItem]


# Every route a kiosk token opens may answer this (server/api/deps.py, docs/fleet.md).
RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorBody,
        "description": "More requests from this kiosk in the current minute than the hub's "
        "`kiosk_requests_per_minute`; retry after `Retry-After` seconds.",
        "headers": {
            "Retry-After": {
                "description": "Seconds until the kiosk may try again.",
                "schema": {"type": "integer"},
            }
        },
    }
}
