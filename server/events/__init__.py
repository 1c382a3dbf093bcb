"""One module per type of event; importing the package registers the built-in kinds."""

from server.events import check, doodle, door, dropoff, heartbeat, note, reaction, temperature
from server.events.registry import (
    Derived,
    EventKind,
    Stored,
    anchoring_types,
    kinds,
    register_kind,
    unregister_kind,
)

__all__ = [
    "Derived",
    "EventKind",
    "Stored",
    "anchoring_types",
    "check",
    "doodle",
    "door",
    "dropoff",
    "heartbeat",
    "kinds",
    "note",
    "reaction",
    "register_kind",
    "temperature",
    "unregister_kind",
]
