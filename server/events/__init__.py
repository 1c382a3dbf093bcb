"""One module per type of event; importing the package registers the built-in kinds."""

from server.events import doodle, door, heartbeat, note, reaction, temperature
from server.events.registry import (
    Derived,
    EventKind,
    anchoring_types,
    kinds,
    register_kind,
    unregister_kind,
)

__all__ = [
    "Derived",
    "EventKind",
    "anchoring_types",
    "doodle",
    "door",
    "heartbeat",
    "kinds",
    "note",
    "reaction",
    "register_kind",
    "temperature",
    "unregister_kind",
]
