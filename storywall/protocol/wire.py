"""What every model on the wire shares: strict checking and one way to say what is wrong.

Strict means a value must already have its JSON type: `"seq": "7"`, `"seq": true`
and `"clock_synced": "yes"` are refused instead of coerced, and a time must be
RFC 3339 text, not a number. Parsed from JSON (`model_validate_json`), strict mode
still reads UUIDs and datetimes from their text, which is their wire form.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError


class WireModel(BaseModel):
    """A model kiosks and the hub exchange: strict types, no unknown fields, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def first_error(error: ValidationError) -> str:
    """`"where: what"` for the first error."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "event"
    return f"{where}: {first['msg']}"
