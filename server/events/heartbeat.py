"""Heartbeats on the hub: always taken; a synchronised one anchors its boot's clock, and
the newest one of each kiosk is kept as its health (server/events/kiosk_health.py)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from server.events.kiosk_health import record_heartbeats
from server.events.registry import EventKind, Stored, register_kind
from server.models import Kiosk
from storywall.protocol import HeartbeatEvent


class HeartbeatKind(EventKind):
    """A kiosk saying it is alive (outbox counts, software version, temperature, disk)."""

    model = HeartbeatEvent
    anchors_boot = True
    follows_up = True

    def after_store(
        self, session: Session, kiosk: Kiosk, stored: Sequence[Stored], now_ms: int
    ) -> None:
        """The push's newest heartbeat becomes the kiosk's health, unless it is older."""
        record_heartbeats(session, kiosk_id=kiosk.id, stored=stored, received_ms=now_ms)


register_kind(HeartbeatKind())
