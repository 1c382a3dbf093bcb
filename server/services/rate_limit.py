"""Fixed-window rate limits whose counts live in the database, so every worker (and
every hub on one PostgreSQL) shares them (docs/scaling.md: nothing that must be
shared lives in process memory).

A client is a key made by `client_key`: a keyed hash of what identifies it (its
address), so the table never holds a visitor's IP address.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import Connection, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from server.models_jobs import RATE_HIT_TABLE

# Windows older than this are deleted when a new window starts for any key.
KEEP_WINDOWS_MS = 24 * 3600 * 1000


def client_key(purpose: str, client: str, secret: str) -> str:
    """`purpose:` and 32 hex digits of an HMAC of the client's address."""
    digest = hmac.new(secret.encode(), client.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{purpose}:{digest}"


def hit(session: Session, *, key: str, limit: int, window_s: int, now_ms: int) -> bool:
    """Count one request of `key`; True while it is within `limit` per `window_s`.

    One upsert (INSERT .. ON CONFLICT DO UPDATE .. RETURNING), atomic on both engines,
    so concurrent requests from several workers each see their own count. Commits."""
    allowed = count_hit(
        session.connection(), key=key, limit=limit, window_s=window_s, now_ms=now_ms
    )
    session.commit()
    return allowed


def count_hit(connection: Connection, *, key: str, limit: int, window_s: int, now_ms: int) -> bool:
    """`hit` on a connection, in its transaction (the caller commits)."""
    window_ms = now_ms - now_ms % (window_s * 1000)
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(RATE_HIT_TABLE)
        .values(key=key, window_ms=window_ms, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window_ms"],
            set_={"count": RATE_HIT_TABLE.c["count"] + 1},
        )
        .returning(RATE_HIT_TABLE.c["count"])
    )
    count = int(connection.execute(statement).scalar_one())
    if count == 1:
        connection.execute(
            delete(RATE_HIT_TABLE).where(RATE_HIT_TABLE.c.window_ms < now_ms - KEEP_WINDOWS_MS)
        )
    return count <= limit


def retry_after_s(*, window_s: int, now_ms: int) -> int:
    """Whole seconds until the current window ends, when a refused key may try again."""
    window_ms = window_s * 1000
    return max(1, -(-(window_ms - now_ms % window_ms) // 1000))
