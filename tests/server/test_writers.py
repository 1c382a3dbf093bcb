"""The hub's SQLite writers queue on one lock per database, for a bounded time."""

from __future__ import annotations

import threading

import httpx
import pytest
from sqlalchemy import Engine

from server.core import writers
from server.errors import RetryLater
from tests.server.conftest import Seed
from tests.server.factories import push, reaction
from tests.server.helpers import event_count


def test_engines_on_one_file_share_a_lock(engine: Engine) -> None:
    derived = engine.execution_options(isolation_level="SERIALIZABLE")
    if engine.dialect.name != "sqlite":
        # PostgreSQL takes no lock: its own row locks order the writers.
        with writers.write_lock(engine), writers.write_lock(derived, timeout_s=0.01):
            return
    with (
        writers.write_lock(engine),
        pytest.raises(RetryLater),
        writers.write_lock(derived, timeout_s=0.01),
    ):
        pass


def test_a_push_that_waits_too_long_is_503_and_stores_nothing_on_sqlite(
    client: httpx.Client, engine: Engine, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writers, "WRITE_WAIT_S", 0.05)
    event = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀")
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with writers.write_lock(engine):
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(30)
        response = push(client, seed.token, [event])
    finally:
        release.set()
        holder.join(30)
    if engine.dialect.name != "sqlite":
        # PostgreSQL takes no lock, so a held one delays nobody.
        assert response.json()["accepted"] == 1
        return
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert event_count(engine) == 0
    # Once free, the same push goes through.
    assert push(client, seed.token, [event]).json()["accepted"] == 1
