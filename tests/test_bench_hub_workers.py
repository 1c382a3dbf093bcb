"""The PostgreSQL-workers benchmark's harness: CPU time from /proc, and a clear skip.

The figures themselves run only in `make bench` (they need PostgreSQL and minutes);
here the parts that could quietly report a wrong number are checked on their own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import cpu_time, fig_hub_pg_workers
from bench.common import format_table, write_results
from bench.scratch_pg import POSTGRES_ENVS


def _stat(proc: Path, pid: int, name: str, parent: int, utime: int, stime: int) -> None:
    # The fields of /proc/<pid>/stat up to stime (15); the rest do not matter here.
    fields = ["S", str(parent), *["0"] * 9, str(utime), str(stime), "0", "0"]
    (proc / str(pid)).mkdir(parents=True)
    (proc / str(pid) / "stat").write_text(f"{pid} ({name}) {' '.join(fields)}\n")


def test_a_hub_and_its_workers_cpu_time_add_up(tmp_path: Path) -> None:
    ticks = cpu_time.TICKS_PER_S
    _stat(tmp_path, 10, "storywall", 1, 2 * ticks, ticks)
    _stat(tmp_path, 11, "python worker (a) b)", 10, 3 * ticks, 0)  # a name with ") "
    _stat(tmp_path, 12, "python", 10, ticks, ticks)
    _stat(tmp_path, 13, "python", 12, 0, ticks)  # a worker's own child
    _stat(tmp_path, 20, "postgres", 1, 50 * ticks, 0)  # not the hub's

    pids = cpu_time.descendants(10, proc=tmp_path)

    assert sorted(pids) == [10, 11, 12, 13]
    assert cpu_time.cpu_seconds(pids, proc=tmp_path) == pytest.approx(3 + 3 + 2 + 1)
    # A process gone since is left out, not an error.
    assert cpu_time.cpu_seconds_each([11, 99], proc=tmp_path) == {11: pytest.approx(3)}


def test_without_postgresql_every_figure_says_it_was_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in POSTGRES_ENVS:
        monkeypatch.delenv(name, raising=False)

    figures = fig_hub_pg_workers.run()

    assert {figure.name for figure in figures} >= {
        "hub_ingest_pg_4workers_events_per_s",
        "hub_ingest_pg_4workers_vs_sqlite_ratio",
    }
    assert all("STORYWALL_BENCH_POSTGRES_URL" in figure.skipped for figure in figures)
    table = format_table(figures)
    assert "hub_ingest_pg_4workers_vs_sqlite_ratio: SKIPPED: no PostgreSQL" in table
    assert "MISSED" not in table
    write_results(figures, tmp_path / "latest.json")
    written = json.loads((tmp_path / "latest.json").read_text())
    ratio = written["hub_ingest_pg_4workers_vs_sqlite_ratio"]
    assert ratio["value"] is None and ratio["skipped"].startswith("no PostgreSQL")
