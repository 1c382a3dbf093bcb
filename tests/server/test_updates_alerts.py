"""Public updates and alerts are written once per thing they are about, whoever
notices it and however often; an alert is open until cleared, and a new episode
needs a new key."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from server.alerts import clear_alert, raise_alert
from server.models_fridge import Fridge
from server.updates import record_update
from tests.server.factories import NOW_MS


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_an_update_is_written_once_per_key(
    session: Session, engine: Engine, fridge: Fridge
) -> None:
    def write(now_ms: int, title: str) -> bool:
        return record_update(
            session,
            site_id=fridge.site_id,
            kind="dropoff",
            key="dropoff:e1",
            occurred_ms=NOW_MS,
            now_ms=now_ms,
            title=title,
            body="x" * 5000,
        )

    assert write(NOW_MS, "Harbour Fridge restocked") is True
    assert write(NOW_MS + 1, "again") is False
    session.commit()
    rows = _rows(engine, "SELECT kind, title, length(body), news, created_ms FROM fridge_update")
    assert rows == [("dropoff", "Harbour Fridge restocked", 1000, True, NOW_MS)]


def test_an_unknown_update_or_alert_kind_is_a_programming_error(
    session: Session, fridge: Fridge
) -> None:
    with pytest.raises(ValueError, match="unknown update kind"):
        record_update(
            session,
            site_id=fridge.site_id,
            kind="gossip",
            key="k",
            occurred_ms=1,
            now_ms=1,
            title="t",
        )
    with pytest.raises(ValueError, match="unknown alert kind"):
        raise_alert(session, site_id=fridge.site_id, kind="gossip", key="k", message="m", now_ms=1)


def test_an_alert_is_open_once_until_cleared(
    session: Session, engine: Engine, fridge: Fridge
) -> None:
    key = f"too_warm:{fridge.site_id}:{NOW_MS}"
    raise_one = {"site_id": fridge.site_id, "kind": "too_warm", "key": key, "message": "warm"}
    assert raise_alert(session, **raise_one, now_ms=NOW_MS) is True
    assert raise_alert(session, **raise_one, now_ms=NOW_MS + 60_000) is False
    assert clear_alert(session, key=key, now_ms=NOW_MS + 120_000) is True
    assert clear_alert(session, key=key, now_ms=NOW_MS + 180_000) is False
    # The same key stays cleared: a new episode is a new key.
    assert raise_alert(session, **raise_one, now_ms=NOW_MS + 240_000) is False
    session.commit()
    assert _rows(engine, "SELECT raised_ms, cleared_ms FROM alert") == [(NOW_MS, NOW_MS + 120_000)]
