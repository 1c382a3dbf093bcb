"""wall_page_10k_notes_p95_ms and wall_image_render_ms.

The wall page for a big screen (`GET /?site=<slug>`: the site's question, its tallies,
its newest approved notes and doodles, and the strip from the neighbouring walls) with
10,000 approved notes in the database, 5,000 more at a neighbouring site and 2,000
answers to the prompt. The notes go in through the kiosk API (the production ingest
path), 20 a push (people write them one at a time; a kiosk's catch-up after a day
offline can bring 500 in one push, received in the same millisecond, which the newest-
first walk then sorts: about 1 ms more for the page drawn next), and are approved in
the database as a moderator's decisions would; the real hub
serves in its own process. Before each request a moderation decision is written, so the
wall's marker moves and every page is drawn afresh (the worst case: with nothing changing
a worker reuses the page it drew, and that figure is in the note). The figure is the p95
of the hub's own time per request, which it reports in a Server-Timing header
(bench/hub_server.py): server time, without the client's or the loopback's share.

The wall image: server.services.wall_image.render at the largest kiosk screen (720x1280,
four answers and four notes with emoji), in this process, median of warm rounds (the
fonts and emoji pictures are loaded once per worker).
"""

from __future__ import annotations

import json
import os
import statistics
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.common import SITE, Figure, Hub, Target
from server.services import wall_image
from storywall.protocol import API_PREFIX, MAX_BATCH_EVENTS

NOTES = 10_000
NEIGHBOUR_NOTES = 5_000
ANSWERS = 2_000
NOTES_PER_PUSH = 20
REQUESTS = 300
WARMUP = 30
PAGE_TARGET_MS = 25.0
IMAGE_TARGET_MS = 300.0
IMAGE_ROUNDS = 15
BOOT_ID = "bench-boot-wall"
NEIGHBOUR = "bench-neighbour"


def _envelopes(kiosk: str, first_seq: int, payloads: list[tuple[str, dict[str, Any]]]) -> Any:
    start = datetime.now(UTC) - timedelta(hours=2)
    return [
        {
            "v": 1, "id": str(uuid.uuid4()), "kiosk_id": kiosk, "boot_id": BOOT_ID,
            "seq": first_seq + n, "mono_ms": 60_000 + first_seq + n,
            "wall_time": (start + timedelta(milliseconds=first_seq + n)).isoformat(),
            "clock_synced": True, "type": kind, "payload": payload,
        }
        for n, (kind, payload) in enumerate(payloads)
    ]  # fmt: skip


def _push(
    client: httpx.Client,
    token: str,
    kiosk: str,
    payloads: list[Any],
    *,
    batch_size: int = MAX_BATCH_EVENTS,
    first_seq: int = 1,
) -> None:
    for start in range(0, len(payloads), batch_size):
        batch = payloads[start : start + batch_size]
        body = {
            "protocol": 1,
            "boot_id": BOOT_ID,
            "sent_mono_ms": 10**9,
            "events": _envelopes(kiosk, first_seq + start, batch),
        }
        response = client.post(
            f"{API_PREFIX}/events",
            content=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response.raise_for_status()
        if response.json()["accepted"] != len(batch):
            raise RuntimeError(f"the hub refused bench events: {response.text[:300]}")


def _notes(count: int, where: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("note", {"text": f"Note {n} from {where}: the benches are lovely 🌳", "language": "en"})
        for n in range(count)
    ]


def _seed(hub: Hub, client: httpx.Client) -> None:
    from sqlmodel import Session

    from server import crud
    from server.core.db import make_engine

    seeded = hub.seeded
    engine = make_engine(hub.database_url)
    try:
        with Session(engine) as session:
            crud.create_site(session=session, slug=NEIGHBOUR, name="Next Door", timezone="UTC")
            _, neighbour_token = crud.create_kiosk(
                session=session, site_slug=NEIGHBOUR, kiosk_id=NEIGHBOUR, name="Next door"
            )
        answers = [
            ("reaction", {"prompt_id": seeded.prompt_id, "emoji": seeded.emoji[n % 4]})
            for n in range(ANSWERS)
        ]
        _push(client, seeded.token, seeded.kiosk_id, answers)
        # Notes are written by people, one at a time: they arrive a few per push, not in
        # the 500-event batches of button presses.
        notes = _notes(NOTES, "here")
        _push(client, seeded.token, seeded.kiosk_id, notes, batch_size=NOTES_PER_PUSH,
              first_seq=ANSWERS + 1)  # fmt: skip
        neighbours = _notes(NEIGHBOUR_NOTES, "next door")
        _push(client, neighbour_token, NEIGHBOUR, neighbours, batch_size=NOTES_PER_PUSH)
    finally:
        engine.dispose()
    # Every note approved, as moderators' decisions leave them.
    with closing(hub.connect()) as connection, connection:
        connection.execute(
            "UPDATE moderation SET state = 'approved', decided_ms = 1, decided_by = 'bench'"
        )
        approved = connection.execute(
            "SELECT COUNT(*) FROM moderation WHERE state = 'approved'"
        ).fetchone()[0]
    if approved != NOTES + NEIGHBOUR_NOTES:
        raise RuntimeError(f"expected {NOTES + NEIGHBOUR_NOTES} approved notes, have {approved}")


@dataclass(frozen=True)
class Served:
    """p95 of the hub's time and of its CPU time for one kind of request, and its size."""

    p95_ms: float
    median_ms: float
    cpu_p95_ms: float
    size: int


def _p95_ms(client: httpx.Client, path: str, change: Callable[[int], None] | None = None) -> Served:
    """GET `path` many times; with `change`, something on the wall changes before each."""
    times: list[float] = []
    cpu: list[float] = []
    size = 0
    for n in range(WARMUP + REQUESTS):
        if change is not None:
            change(n)
        response = client.get(path)
        response.raise_for_status()
        size = len(response.content)
        if n >= WARMUP:
            timing = _server_timing(response)
            times.append(timing["app"])
            cpu.append(timing["cpu"])
    p95 = statistics.quantiles(times, n=20)[-1]
    return Served(p95, statistics.median(times), statistics.quantiles(cpu, n=20)[-1], size)


def _server_timing(response: httpx.Response) -> dict[str, float]:
    """The hub's own times for the request (its Server-Timing header, bench/hub_server.py)."""
    found = {}
    for part in response.headers["server-timing"].split(","):
        name, _, duration = part.strip().partition(";dur=")
        found[name] = float(duration)
    return found


def _decide(hub: Hub) -> Callable[[int], None]:
    """A moderator's decision (re-approving a note), written as the hub writes one: the
    wall's marker moves, so the next page is drawn afresh."""
    with closing(hub.connect()) as connection:
        row = connection.execute("SELECT id FROM event WHERE type = 'note' LIMIT 1").fetchone()
    note_id = row[0]

    def change(n: int) -> None:
        with closing(hub.connect()) as connection, connection:
            connection.execute(
                "INSERT INTO moderation_log (event_id, state, decided_ms, decided_by)"
                " VALUES (?, 'approved', ?, 'bench')",
                (note_id, n + 2),
            )

    return change


def _image_ms() -> float:
    picture = wall_image.WallPicture(
        width=720, height=1280, site_name="Riverside Park", day="2026-12-02", language="en",
        prompt="How was the park today?",
        answers=tuple(
            wall_image.Answer(emoji, True, count)
            for emoji, count in (("😀", 27), ("🙂", 26), ("😐", 9), ("😢", 17))
        ),
        play=7,
        notes=(
            "The new benches are lovely, thank you 🌳", "More dog poo bags please",
            "Saw a heron by the pond this morning!", "Love the wildflowers ❤️",
        ),
    )  # fmt: skip
    wall_image.render(picture)  # fonts and emoji pictures, once per worker
    times = []
    for _ in range(IMAGE_ROUNDS):
        started = time.perf_counter()
        wall_image.render(picture)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> list[Figure]:
    with Hub(server_timing=True) as hub, httpx.Client(base_url=hub.url, timeout=120) as client:
        _seed(hub, client)
        page = f"/?site={SITE}"
        if "Note 9999 from here" not in client.get(page).text:
            raise RuntimeError("the wall page does not show the newest approved note")
        changed = _p95_ms(client, page, _decide(hub))
        steady = _p95_ms(client, page)
        network = _p95_ms(client, "/", _decide(hub))
    image_ms = _image_ms()
    return [
        Figure(
            "wall_page_10k_notes_p95_ms",
            changed.p95_ms,
            "ms",
            Target("<=", PAGE_TARGET_MS),
            note=f"GET /?site= ({changed.size // 1024} KiB) with {NOTES:,} approved notes, "
            f"{NEIGHBOUR_NOTES:,} at a neighbour, {ANSWERS:,} answers, a moderation "
            f"decision before each request so every page is drawn afresh; p95 of {REQUESTS} "
            f"of the hub's own time (Server-Timing, in its process), median "
            f"{changed.median_ms:.1f} ms, CPU p95 {changed.cpu_p95_ms:.1f} ms (load average "
            f"{os.getloadavg()[0]:.1f}); the network view GET / {network.p95_ms:.1f} ms "
            f"(CPU {network.cpu_p95_ms:.1f}); with nothing changing (the worker's page "
            f"reused after the marker is read) {steady.p95_ms:.1f} ms (CPU "
            f"{steady.cpu_p95_ms:.1f})",
        ),
        Figure(
            "wall_image_render_ms",
            image_ms,
            "ms",
            Target("<=", IMAGE_TARGET_MS),
            note=f"720x1280 PNG, 4 answers and 4 notes with emoji; median of {IMAGE_ROUNDS} "
            "warm renders in one thread",
        ),
    ]
