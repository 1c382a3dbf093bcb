"""The sign-in's lock-out: failed sign-ins counted per e-mail address in the database,
so every worker (and every hub on one PostgreSQL) counts together.

An address is counted whether or not an account has it: a locked address answers
the same either way, so the lock tells nobody which addresses exist. After
`lock_after` failures, each within `lock_ms` of the last, the address is locked for
`lock_ms`; then it has `lock_after` tries again. A successful sign-in clears it.
The table holds a keyed hash of the address, never the address. The per-client
limit on sign-in posts is the shared rate_hit counter (server/services/rate_limit.py).
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from server.models_accounts import LOGIN_FAILURE_TABLE

_TABLE = LOGIN_FAILURE_TABLE


def address_key(email: str, secret: str) -> str:
    """64 hex digits: an HMAC of the address as typed, trimmed and lower-cased."""
    address = email.strip().lower()
    return hmac.new(
        secret.encode(), address.encode("utf-8", "surrogatepass"), hashlib.sha256
    ).hexdigest()


def locked_until(session: Session, *, key: str, now_ms: int) -> int | None:
    """When the address may try again, while it is locked; None when it may now."""
    row = (
        session.connection()
        .execute(_TABLE.select().where(_TABLE.c.key == key, _TABLE.c.locked_until_ms > now_ms))
        .first()
    )
    return None if row is None else int(row.locked_until_ms)


def record_failure(
    session: Session, *, key: str, now_ms: int, lock_after: int, lock_ms: int
) -> int | None:
    """Count one failed sign-in; when it locks the address, until when. Commits.

    One upsert (atomic on both engines) counts it, so failures from several workers
    at once are each counted; a failure long after the last one starts again at 1."""
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    fresh = _TABLE.c.last_failure_ms < now_ms - lock_ms
    statement = (
        insert(_TABLE)
        .values(key=key, failures=1, last_failure_ms=now_ms, locked_until_ms=None)
        .on_conflict_do_update(
            index_elements=["key"],
            set_={
                "failures": case((fresh, 1), else_=_TABLE.c.failures + 1),
                "last_failure_ms": now_ms,
            },
        )
        .returning(_TABLE.c.failures)
    )
    failures = int(connection.execute(statement).scalar_one())
    until = None
    if failures >= lock_after:
        until = now_ms + lock_ms
        connection.execute(
            update(_TABLE).where(_TABLE.c.key == key).values(failures=0, locked_until_ms=until)
        )
    # Rows of addresses nobody has tried for a day go.
    connection.execute(delete(_TABLE).where(_TABLE.c.last_failure_ms < now_ms - 86_400_000))
    session.commit()
    return until


def clear(session: Session, *, key: str) -> None:
    """Forget an address's failures (after it signed in). Commits."""
    session.connection().execute(delete(_TABLE).where(_TABLE.c.key == key))
    session.commit()
