"""CPU seconds spent by a process and its descendants, read from /proc (Linux only).

A figure per CPU core needs the hub's own CPU time, not the wall clock: the load
generator and PostgreSQL share this machine's cores with it. /proc/<pid>/stat
gives user and system time in clock ticks (fields 14 and 15); a hub started with
`--workers N` is a parent with N children, each counted while it lives.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_S = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int, proc: Path) -> list[str] | None:
    try:
        text = (proc / str(pid) / "stat").read_text(encoding="utf-8")
    except OSError:  # ended, or another machine's pid
        return None
    # The command name (field 2) is in parentheses and may hold spaces or ')'.
    return text[text.rindex(")") + 2 :].split()


def available(proc: Path = PROC) -> bool:
    """True where this process can read its own /proc/<pid>/stat."""
    return _stat_fields(os.getpid(), proc) is not None


def descendants(pid: int, proc: Path = PROC) -> list[int]:
    """`pid` and every process below it (children, their children...)."""
    parents: dict[int, list[int]] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name), proc)
            if fields is not None:
                # After the name: state, then the parent's pid.
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(parents.get(current, []))
    return found


def cpu_seconds_each(pids: Iterable[int], proc: Path = PROC) -> dict[int, float]:
    """User plus system CPU seconds of each of `pids` so far (one that is gone is left out)."""
    used = {}
    for pid in pids:
        fields = _stat_fields(pid, proc)
        if fields is not None:
            # utime and stime: fields 14 and 15 of the file, 12 and 13 after the name.
            used[pid] = (int(fields[11]) + int(fields[12])) / TICKS_PER_S
    return used


def cpu_seconds(pids: Iterable[int], proc: Path = PROC) -> float:
    """User plus system CPU seconds of `pids` together so far (one that is gone counts 0)."""
    return sum(cpu_seconds_each(pids, proc).values())
