"""Write a public update about a fridge, once per thing it is about.

Called inside the caller's transaction (a push's follow-up, a job's run); it never
commits. The same `key` again changes nothing, so a job that runs twice over the same
history, or a replayed push, never writes an update twice.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from server.models_updates import FRIDGE_UPDATE_TABLE, MAX_UPDATE_BODY_CHARS, UPDATE_KINDS
from storywall.protocol.limits import MAX_NAME_CHARS


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
    if kind not in UPDATE_KINDS:
        raise ValueError(f"unknown update kind {kind!r}")
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(FRIDGE_UPDATE_TABLE)
        .values(
            site_id=site_id,
            kind=kind,
            key=key[:128],
            occurred_ms=occurred_ms,
            created_ms=now_ms,
            title=title[:MAX_NAME_CHARS],
            body=body[:MAX_UPDATE_BODY_CHARS],
            event_id=event_id,
            photo=photo,
            news=news,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        # RETURNING, not rowcount: psycopg reported a skipped row as written.
        .returning(FRIDGE_UPDATE_TABLE.c.id)
    )
    return connection.execute(statement).first() is not None
