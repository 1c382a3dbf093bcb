"""What every figure shares: the figure record, the table, the results file, a real hub.

The hub is the production code path end to end: `server.app:create_app` under
uvicorn in its own process (so the kiosk or load generator in this process does not
share a GIL with it, as on real hardware), listening on 127.0.0.1, with a fresh
SQLite file in a temporary directory, seeded through `server.crud`.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import sqlite3
import sys
import tempfile
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session

from server import crud
from server.core.db import make_engine
from server.core.migrate import upgrade
from server.launch import HubProcess, free_port
from storywall.closing import ClosesOnExit

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

SITE = "bench-park"
KIOSK = "bench-kiosk-1"
EMOJI = ["😀", "😐", "😢", "🌳"]
HUB_START_TIMEOUT_S = 30.0


# -- figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a figure should reach: at least (`>=`) or at most (`<=`) `value`."""

    op: Literal[">=", "<="]
    value: float

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


@dataclass(frozen=True)
class Figure:
    """One measured number, with its unit, its target (if any) and how it was measured."""

    name: str
    value: float
    unit: str
    target: Target | None = None
    note: str = ""
    # Why the figure could not be measured on this machine (e.g. no PostgreSQL); its
    # value is then meaningless and is written as null.
    skipped: str = ""

    @property
    def ratio(self) -> float | None:
        """Value against target, oriented so that >= 1.0 means the target is met."""
        if self.skipped or self.target is None or self.value == 0:
            return None
        if self.target.op == ">=":
            return self.value / self.target.value
        return self.target.value / self.value

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None else ratio >= 1.0

    def as_json(self) -> dict[str, Any]:
        measured: dict[str, Any] = {
            "value": None if self.skipped else self.value,
            "unit": self.unit,
            "target": None if self.target is None else str(self.target),
        }
        if self.skipped:
            measured["skipped"] = self.skipped
        return measured


def machine() -> str:
    """One line saying what the figures were measured on."""
    return (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
        f" ({platform.python_implementation()}), SQLite {sqlite3.sqlite_version},"
        f" {platform.system()} {platform.machine()}"
    )


def _format_value(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    return f"{value:.3f}"


def format_table(figures: list[Figure]) -> str:
    """The figures as a plain-text table, machine line first, notes after."""
    header = ("figure", "value", "unit", "target", "ratio", "")
    rows = [header]
    for figure in figures:
        ratio = figure.ratio
        verdict = "" if figure.met is None else ("ok" if figure.met else "MISSED")
        rows.append(
            (
                figure.name,
                "skipped" if figure.skipped else _format_value(figure.value),
                figure.unit,
                "-" if figure.target is None else str(figure.target),
                "-" if ratio is None else f"{ratio:.2f}",
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    right = {1, 4}  # numbers align right

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    out = [f"machine: {machine()}", line(header), "  ".join("-" * w for w in widths).rstrip()]
    out += [line(row) for row in rows[1:]]
    out.append("ratio: the value against its target, >= 1.00 means the target is met.")
    for figure in figures:
        if figure.skipped:
            out.append(f"- {figure.name}: SKIPPED: {figure.skipped}")
        elif figure.note:
            out.append(f"- {figure.name}: {figure.note}")
    return "\n".join(out)


def write_results(figures: list[Figure], path: Path) -> None:
    """`{name: {"value", "unit", "target"}}` as JSON, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {figure.name: figure.as_json() for figure in figures}
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


# -- events ------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    """What the hub was seeded with: one site, one kiosk (and its token), one prompt."""

    site_id: int
    kiosk_id: str
    token: str
    prompt_id: int
    emoji: list[str]


def reaction_events(
    *, kiosk_id: str, boot_id: str, first_seq: int, count: int, prompt_id: int, emoji: list[str]
) -> list[dict[str, Any]]:
    """`count` valid reaction events as a kiosk sends them (the wire form of the protocol)."""
    start = datetime.now(UTC) - timedelta(days=1)
    events = []
    for offset in range(count):
        seq = first_seq + offset
        events.append(
            {
                "v": 1,
                "id": str(uuid.uuid4()),
                "kiosk_id": kiosk_id,
                "boot_id": boot_id,
                "seq": seq,
                "mono_ms": 60_000 + seq * 250,
                "wall_time": (start + timedelta(milliseconds=seq * 250)).isoformat(),
                "clock_synced": True,
                "type": "reaction",
                "payload": {
                    "prompt_id": prompt_id,
                    "emoji": emoji[seq % len(emoji)],
                    "source": "button",
                },
            }
        )
    return events


# -- the hub -----------------------------------------------------------------------


def seed_hub(database_url: str) -> Seeded:
    """Migrate the hub's database (as `storywall hub` does before it serves) and seed it."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            site = crud.create_site(
                session=session, slug=SITE, name="Benchmark Park", timezone="UTC"
            )
            _, token = crud.create_kiosk(
                session=session, site_slug=SITE, kiosk_id=KIOSK, name="Bench kiosk"
            )
            prompt = crud.set_prompt(
                session=session,
                site_slug=SITE,
                text="How was the park?",
                emoji=EMOJI,
                results_revealed=True,
            )
            assert site.id is not None and prompt.id is not None
            return Seeded(site.id, KIOSK, token, prompt.id, list(prompt.emoji))
    finally:
        engine.dispose()


class Hub(ClosesOnExit):
    """The real hub in a uvicorn subprocess on 127.0.0.1, with a fresh SQLite file.

    Use as a context manager; the temporary directory and the process go at exit.
    """

    def __init__(self, *, profile_to: Path | None = None, server_timing: bool = False) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="storywall-bench-")
        self.dir = Path(self._tmp.name)
        self.db_path = self.dir / "hub.sqlite3"
        self.database_url = f"sqlite:///{self.db_path}"
        self.seeded = seed_hub(self.database_url)
        env = dict(os.environ)
        env.update(
            STORYWALL_ENV="development",
            STORYWALL_DATA_DIR=str(self.dir),
            STORYWALL_DATABASE_URL=self.database_url,
        )
        if profile_to is not None:
            env["BENCH_HUB_PROFILE"] = str(profile_to)
        if server_timing:
            env["BENCH_SERVER_TIMING"] = "1"
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self._process = HubProcess(
            [sys.executable, "-m", "bench.hub_server", str(port)],
            url=self.url,
            log=self.dir / "hub.log",
            env=env,
            cwd=PROJECT_ROOT,
            start_timeout_s=HUB_START_TIMEOUT_S,
            # SIGINT: uvicorn shuts down gracefully and a profile, if any, is written.
            stop_signal=signal.SIGINT,
            stop_timeout_s=30.0,
        )
        try:
            self._process.start()
        except BaseException:
            self._tmp.cleanup()
            raise

    def stored_events(self, kiosk_id: str | None = None) -> int:
        """How many events the hub's database holds (of one kiosk, when given)."""
        with closing(self.connect()) as conn:
            if kiosk_id is None:
                row = conn.execute("SELECT COUNT(*) FROM event").fetchone()
            else:
                row = conn.execute(
                    "SELECT COUNT(*) FROM event WHERE kiosk_id = ?", (kiosk_id,)
                ).fetchone()
        return int(row[0])

    def connect(self) -> sqlite3.Connection:
        """A plain sqlite3 connection to the hub's file (for checks, not for the figures)."""
        return sqlite3.connect(self.db_path)

    def schema(self) -> list[str]:
        """The DDL of every table and index in the hub's file, tables first."""
        with closing(self.connect()) as conn:
            rows = conn.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
                " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
            ).fetchall()
        return [str(sql) for (sql,) in rows]

    def close(self) -> None:
        """Stop the hub (gracefully, so a profile is written) and remove its files."""
        if hasattr(self, "_process"):
            self._process.stop()
        self._tmp.cleanup()
