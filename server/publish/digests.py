"""Alert digests: every alert raised or cleared since the last digest, in one message
per channel, at most one per `alert_digest_minutes`.

An alarm that flaps fifty times in five minutes is one digest listing fifty lines, not
fifty messages. The digest is written to the queue (one row per configured channel)
in the same transaction that marks its alerts told, so a crash either does both or
neither: an alert is never told twice by the hub's choice, nor forgotten. The rate
limit is the newest digest row's age; the publish job's lease keeps two digests from
being made at once. With no
channel configured nothing is marked: the alerts wait for one.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, or_, select, update
from sqlmodel import Session, col
from sqlmodel import select as select_models

from server.models import Site
from server.models_fridge import Fridge
from server.models_outbound import ALERT_CHANNELS, OUTBOUND_TABLE
from server.models_updates import ALERT_TABLE, Alert
from server.publish import render
from server.publish.queue import enqueue

# Alerts listed in one digest; more wait for the next (oldest first).
MAX_DIGEST_ALERTS = 200

_ROW = OUTBOUND_TABLE.c
_ALERT = ALERT_TABLE.c


def enqueue_digest(
    engine: Engine, *, channels: list[str], public_url: str, every_ms: int, now_ms: int
) -> bool:
    """Queue a digest for `channels` if one is due and there is news; True when queued."""
    channels = [name for name in channels if name in ALERT_CHANNELS]
    if not channels:
        return False
    with Session(engine) as session:
        last = (
            session.connection()
            .execute(
                select(func.max(_ROW.created_ms)).where(
                    _ROW.publisher.in_(channels), _ROW.key.startswith("digest:")
                )
            )
            .scalar_one_or_none()
        )
        if last is not None and now_ms - last < every_ms:
            return False
        untold_raise = col(Alert.told_raised_ms).is_(None)
        untold_clear = col(Alert.cleared_ms).is_not(None) & col(Alert.told_cleared_ms).is_(None)
        found = session.exec(
            select_models(Alert, Site)
            .join(Site, col(Site.id) == col(Alert.site_id))
            .where(or_(untold_raise, untold_clear))
            .order_by(col(Alert.raised_ms), col(Alert.id))
            .limit(MAX_DIGEST_ALERTS)
        ).all()
        if not found:
            return False
        fridges = set(session.exec(select_models(Fridge.site_id)).all())
        raised = [
            render.DigestEntry(a, s, s.id in fridges) for a, s in found if a.cleared_ms is None
        ]
        cleared = [
            render.DigestEntry(a, s, s.id in fridges) for a, s in found if a.cleared_ms is not None
        ]
        document = render.digest_document(raised, cleared, now_ms, public_url)
    # Marked by what this digest says: an alert listed as open that is cleared
    # meanwhile stays untold as cleared, and the next digest says so.
    listed = [entry.alert.id for entry in raised + cleared if entry.alert.id is not None]
    listed_cleared = [entry.alert.id for entry in cleared if entry.alert.id is not None]
    with engine.begin() as connection:  # writes only: SQLite locks at the first
        for channel in channels:
            enqueue(
                connection,
                publisher=channel,
                key=f"digest:{now_ms}",
                payload=document,
                now_ms=now_ms,
            )
        connection.execute(
            update(ALERT_TABLE)
            .where(_ALERT.id.in_(listed), _ALERT.told_raised_ms.is_(None))
            .values(told_raised_ms=now_ms)
        )
        connection.execute(
            update(ALERT_TABLE)
            .where(_ALERT.id.in_(listed_cleared), _ALERT.told_cleared_ms.is_(None))
            .values(told_cleared_ms=now_ms)
        )
    return True
