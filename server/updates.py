"""Write a public update about a fridge, once per thing it is about.

Called inside the caller's transaction (a push's follow-up, a job's run); it never
commits. The same `key` again changes nothing, so a job that runs twice over the same
history, or a replayed push, never writes an update twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from server.models_updates import FRIDGE_UPDATE_TABLE, MAX_UPDATE_BODY_CHARS, UPDATE_KINDS
from storywall.protocol.limits import MAX_NAME_CHARS

ROWS_PER_INSERT = 500


def record_update(
    session: Session,
    *,
    site_id: int,
    kind: str,
    key: str,
    occurred_ms: int,
    now_ms: int,
    title: str,
    body: str = "",
    event_id: str | None = None,
    photo: str | None = None,
    news: bool = True,
) -> bool:
    """Add the update unless one with `key` exists; True when it was new."""
    update = NewUpdate(
        site_id=site_id,
        kind=kind,
        key=key,
        occurred_ms=occurred_ms,
        title=title,
        body=body,
        event_id=event_id,
        photo=photo,
        news=news,
    )
    return record_updates(session, [update], now_ms=now_ms) == 1


class NewUpdate(NamedTuple):
    """One update for `record_updates`: record_update's arguments, without `now_ms`."""

    site_id: int
    kind: str
    key: str
    occurred_ms: int
    title: str
    body: str = ""
    event_id: str | None = None
    photo: str | None = None
    news: bool = True


def record_updates(session: Session, updates: Sequence[NewUpdate], *, now_ms: int) -> int:
    """Add many updates in one statement (a push's follow-up writes one per event),
    each unless its key exists; how many were new."""
    if not updates:
        return 0
    for update in updates:
        if update.kind not in UPDATE_KINDS:
            raise ValueError(f"unknown update kind {update.kind!r}")
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    rows = [
        {
            "site_id": update.site_id,
            "kind": update.kind,
            "key": update.key[:128],
            "occurred_ms": update.occurred_ms,
            "created_ms": now_ms,
            "title": update.title[:MAX_NAME_CHARS],
            "body": update.body[:MAX_UPDATE_BODY_CHARS],
            "event_id": update.event_id,
            "photo": update.photo,
            "news": update.news,
        }
        for update in updates
    ]
    written = 0
    # Bounded statements: 500 rows of 10 values stay far below SQLite's 32,766 parameters.
    for start in range(0, len(rows), ROWS_PER_INSERT):
        statement = (
            insert(FRIDGE_UPDATE_TABLE)
            .values(rows[start : start + ROWS_PER_INSERT])
            .on_conflict_do_nothing(index_elements=["key"])
            # RETURNING, not rowcount: psycopg reported a skipped row as written.
            .returning(FRIDGE_UPDATE_TABLE.c.id)
        )
        written += len(connection.execute(statement).all())
    return written
