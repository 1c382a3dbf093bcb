"""Heartbeats on the hub: always taken; a synchronised one anchors its boot's clock."""

from __future__ import annotations

from server.events.registry import EventKind, register_kind
from storywall.protocol import HeartbeatEvent


class HeartbeatKind(EventKind):
    """A kiosk saying it is alive (outbox counts, software version)."""

    model = HeartbeatEvent
    anchors_boot = True


register_kind(HeartbeatKind())
