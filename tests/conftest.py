"""Suite-wide set-up. Headless pygame is set here, not only in CI, so every run is alike."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# gpiozero falls back to MockFactory only when told; tests never touch real pins.
os.environ.setdefault("GPIOZERO_PIN_FACTORY", "mock")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say once per reason what was skipped, so a missing optional service is plain."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons: Counter[str] = Counter()
    for report in skipped:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    if reasons:
        terminalreporter.section("skipped, by reason")
        for reason, count in reasons.most_common():
            terminalreporter.write_line(f"{count:5d}  {reason}")
