"""Twenty kiosks pushing at once: the load of the concurrent-ingest figures.

Each kiosk has its own token, boot and keep-alive connection, and its bodies are
encoded before any clock starts; `all_at_once` releases one batch from every kiosk
together and times until the last answer. The kiosks are added straight to the
hub's database (SQLite or PostgreSQL) through server.crud, as an organiser would.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx
from sqlmodel import Session

from bench.common import SITE, Seeded, reaction_events
from server import crud
from server.core.db import make_engine
from storywall.protocol import API_PREFIX, MAX_BATCH_EVENTS

BATCH = MAX_BATCH_EVENTS  # 500
KIOSKS = 20


class PushingKiosk:
    """One pushing kiosk: its token, a connection, and the bodies it will send."""

    def __init__(self, url: str, seeded: Seeded, kiosk_id: str, token: str, batches: int) -> None:
        self.kiosk_id = kiosk_id
        self.client = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        boot_id = f"boot-{kiosk_id}"
        self.bodies = [
            push_body(
                boot_id,
                reaction_events(
                    kiosk_id=kiosk_id,
                    boot_id=boot_id,
                    first_seq=1 + i * BATCH,
                    count=BATCH,
                    prompt_id=seeded.prompt_id,
                    emoji=seeded.emoji,
                ),
            )
            for i in range(batches)
        ]
        self.sent = 0

    def post_next(self) -> int:
        """Send the next batch; the number of events the hub accepted."""
        body = self.bodies[self.sent]
        self.sent += 1
        response = self.client.post(
            f"{API_PREFIX}/events", content=body, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        return int(response.json()["accepted"])

    def close(self) -> None:
        self.client.close()


def push_body(boot_id: str, events: list[dict[str, Any]]) -> bytes:
    """The wire form of a push of `events`."""
    envelope = {"protocol": 1, "boot_id": boot_id, "sent_mono_ms": 10**9, "events": events}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def add_kiosks(database_url: str, count: int, *, prefix: str = "crowd") -> list[tuple[str, str]]:
    """`count` more kiosks at the seeded site; (kiosk id, token) each."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            kiosks = []
            for n in range(count):
                kiosk, token = crud.create_kiosk(
                    session=session, site_slug=SITE, kiosk_id=f"{prefix}-{n}", name=f"Crowd {n}"
                )
                kiosks.append((kiosk.id, token))
            return kiosks
    finally:
        engine.dispose()


def crowd(url: str, database_url: str, seeded: Seeded, batches: int) -> list[PushingKiosk]:
    """KIOSKS new kiosks of the hub at `url`, each with `batches` bodies ready."""
    return [
        PushingKiosk(url, seeded, kiosk_id, token, batches)
        for kiosk_id, token in add_kiosks(database_url, KIOSKS)
    ]


def all_at_once(kiosks: list[PushingKiosk]) -> tuple[int, float]:
    """One batch from every kiosk, all in flight together; (accepted, seconds)."""
    accepted = [0] * len(kiosks)
    errors: list[BaseException] = []
    start = threading.Barrier(len(kiosks) + 1)

    def push(i: int) -> None:
        try:
            start.wait()
            accepted[i] = kiosks[i].post_next()
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)

    threads = [threading.Thread(target=push, args=(i,)) for i in range(len(kiosks))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return sum(accepted), elapsed
