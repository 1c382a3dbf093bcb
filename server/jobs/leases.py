"""Take and give back a job's lease (models.JobLease): one conditional UPDATE each."""

from __future__ import annotations

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from server.models_jobs import JOB_LEASE_TABLE

_LEASE = JOB_LEASE_TABLE.c


def take_lease(
    engine: Engine, *, name: str, holder: str, now_ms: int, every_ms: int, lease_ms: int
) -> bool:
    """True when this process may run `name` now: it is due (never run, or its last
    run finished `every_ms` ago) and no live lease holds it. Atomic across processes."""
    with engine.begin() as connection:
        taken = connection.execute(
            update(JOB_LEASE_TABLE)
            .where(
                _LEASE.name == name,
                _LEASE.until_ms <= now_ms,
                _LEASE.last_run_ms.is_(None) | (_LEASE.last_run_ms <= now_ms - every_ms),
            )
            .values(holder=holder, until_ms=now_ms + lease_ms)
        ).rowcount
        if taken == 1:
            return True
        exists = connection.execute(select(_LEASE.name).where(_LEASE.name == name)).first()
    if exists is not None:
        return False
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(JOB_LEASE_TABLE).values(
                    name=name, holder=holder, until_ms=now_ms + lease_ms, last_run_ms=None
                )
            )
    except IntegrityError:  # another process made the row first, and holds it
        return False
    return True


def give_back(engine: Engine, *, name: str, holder: str, now_ms: int, finished: bool) -> None:
    """End this process's lease; a finished run counts as the job's last run."""
    values: dict[str, object] = {"holder": None, "until_ms": now_ms}
    if finished:
        values["last_run_ms"] = now_ms
    with engine.begin() as connection:
        connection.execute(
            update(JOB_LEASE_TABLE)
            .where(_LEASE.name == name, _LEASE.holder == holder)
            .values(**values)
        )
