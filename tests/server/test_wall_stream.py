"""GET /wall/events: the wall's live stream, read from the database by every worker.

Two hubs (as two uvicorn workers are: one app each, one database) serve streams on real
sockets; a change written to the database through a third connection reaches both. A
stream ends by itself after its lifetime, and at once when the hub is shut down."""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlmodel import Session

from server.app import create_app
from server.core.config import Settings
from server.core.db import make_engine
from server.launch import HubProcess, free_port
from server.services import moderation
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import note, push

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 10.0


class Served:
    """One app on 127.0.0.1 in a uvicorn thread (a worker of its own)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + WAIT_S
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "hub did not start"
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        # A thread gets no signal, so nothing tells the streams the server is going (the
        # test with a real process below proves that path): do not wait for them.
        self.server.should_exit = self.server.force_exit = True
        self.thread.join(timeout=WAIT_S)
        assert not self.thread.is_alive()


class Stream:
    """An open GET /wall/events, read in a thread: (event, data) pairs, None at its end."""

    def __init__(self, url: str, params: dict[str, str] | None = None) -> None:
        self.items: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self.status: int | None = None
        self.opened = threading.Event()
        self.thread = threading.Thread(target=self._read, args=(url, params), daemon=True)
        self.thread.start()
        assert self.opened.wait(WAIT_S)

    def _read(self, url: str, params: dict[str, str] | None) -> None:
        name, data = "message", ""
        try:
            with (
                httpx.Client(timeout=httpx.Timeout(WAIT_S * 3)) as client,
                client.stream("GET", f"{url}/wall/events", params=params) as response,
            ):
                self.status = response.status_code
                self.content_type = response.headers.get("content-type", "")
                self.opened.set()
                for line in response.iter_lines():
                    if line.startswith("event:"):
                        name = line.split(":", 1)[1].strip()
                    elif line.startswith("data:"):
                        data = line.split(":", 1)[1].strip()
                    elif not line and data:
                        self.items.put((name, data))
                        name, data = "message", ""
        except httpx.HTTPError:
            pass
        finally:
            self.opened.set()
            self.items.put(None)

    def next(self, timeout: float = WAIT_S) -> tuple[str, str] | None:
        return self.items.get(timeout=timeout)


@pytest.fixture
def quick(settings: Settings) -> Settings:
    """The test settings, with streams that read the database every 100 ms."""
    return settings.model_copy(update={"wall_stream_poll_ms": 100})


@pytest.fixture
def workers(quick: Settings, clock: FakeClock, app: FastAPI) -> Iterator[list[Served]]:
    """Two hubs on one database, each on its own socket."""
    second = create_app(quick, clock=clock)
    app_quick = create_app(quick, clock=clock)
    served = [Served(app_quick), Served(second)]
    yield served
    for hub in served:
        hub.stop()
        hub.app.state.engine.dispose()


def test_a_change_written_elsewhere_reaches_every_open_stream(
    workers: list[Served], client: httpx.Client, seed: Seed, database_url: str
) -> None:
    kind = note(kiosk_id="riverside-1", text="The swans are back", seq=1)
    assert push(client, seed.token, [kind]).json()["accepted"] == 1
    streams = [Stream(workers[0].url, {"site": "riverside"}), Stream(workers[1].url)]
    first = [stream.next() for stream in streams]
    for stream, item in zip(streams, first, strict=True):
        assert stream.status == 200
        assert stream.content_type.startswith("text/event-stream")
        assert item is not None and item[0] == "wall"
    # Nothing changes: nothing more is sent (the pings carry no data).
    for stream in streams:
        with pytest.raises(queue.Empty):
            stream.next(timeout=0.5)
    # A moderator approves the note on another connection (the CLI, another worker).
    other = make_engine(database_url)
    try:
        with Session(other) as session:
            moderation.approve(session, event_id=kind["id"], decided_by="sam", now_ms=1)
    finally:
        other.dispose()
    for stream, before in zip(streams, first, strict=True):
        after = stream.next()
        assert after is not None and after[0] == "wall"
        assert before is not None and after[1] != before[1]
    # ... and the wall the page then fetches shows it.
    wall = httpx.get(f"{workers[1].url}/wall.json", params={"site": "riverside"}).json()
    assert [card["text"] for card in wall["sites"][0]["notes"]] == ["The swans are back"]


def test_the_page_carries_the_marker_the_stream_starts_with(
    workers: list[Served], seed: Seed
) -> None:
    page = httpx.get(f"{workers[0].url}/", params={"site": "riverside"}).text
    stream = Stream(workers[0].url, {"site": "riverside"})
    item = stream.next()
    assert item is not None
    assert f'data-marker="{item[1]}"' in page
    assert 'data-events-url="/wall/events?site=riverside"' in page


def test_an_unknown_site_is_404_not_a_stream(workers: list[Served], seed: Seed) -> None:
    response = httpx.get(f"{workers[0].url}/wall/events", params={"site": "nowhere"})
    assert response.status_code == 404


def test_a_stream_ends_after_its_lifetime(
    quick: Settings, clock: FakeClock, seed: Seed, app: FastAPI
) -> None:
    short = create_app(quick.model_copy(update={"wall_stream_seconds": 0.5}), clock=clock)
    served = Served(short)
    try:
        stream = Stream(served.url)
        assert stream.next() is not None
        began = time.monotonic()
        assert stream.next() is None  # the end, not another marker
        assert time.monotonic() - began < 3
    finally:
        served.stop()
        short.state.engine.dispose()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals a process")
def test_shutting_down_ends_open_streams(tmp_path: Path, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("one run is enough: the hub process is the same on both databases")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}
    hub = HubProcess(
        [sys.executable, "-m", "cli", "hub", "--port", str(port),
         "--data-dir", str(tmp_path / "data")],
        url=f"http://127.0.0.1:{port}",
        log=tmp_path / "hub.log",
        env=env,
        cwd=ROOT,
        start_timeout_s=60.0,
        stop_timeout_s=15.0,
    )  # fmt: skip
    hub.start()
    try:
        stream = Stream(hub.url)
        assert stream.next() is not None
    finally:
        began = time.monotonic()
        code = hub.stop()
    assert stream.next() is None
    # Stopped by its signal (uvicorn re-raises it once it has shut down), not killed after
    # the timeout: the open stream did not hold the shutdown up.
    log = hub.log.read_text()
    assert time.monotonic() - began < 10, log
    assert code in (0, -signal.SIGTERM), log
    assert "Application shutdown complete" in log


def test_a_worker_serves_at_most_its_streams(
    quick: Settings, clock: FakeClock, seed: Seed, app: FastAPI
) -> None:
    limits = {"wall_streams_per_worker": 2, "wall_stream_seconds": 1.5}
    capped = create_app(quick.model_copy(update=limits), clock=clock)
    served = Served(capped)
    try:
        streams = [Stream(served.url) for _ in range(2)]
        for stream in streams:
            assert stream.next() is not None
        refused = httpx.get(f"{served.url}/wall/events")
        assert refused.status_code == 503
        assert refused.headers["retry-after"]
        # The page itself is still served: it refreshes itself without a stream.
        assert httpx.get(f"{served.url}/").status_code == 200
        # A stream that has ended gives its place back.
        for stream in streams:
            assert stream.next() is None
        again = Stream(served.url)
        assert again.status == 200 and again.next() is not None
    finally:
        served.stop()
        capped.state.engine.dispose()
