"""One module per type of event; importing the package registers the built-in kinds."""

from server.events import doodle, heartbeat, note, reaction
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
    "heartbeat",
    "kinds",
    "note",
    "reaction",
    "register_kind",
    "unregister_kind",
]
