"""hub_ingest_pg_4workers_events_per_s against one worker on SQLite, in the same run.

The load is the concurrent-ingest figure's (bench/crowd.py): twenty kiosks, each
with its own token, boot and keep-alive connection, push a batch of 500 valid
reactions at once. It goes to two hubs started side by side with the real command,
`storywall hub` (bench/served_hub.py):

- `--workers 4` on a scratch PostgreSQL database created for this run and dropped
  after (the server from STORYWALL_BENCH_POSTGRES_URL, else STORYWALL_TEST_POSTGRES_URL;
  without either, the figures say they were skipped);
- `--workers 1` on a fresh SQLite file: the scale path's starting point, the same
  load as hub_ingest_concurrent_events_per_s but through the same command as the
  other side, so the ratio compares engines and worker counts and nothing else.

Rounds alternate (PostgreSQL first, then SQLite first, ...), so the machine's noise
falls on both alike; the idle hub costs nothing meanwhile. The load generator,
both hubs and PostgreSQL share this machine's cores, as the target assumes.

Per core: each side's events divided by the CPU seconds its hub processes used in
its rounds (/proc/<pid>/stat of the `storywall hub` process and its workers), and
for PostgreSQL also with the CPU of the server processes serving the scratch
database: how many events one fully busy core takes, whatever the wall clock.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import cpu_time
from bench.common import Figure, Target
from bench.crowd import BATCH, KIOSKS, PushingKiosk, all_at_once, crowd
from bench.scratch_pg import POSTGRES_ENVS, ScratchDatabase, postgres_server
from bench.served_hub import ServedHub

WORKERS = 4
ROUNDS = 8
WARMUP_ROUNDS = 2
RATIO_TARGET = 1.2

PG_FIGURE = "hub_ingest_pg_4workers_events_per_s"
SQLITE_FIGURE = "hub_ingest_sqlite_1worker_events_per_s"
RATIO_FIGURE = "hub_ingest_pg_4workers_vs_sqlite_ratio"
PG_PER_CORE = "hub_ingest_pg_4workers_events_per_cpu_s"
PG_PER_CORE_WITH_DB = "hub_ingest_pg_4workers_events_per_cpu_s_with_db"
SQLITE_PER_CORE = "hub_ingest_sqlite_1worker_events_per_cpu_s"


@dataclass
class _Side:
    """One hub under load, and what its rounds added up to."""

    hub: ServedHub
    kiosks: list[PushingKiosk]
    database: ScratchDatabase | None = None
    accepted: int = 0
    seconds: float = 0.0
    hub_cpu_s: float = 0.0
    db_cpu_s: float = 0.0

    def server_pids(self) -> list[int]:
        return [] if self.database is None else self.database.backend_pids()

    def round(self) -> None:
        servers_before = cpu_time.cpu_seconds_each(self.server_pids())
        hub_before = self.hub.cpu_seconds()
        accepted, seconds = all_at_once(self.kiosks)
        self.hub_cpu_s += self.hub.cpu_seconds() - hub_before
        # A server process opened during the round counts from zero (all its CPU is
        # this round's); one that ended during it is left out.
        for pid, used in cpu_time.cpu_seconds_each(self.server_pids()).items():
            self.db_cpu_s += used - servers_before.get(pid, 0.0)
        self.accepted += accepted
        self.seconds += seconds

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds

    def close(self) -> None:
        for kiosk in self.kiosks:
            kiosk.close()
        self.hub.close()


def _skipped(reason: str) -> list[Figure]:
    return [
        Figure(name, 0.0, unit, target, skipped=reason)
        for name, unit, target in (
            (PG_FIGURE, "events/s", None),
            (SQLITE_FIGURE, "events/s", None),
            (RATIO_FIGURE, "x", Target(">=", RATIO_TARGET)),
            (PG_PER_CORE, "events/CPU-s", None),
            (PG_PER_CORE_WITH_DB, "events/CPU-s", None),
            (SQLITE_PER_CORE, "events/CPU-s", None),
        )
    ]


def _start(database_url: str, workers: int, folder: Path, batches: int) -> _Side:
    hub = ServedHub(database_url, workers=workers, data_dir=folder)
    try:
        hub.wait_for_workers()
        return _Side(hub, crowd(hub.url, database_url, hub.seeded, batches))
    except BaseException:
        hub.close()
        raise


def run() -> list[Figure]:
    server = postgres_server()
    if server is None:
        return _skipped(f"no PostgreSQL: set {' or '.join(POSTGRES_ENVS)}")
    if not cpu_time.available():
        return _skipped("no /proc to read the hub's CPU time from (Linux only)")
    batches = WARMUP_ROUNDS + ROUNDS
    with (
        tempfile.TemporaryDirectory(prefix="storywall-bench-") as tmp,
        ScratchDatabase(server) as database,
    ):
        folder = Path(tmp)
        pg = _start(database.url, WORKERS, folder / "pg", batches)
        pg.database = database
        try:
            sqlite = _start(f"sqlite:///{folder / 'sqlite' / 'hub.sqlite3'}", 1, folder / "sqlite",
                            batches)  # fmt: skip
            try:
                # Warm-up: every connection open in every worker, every code path taken.
                for _ in range(WARMUP_ROUNDS):
                    all_at_once(pg.kiosks)
                    all_at_once(sqlite.kiosks)
                began = time.process_time()
                for number in range(ROUNDS):
                    for side in (pg, sqlite) if number % 2 == 0 else (sqlite, pg):
                        side.round()
                generator_cpu_s = time.process_time() - began
                expected = ROUNDS * KIOSKS * BATCH
                if pg.accepted != expected or sqlite.accepted != expected:
                    raise RuntimeError(
                        f"accepted {pg.accepted}/{expected} (PostgreSQL) and "
                        f"{sqlite.accepted}/{expected} (SQLite)"
                    )
            finally:
                sqlite.close()
        finally:
            pg.close()
    load = (
        f"{KIOSKS} kiosks, each its own token and connection, one batch of {BATCH} each in "
        f"flight at once, {ROUNDS} rounds ({expected:,} events) alternating with the other hub"
    )
    wall_s = pg.seconds + sqlite.seconds
    return [
        Figure(
            PG_FIGURE,
            pg.rate,
            "events/s",
            note=f"{load}; `storywall hub --workers {WORKERS}` on a scratch PostgreSQL database",
        ),
        Figure(
            SQLITE_FIGURE,
            sqlite.rate,
            "events/s",
            note=f"{load}; `storywall hub --workers 1` on a fresh SQLite file (the load of "
            "hub_ingest_concurrent_events_per_s, through the same command as the PostgreSQL side)",
        ),
        Figure(
            RATIO_FIGURE,
            pg.rate / sqlite.rate,
            "x",
            Target(">=", RATIO_TARGET),
            note="PostgreSQL with 4 workers against SQLite with one, same load, same run; the "
            f"load generator used {generator_cpu_s / wall_s:.2f} of a core meanwhile, on a "
            "machine whose cores it shares with both hubs and PostgreSQL",
        ),
        Figure(
            PG_PER_CORE,
            pg.accepted / pg.hub_cpu_s,
            "events/CPU-s",
            note=f"hub processes only ({pg.hub_cpu_s:.1f} CPU-s in {pg.seconds:.1f} s: "
            f"{pg.hub_cpu_s / pg.seconds:.2f} cores busy)",
        ),
        Figure(
            PG_PER_CORE_WITH_DB,
            pg.accepted / (pg.hub_cpu_s + pg.db_cpu_s),
            "events/CPU-s",
            note=f"hub processes plus the PostgreSQL server processes of the scratch database "
            f"({pg.db_cpu_s:.1f} CPU-s)",
        ),
        Figure(
            SQLITE_PER_CORE,
            sqlite.accepted / sqlite.hub_cpu_s,
            "events/CPU-s",
            note=f"the hub process, SQLite inside it ({sqlite.hub_cpu_s:.1f} CPU-s in "
            f"{sqlite.seconds:.1f} s: {sqlite.hub_cpu_s / sqlite.seconds:.2f} cores busy)",
        ),
    ]
