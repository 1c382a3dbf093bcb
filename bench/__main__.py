"""`python -m bench` (what `make bench` runs): every figure, a table, the results file.

Each `bench/fig_*.py` module has a `run() -> list[Figure]`. `python -m bench NAME...`
runs only the modules whose name contains one of the NAMEs (e.g. `sync`), and then
writes nothing unless every figure ran, so latest.json is always a complete run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from collections.abc import Callable

import bench
from bench.common import RESULTS_DIR, Figure, format_table, write_results

RESULTS_FILE = RESULTS_DIR / "latest.json"


def figure_modules() -> list[str]:
    """The names of the figure modules, sorted."""
    return sorted(
        f"bench.{info.name}"
        for info in pkgutil.iter_modules(bench.__path__)
        if info.name.startswith("fig_")
    )


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    modules = figure_modules()
    chosen = [m for m in modules if not wanted or any(w in m for w in wanted)]
    if not chosen:
        print(f"no figure module matches {wanted}; have {modules}", file=sys.stderr)
        return 2
    figures: list[Figure] = []
    began = time.monotonic()
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started = time.monotonic()
        run: Callable[[], list[Figure]] = importlib.import_module(name).run
        figures.extend(run())
        print(f"  {name}: {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    print(format_table(figures))
    print(f"({len(chosen)} modules in {time.monotonic() - began:.0f} s)")
    if chosen == modules:
        write_results(figures, RESULTS_FILE)
        print(f"wrote {RESULTS_FILE.relative_to(RESULTS_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
