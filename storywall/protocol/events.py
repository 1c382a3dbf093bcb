"""The unit of data: an immutable event born on a kiosk, and the table of event types.

Every event has the same envelope (`Event`); its `type` names the payload model it
carries. Each type is one `Event` subclass, in its own module, registered in one
table with `register_event_type`; parsing goes through a discriminated union built
from that table, so the envelope and the typed payload are checked in one pass and
nothing downstream looks at a dict. Adding a type never touches this module::

    class BellPayload(Payload):
        rings: int

    @register_event_type
    class BellEvent(Event):
        type: Literal["bell"]
        payload: BellPayload
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Final, TypeVar, Union, get_args
from uuid import UUID

from pydantic import (
    AwareDatetime,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    ValidationError,
    model_serializer,
)

from storywall.protocol.fields import BootId, Slug
from storywall.protocol.limits import MAX_MONO_MS, MAX_PAYLOAD_BYTES, MAX_SEQ
from storywall.protocol.wire import WireModel, first_error

EVENT_SCHEMA_VERSION: Final = 1


class EventType(StrEnum):
    """The types protocol v1 started with; later types register their own names."""

    REACTION = "reaction"
    HEARTBEAT = "heartbeat"


class Payload(WireModel):
    """What an event of one type carries; every type's payload model derives from this.

    A field left at a default of None or False is not written: a reaction to an
    emoji prompt travels without `"option": null, "play": false`, and a payload
    written before such a field existed reads the same as one written after."""

    @model_serializer(mode="wrap")
    def _without_absent(self, write: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = write(self)
        fields = type(self).model_fields
        return {
            key: value
            for key, value in data.items()
            if not (
                key in fields and (value is None or value is False) and fields[key].default is value
            )
        }


class Event(WireModel):
    """The envelope every event carries (see docs/protocol.md, "Events").

    Subclasses narrow `type` to a literal and `payload` to their payload model."""

    v: Annotated[int, Field(ge=EVENT_SCHEMA_VERSION, le=EVENT_SCHEMA_VERSION)]
    id: UUID
    kiosk_id: Slug
    boot_id: BootId
    seq: Annotated[int, Field(ge=1, le=MAX_SEQ)]
    mono_ms: Annotated[int, Field(ge=0, le=MAX_MONO_MS)]
    wall_time: AwareDatetime
    clock_synced: bool
    type: str
    payload: Payload


E = TypeVar("E", bound=type[Event])

_EVENT_MODELS: dict[str, type[Event]] = {}
_generation = 0  # bumped by every change to the table, so cached parsers are rebuilt


def type_name_of(model: type[Event]) -> str:
    """The wire name of an event model: the one value of its `type` literal."""
    annotation = model.model_fields["type"].annotation
    names = get_args(annotation)
    if len(names) != 1 or not isinstance(names[0], str):
        raise TypeError(f"{model.__name__}.type must be a Literal of one name")
    return str(names[0])


def register_event_type(model: E) -> E:
    """Add an event type to the table (a class decorator); its name is its `type` literal."""
    global _generation
    name = type_name_of(model)
    held = _EVENT_MODELS.get(name)
    if held is not None and held is not model:
        raise ValueError(f"event type {name!r} is already registered by {held.__name__}")
    _EVENT_MODELS[name] = model
    _generation += 1
    return model


def unregister_event_type(name: str) -> None:
    """Remove a type from the table (for tests that add one of their own)."""
    global _generation
    _EVENT_MODELS.pop(name, None)
    _generation += 1


def registry_generation() -> int:
    """A number that changes whenever the table does (parsers built from it are cached by it)."""
    return _generation


def event_models() -> Mapping[str, type[Event]]:
    """Every registered type name with its event model."""
    return dict(_EVENT_MODELS)


def event_model(name: str) -> type[Event]:
    """The event model of a registered type; KeyError naming the known types otherwise."""
    try:
        return _EVENT_MODELS[name]
    except KeyError:
        raise KeyError(f"unknown event type {name!r}; known: {', '.join(_EVENT_MODELS)}") from None


def payload_model(name: str) -> type[Payload]:
    """The payload model of a registered type."""
    payload: type[Payload] = event_model(name).model_fields["payload"].annotation  # type: ignore[assignment]
    return payload


def any_event_type() -> Any:
    """The discriminated union of every registered event model, keyed by `type`."""
    return _any_event_type(_generation)


@lru_cache(maxsize=1)
def _any_event_type(_generation: int) -> Any:
    models = tuple(_EVENT_MODELS.values())
    if not models:
        raise LookupError("no event type is registered")
    if len(models) == 1:
        return models[0]
    # A tuple only known at run time cannot be written with |.
    return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007


def event_adapter() -> TypeAdapter[Event]:
    """Validates one event of any registered type (strict; use validate_json)."""
    return _event_adapter(_generation)


@lru_cache(maxsize=1)
def _event_adapter(_generation: int) -> TypeAdapter[Event]:
    return TypeAdapter(any_event_type())


# The size check's encoder, built once (json.dumps builds one per call when given
# `default`). Its output is what json.dumps(payload, default=str) returns.
_SIZE_ENCODER = json.JSONEncoder(default=str)


# json.dumps writes at most 12 characters per character of compact JSON: an astral
# character becomes a surrogate pair of escapes (12), a separator gains one space.
_MAX_EXPANSION = 12


def payload_too_large(payload: object) -> bool:
    """True when the payload's JSON (as json.dumps writes it) exceeds the limit.

    The one measure of a payload's size: the hub refuses by it, a kiosk checks it
    before recording, so nothing a kiosk records is refused for its size."""
    if isinstance(payload, Payload):
        return compact_payload_too_large(payload.model_dump_json(), payload)
    return len(_SIZE_ENCODER.encode(payload)) > MAX_PAYLOAD_BYTES


def compact_payload_too_large(compact_json: str, payload: Payload) -> bool:
    """`payload_too_large` for a payload whose compact JSON is at hand."""
    if _MAX_EXPANSION * len(compact_json) <= MAX_PAYLOAD_BYTES:
        return False  # the common case: far below the limit, no second encoding
    return len(_SIZE_ENCODER.encode(payload.model_dump(mode="json"))) > MAX_PAYLOAD_BYTES


_MAX_NAME_SHOWN = 32


def rejection_reason(raw: object) -> str:
    """Why an untrusted event that is not valid as any registered type is refused.

    One line, `"field: what is wrong"`, with the same strict rules as the wire."""
    if not isinstance(raw, dict):
        return "event: must be a JSON object"
    payload = raw.get("payload")
    if payload is not None and payload_too_large(payload):
        return f"payload: larger than {MAX_PAYLOAD_BYTES} bytes"
    if "type" not in raw:
        return "type: missing"
    name = raw["type"]
    if not isinstance(name, str) or name not in _EVENT_MODELS:
        # Named back only when short: a reason never echoes much of the input.
        shown = repr(name) if isinstance(name, str) and len(name) <= _MAX_NAME_SHOWN else "it"
        return f"type: unknown event type {shown}; known: {', '.join(_EVENT_MODELS)}"
    try:
        # Through JSON text, as it came: strict mode reads ids and times from text.
        _EVENT_MODELS[name].model_validate_json(json.dumps(raw))
    except ValidationError as error:
        return first_error(error)
    except (TypeError, ValueError) as error:  # pragma: no cover - raw came from JSON
        return f"event: {error}"
    return "event: not valid"  # pragma: no cover - only invalid events are asked about
