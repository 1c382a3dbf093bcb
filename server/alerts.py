"""Raise and clear alerts (models_updates.Alert), once per thing they are about.

Inside the caller's transaction; never commits. Raising an alert that is open
changes nothing; clearing one that is not open changes nothing. A thing that goes
wrong again after it was cleared needs a new key (the food-safety rule keys an
excursion by its start), so each episode is its own alert.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from server.models_updates import ALERT_KINDS, ALERT_TABLE
from storywall.protocol.limits import MAX_NAME_CHARS

_ALERT = ALERT_TABLE.c


def raise_alert(
    session: Session, *, site_id: int, kind: str, key: str, message: str, now_ms: int
) -> bool:
    """Open an alert unless one with `key` exists; True when it was new."""
    if kind not in ALERT_KINDS:
        raise ValueError(f"unknown alert kind {kind!r}")
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(ALERT_TABLE)
        .values(
            site_id=site_id,
            kind=kind,
            key=key[:128],
            message=message[:MAX_NAME_CHARS],
            raised_ms=now_ms,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        # RETURNING, not rowcount: psycopg reported a skipped row as written.
        .returning(ALERT_TABLE.c.id)
    )
    return connection.execute(statement).first() is not None


def clear_alert(session: Session, *, key: str, now_ms: int) -> bool:
    """Close the open alert with `key`; True when there was one."""
    result = session.connection().execute(
        update(ALERT_TABLE)
        .where(_ALERT.key == key[:128], _ALERT.cleared_ms.is_(None))
        .values(cleared_ms=now_ms)
    )
    return bool(result.rowcount)
