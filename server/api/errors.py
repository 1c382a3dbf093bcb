"""The bodies of the hub's error answers, as documented models."""

from __future__ import annotations

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
