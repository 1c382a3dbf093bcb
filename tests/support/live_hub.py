"""The real hub (server.app.create_app) on a real uvicorn socket, in a thread.

It can be stopped and started again on the same port, so a kiosk test sees the hub
go down and come back exactly as it would over a flaky park Wi-Fi.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server import crud
from server.app import create_app
from server.core.config import Settings
from server.models import Event as StoredEvent
from tests.support.hub_db import hub_database

SITE = "riverside"
EMOJI = ["😀", "😐", "😢", "🌳"]


@dataclass(frozen=True)
class StoredRow:
    """What the hub holds for one event (as much as these tests look at)."""

    id: str
    kiosk_id: str
    seq: int
    type: str


class LiveHub:
    """A hub on 127.0.0.1; `port` stays the same across stop() and start()."""

    def __init__(
        self, data_dir: Path, *, clock: Callable[[], int] | None = None, **settings: Any
    ) -> None:
        """`clock` (epoch ms) and `settings` (Settings fields) default to the hub's own."""
        self.data_dir = data_dir
        hub_settings = Settings(
            env="development",
            data_dir=data_dir,
            database_url=hub_database(data_dir / "hub.sqlite3"),
            **settings,
        )
        self.app: FastAPI = create_app(hub_settings, clock=clock)
        self.engine: Engine = self.app.state.engine
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="live-hub", daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the hub did not start")
            time.sleep(0.01)
        self.port = server.servers[0].sockets[0].getsockname()[1]
        self._server, self._thread = server, thread

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._server = self._thread = None

    # -- data, through the hub's own crud ------------------------------------------

    def add_site(self) -> None:
        with Session(self.engine) as session:
            crud.create_site(session=session, slug=SITE, name="Riverside Park", timezone="UTC")

    def add_kiosk(self, kiosk_id: str) -> str:
        """Register a kiosk; return its token."""
        with Session(self.engine) as session:
            _, token = crud.create_kiosk(
                session=session, site_slug=SITE, kiosk_id=kiosk_id, name=kiosk_id
            )
        return token

    def set_prompt(self, text: str, emoji: list[str] = EMOJI) -> int:
        """A new prompt for the site, its results on the wall. It runs from the epoch, so
        a hub whose clock a test moved anywhere shows it; a newer one still wins (of
        prompts that started together, the newest shows)."""
        with Session(self.engine) as session:
            prompt = crud.set_prompt(
                session=session,
                site_slug=SITE,
                text=text,
                emoji=emoji,
                results_revealed=True,
                created_ms=0,
            )
            assert prompt.id is not None
            return prompt.id

    def push_note(self, kiosk_id: str, token: str, text: str, *, seq: int = 1) -> str:
        """Push one note as the kiosk would, over HTTP; return its event id."""
        event_id = str(uuid.uuid4())
        event = {
            "v": 1, "id": event_id, "kiosk_id": kiosk_id, "boot_id": "b1", "seq": seq,
            "mono_ms": 1000 * seq, "wall_time": datetime.now(UTC).isoformat(),
            "clock_synced": True, "type": "note", "payload": {"text": text, "language": "en"},
        }  # fmt: skip
        httpx.post(
            f"{self.url}/api/v1/events",
            json={"boot_id": "b1", "sent_mono_ms": 1000 * seq + 1000, "events": [event]},
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        ).raise_for_status()
        return event_id

    def revoke(self, kiosk_id: str) -> None:
        with Session(self.engine) as session:
            crud.revoke_kiosk(session=session, kiosk_id=kiosk_id)

    def events(self, kiosk_id: str) -> list[StoredRow]:
        """Every event the hub holds from this kiosk, by seq."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(StoredEvent)
                .where(col(StoredEvent.kiosk_id) == kiosk_id)
                .order_by(col(StoredEvent.seq))
            ).all()
            return [StoredRow(row.id, row.kiosk_id, row.seq, row.type) for row in rows]


@contextmanager
def running_hub(folder: Path, prompt: str) -> Iterator[LiveHub]:
    """A started hub with the site and `prompt`, stopped on the way out (a fixture's body)."""
    live = LiveHub(folder)
    live.start()
    live.add_site()
    live.set_prompt(prompt)
    try:
        yield live
    finally:
        live.stop()
