"""Background jobs: each due run happens once across processes (a lease in the
database), a failed run is tried again at once, and the hub runs them by itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from server.app import create_app
from server.core.config import Settings
from server.core.db import make_engine
from server.jobs import Job, JobContext, register_job, run_due_jobs, runner, unregister_job
from server.jobs.leases import take_lease
from tests.server.factories import NOW_MS

EVERY_S = 60


class Counter:
    """A job body that counts its runs (and can be told to fail, or to linger)."""

    def __init__(self) -> None:
        self.runs: list[int] = []
        self.fail = False
        self.linger_s = 0.0
        self.lock = threading.Lock()

    def __call__(self, context: JobContext) -> None:
        if self.fail:
            raise RuntimeError("the receiver is away")
        time.sleep(self.linger_s)
        with self.lock:
            self.runs.append(context.now_ms)


@pytest.fixture
def counter() -> Iterator[Counter]:
    body = Counter()
    register_job(Job(name="test-counter", every_s=EVERY_S, run=body, lease_s=30))
    yield body
    unregister_job("test-counter")


def test_a_job_runs_when_due_and_not_before(
    engine: Engine, settings: Settings, counter: Counter
) -> None:
    assert run_due_jobs(engine, settings, NOW_MS, "a") == ["test-counter"]
    assert run_due_jobs(engine, settings, NOW_MS + 59_999, "a") == []
    assert run_due_jobs(engine, settings, NOW_MS + 60_000, "b") == ["test-counter"]
    assert counter.runs == [NOW_MS, NOW_MS + 60_000]


def test_a_failed_run_is_due_again_at_once(
    engine: Engine, settings: Settings, counter: Counter, caplog: pytest.LogCaptureFixture
) -> None:
    counter.fail = True
    assert run_due_jobs(engine, settings, NOW_MS, "a") == []
    assert "test-counter failed" in caplog.text
    counter.fail = False
    assert run_due_jobs(engine, settings, NOW_MS + 1, "a") == ["test-counter"]


def test_two_processes_run_a_due_job_once(
    database_url: str, settings: Settings, app: FastAPI, counter: Counter
) -> None:
    # Two engines stand for two worker processes; the run lingers so both try at once.
    counter.linger_s = 0.3
    engines = [make_engine(database_url) for _ in range(2)]
    ran: list[list[str]] = []
    try:
        threads = [
            threading.Thread(
                target=lambda e=engine, h=f"worker-{n}": ran.append(
                    run_due_jobs(e, settings, NOW_MS, h)
                )
            )
            for n, engine in enumerate(engines)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for engine in engines:
            engine.dispose()
    assert sorted(ran) == [[], ["test-counter"]]
    assert counter.runs == [NOW_MS]


def test_a_lease_of_a_process_that_died_runs_out(
    engine: Engine, settings: Settings, counter: Counter
) -> None:
    # A process took the lease and died before giving it back.
    assert take_lease(
        engine, name="test-counter", holder="dead", now_ms=NOW_MS, every_ms=60_000, lease_ms=30_000
    )
    assert run_due_jobs(engine, settings, NOW_MS + 29_999, "alive") == []
    assert run_due_jobs(engine, settings, NOW_MS + 30_000, "alive") == ["test-counter"]


def test_the_hub_runs_due_jobs_in_the_background(
    tmp_path: Path, database_url: str, counter: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "TICK_S", 0.05)
    settings = Settings(
        env="development",
        data_dir=tmp_path / "data",
        database_url=database_url,
        background_jobs=True,
    )
    app = create_app(settings, clock=lambda: NOW_MS)
    with TestClient(app):
        deadline = time.monotonic() + 10
        while not counter.runs and time.monotonic() < deadline:
            time.sleep(0.05)
    app.state.engine.dispose()
    assert counter.runs == [NOW_MS]
