"""The outbound queue's operations: enqueue once, claim with a lease, settle.

Every operation is one short transaction; none is open while a publisher is called.
A row is claimed by one conditional UPDATE (due, unsettled, no live lease), so two
processes never send the same row at once; a process that dies mid-send leaves a
lease that runs out, and the row is sent again (at least once: the receiver drops the
repeat by its Idempotency-Key).

Retries back off exponentially from RETRY_BASE_MS to RETRY_CAP_MS with jitter (so
rows that failed together do not retry together); a row still undelivered
GIVE_UP_AFTER_MS after it was written, or refused for good, is marked failed and
stays in the table, with its last error, for an operator to see.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, and_, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.models_outbound import MAX_ERROR_CHARS, OUTBOUND_TABLE

_ROW = OUTBOUND_TABLE.c

RETRY_BASE_MS = 30_000
RETRY_CAP_MS = 3_600_000
GIVE_UP_AFTER_MS = 3 * 86_400_000
# How long a settled row is kept (for `storywall admin outbound list` and the logs'
# questions). Longer than news.NEWS_MAX_AGE_MS by far: an update whose row is pruned
# is too old to be queued again.
KEEP_SETTLED_MS = 30 * 86_400_000
# How long a claim holds: longer than one send can take (each network step times out
# after 10 s; a send has a handful), short enough that a crash delays a post little.
LEASE_MS = 120_000


def enqueue(
    connection: Connection,
    *,
    publisher: str,
    key: str,
    payload: dict[str, object],
    now_ms: int,
    update_id: int | None = None,
) -> bool:
    """Add a row unless (publisher, key) is queued already; True when it was new."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(OUTBOUND_TABLE)
        .values(
            publisher=publisher,
            key=key,
            update_id=update_id,
            payload=payload,
            created_ms=now_ms,
            attempts=0,
            next_try_ms=now_ms,
        )
        .on_conflict_do_nothing(index_elements=["publisher", "key"])
    )
    return bool(connection.execute(statement).rowcount)


def enqueue_many(connection: Connection, rows: list[dict[str, object]], *, now_ms: int) -> int:
    """`enqueue` for many rows (each with publisher, key, payload, update_id) in one
    executemany; rows already queued are skipped. How many were new."""
    if not rows:
        return 0
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(OUTBOUND_TABLE).on_conflict_do_nothing(index_elements=["publisher", "key"])
    values = [{**row, "created_ms": now_ms, "attempts": 0, "next_try_ms": now_ms} for row in rows]
    # Counted as rows written at this `now_ms` (the created index), before and after.
    publishers = sorted({str(row["publisher"]) for row in rows})
    written_now = (
        select(func.count())
        .select_from(OUTBOUND_TABLE)
        .where(_ROW.publisher.in_(publishers), _ROW.created_ms == now_ms)
    )
    before = int(connection.execute(written_now).scalar_one())
    connection.execute(statement, values)
    return int(connection.execute(written_now).scalar_one()) - before


@dataclass(frozen=True)
class Claimed:
    """A row this process holds the lease of, and what to send."""

    id: int
    publisher: str
    key: str
    payload: dict[str, object]
    attempts: int
    created_ms: int


def _due(now_ms: int, publishers: list[str]) -> ColumnElement[bool]:
    return and_(
        _ROW.publisher.in_(publishers),
        _ROW.delivered_ms.is_(None),
        _ROW.failed_ms.is_(None),
        _ROW.next_try_ms <= now_ms,
        or_(_ROW.lease_until_ms.is_(None), _ROW.lease_until_ms <= now_ms),
    )


def claim_next(
    engine: Engine, *, publishers: list[str], holder: str, now_ms: int
) -> Claimed | None:
    """Lease the oldest due row of `publishers` to `holder`; None when none is due.

    One UPDATE ... RETURNING: on SQLite it takes the write lock as it starts, so no
    other claim runs between its choice and its write; on PostgreSQL the choice skips
    rows another claim has locked (SKIP LOCKED), so two claims never wait on, or
    both choose, the same row. The claim counts as an attempt, so a row whose sender
    keeps crashing still backs off and is given up in time."""
    if not publishers:
        return None
    due = _due(now_ms, publishers)
    oldest = (
        select(_ROW.id)
        .where(due)
        .order_by(_ROW.next_try_ms, _ROW.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    with engine.begin() as connection:
        row = connection.execute(
            update(OUTBOUND_TABLE)
            .where(_ROW.id == oldest, due)
            .values(
                lease_holder=holder,
                lease_until_ms=now_ms + LEASE_MS,
                attempts=_ROW.attempts + 1,
            )
            .returning(
                _ROW.id, _ROW.publisher, _ROW.key, _ROW.payload, _ROW.attempts, _ROW.created_ms
            )
        ).first()
    if row is None:
        return None
    return Claimed(row.id, row.publisher, row.key, dict(row.payload), row.attempts, row.created_ms)


def mark_delivered(engine: Engine, claimed: Claimed, *, holder: str, now_ms: int) -> bool:
    """Record the delivery; False when this process's lease was lost meanwhile (the
    row may be sent again by whoever took it, and is then marked by them)."""
    with engine.begin() as connection:
        return bool(
            connection.execute(
                update(OUTBOUND_TABLE)
                .where(_ROW.id == claimed.id, _ROW.lease_holder == holder)
                .values(
                    delivered_ms=now_ms, lease_holder=None, lease_until_ms=None, last_error=None
                )
            ).rowcount
        )


def retry_delay_ms(attempts: int, rng: random.Random) -> int:
    """Back-off after the `attempts`-th failure: doubling, capped, with half of it jitter."""
    ceiling = min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** min(attempts - 1, 20))
    return int(ceiling * rng.uniform(0.5, 1.0))


def mark_failed_attempt(
    engine: Engine,
    claimed: Claimed,
    *,
    holder: str,
    now_ms: int,
    error: str,
    permanent: bool = False,
    retry_after_s: float | None = None,
    rng: random.Random | None = None,
) -> bool:
    """Schedule the next try, or give up (refused for good, or too old); True when
    given up."""
    delay = retry_delay_ms(claimed.attempts, rng or random.Random())
    if retry_after_s is not None:
        delay = max(delay, min(RETRY_CAP_MS, int(retry_after_s * 1000)))
    give_up = permanent or now_ms + delay - claimed.created_ms > GIVE_UP_AFTER_MS
    with engine.begin() as connection:
        connection.execute(
            update(OUTBOUND_TABLE)
            .where(_ROW.id == claimed.id, _ROW.lease_holder == holder)
            .values(
                next_try_ms=now_ms + delay,
                failed_ms=now_ms if give_up else None,
                last_error=error[:MAX_ERROR_CHARS],
                lease_holder=None,
                lease_until_ms=None,
            )
        )
    return give_up


def counts(engine: Engine) -> dict[str, int]:
    """Rows by state (pending, delivered, failed), for operators and tests."""
    state = case(
        (_ROW.delivered_ms.is_not(None), "delivered"),
        (_ROW.failed_ms.is_not(None), "failed"),
        else_="pending",
    )
    result = {"pending": 0, "delivered": 0, "failed": 0}
    with engine.connect() as connection:
        for name, number in connection.execute(select(state, func.count()).group_by(state)):
            result[str(name)] = int(number)
    return result


@dataclass(frozen=True)
class QueuedRow:
    """A row not yet delivered, as an operator sees it."""

    id: int
    publisher: str
    key: str
    attempts: int
    created_ms: int
    next_try_ms: int
    failed_ms: int | None
    last_error: str | None

    def describe(self) -> str:
        """One line: id, publisher, state, attempts, last error."""
        state = "FAILED" if self.failed_ms is not None else "pending"
        error = f"  {self.last_error}" if self.last_error else ""
        return f"{self.id}  {self.publisher}  {state}  {self.attempts} tries  {self.key}{error}"


def undelivered(engine: Engine, *, limit: int = 100) -> list[QueuedRow]:
    """The rows not delivered yet (failed ones too), oldest first."""
    with engine.connect() as connection:
        found = connection.execute(
            select(
                _ROW.id,
                _ROW.publisher,
                _ROW.key,
                _ROW.attempts,
                _ROW.created_ms,
                _ROW.next_try_ms,
                _ROW.failed_ms,
                _ROW.last_error,
            )
            .where(_ROW.delivered_ms.is_(None))
            .order_by(_ROW.created_ms, _ROW.id)
            .limit(limit)
        ).all()
    return [QueuedRow(*row) for row in found]


def requeue(engine: Engine, row_id: int, *, now_ms: int) -> bool:
    """Make a failed row due now, with three more days to go (the receiver is fixed);
    False when there is no failed row with that id."""
    with engine.begin() as connection:
        return bool(
            connection.execute(
                update(OUTBOUND_TABLE)
                .where(_ROW.id == row_id, _ROW.failed_ms.is_not(None))
                .values(failed_ms=None, next_try_ms=now_ms, created_ms=now_ms, attempts=0)
            ).rowcount
        )


def prune(engine: Engine, *, now_ms: int) -> int:
    """Delete rows delivered or given up more than KEEP_SETTLED_MS ago; how many."""
    before = now_ms - KEEP_SETTLED_MS
    with engine.begin() as connection:
        delivered = connection.execute(
            OUTBOUND_TABLE.delete().where(_ROW.delivered_ms < before)
        ).rowcount
        failed = connection.execute(
            OUTBOUND_TABLE.delete().where(_ROW.delivered_ms.is_(None), _ROW.failed_ms < before)
        ).rowcount
    return int(delivered) + int(failed)
