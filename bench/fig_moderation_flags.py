"""moderation_flags_push_ms: the automatic flags of one push of 50 notes.

On a migrated SQLite file whose site already holds 200 notes of the last day (the
near-duplicate look-back) from the same kiosk, the flags of a push of 50 new notes
(English and German, some rude, some short, some repeats) are computed and stored by
server.arrivals.flags.flag_arrivals, in a transaction rolled back after each run so
each run sees the same history; the word lists and the language model are loaded
before timing, as a running hub has them. The median of several runs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

from bench.common import Figure, Target
from server import crud
from server.arrivals.flags import Arrival, flag_arrivals
from server.core.db import make_engine
from server.core.migrate import upgrade
from server.models import EVENT_TABLE

NOW_MS = 1_750_507_200_000
RUNS = 15
HISTORY = 200
PUSH = 50
TEXTS = [
    "The swans by the pond look happy today number {n}",
    "Please fix the broken swing by the pond",
    "this bench is shit {n}",
    "ok",
    "Der Spielplatz ist heute wunderbar sauber und die Kinder sind glücklich {n}",
    "More bins near the café would help a lot, thank you {n}",
]


def _note(kiosk_id: str, site_id: int, seq: int, at_ms: int, text: str) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()), "kiosk_id": kiosk_id, "site_id": site_id, "boot_id": "b",
        "seq": seq, "mono_ms": seq, "wall_ms": at_ms, "clock_synced": True, "type": "note",
        "v": 1, "payload": {"text": text, "language": "en"}, "received_ms": at_ms,
        "placed_ms": at_ms, "placed_by": "kiosk", "play": False,
    }  # fmt: skip


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'hub.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        try:
            with Session(engine) as session:
                site = crud.create_site(
                    session=session, slug="park", name="Park", timezone="Europe/London"
                )
                kiosk, _token = crud.create_kiosk(
                    session=session, site_slug="park", kiosk_id="gate", name="Gate"
                )
                assert site.id is not None
                history = [
                    _note("gate", site.id, n, NOW_MS - (HISTORY - n) * 300_000,
                          TEXTS[n % len(TEXTS)].format(n=n))
                    for n in range(HISTORY)
                ]  # fmt: skip
                session.connection().execute(insert(EVENT_TABLE), history)
                session.commit()
                timings = []
                for run_number in range(RUNS + 1):
                    push = [
                        _note("gate", site.id, 10_000 + n, NOW_MS + n * 1000,
                              TEXTS[n % len(TEXTS)].format(n=1000 + n))
                        for n in range(PUSH)
                    ]  # fmt: skip
                    session.connection().execute(insert(EVENT_TABLE), push)
                    arrivals = [
                        Arrival(str(row["id"]), "note", text=str(row["payload"]["text"]),  # type: ignore[index]
                                language="en")
                        for row in push
                    ]  # fmt: skip
                    started = time.perf_counter()
                    flag_arrivals(
                        session, kiosk=kiosk, site_languages=["en"], arrivals=arrivals,
                        now_ms=NOW_MS + PUSH * 1000,
                    )  # fmt: skip
                    elapsed = (time.perf_counter() - started) * 1000
                    session.rollback()
                    if run_number:  # the first loads the word lists and the model
                        timings.append(elapsed)
        finally:
            engine.dispose()
    return [
        Figure(
            "moderation_flags_push_ms",
            statistics.median(timings),
            "ms",
            Target("<=", 50.0),
            note=f"flags of a push of {PUSH} notes over {HISTORY} recent ones at the site, "
            "stored (rolled back), median",
        )
    ]
