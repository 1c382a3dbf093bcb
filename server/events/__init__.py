"""One module per type of event; importing the package registers the built-in kinds."""

from server.events import heartbeat, reaction
from server.events.registry import (
    Derived,
    EventKind,
    anchoring_types,
    kind_of,
    kinds,
    register_kind,
    unregister_kind,
)

__all__ = [
    "Derived",
    "EventKind",
    "anchoring_types",
    "heartbeat",
    "kind_of",
    "kinds",
    "reaction",
    "register_kind",
    "unregister_kind",
]
