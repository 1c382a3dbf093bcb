"""The chaos suite's scale, seed and hub fixtures.

`make test` runs every chaos test scaled down (the whole folder in well under a
minute on two cores); `make chaos` sets STORYWALL_CHAOS_SCALE=full for the long run
(at least 200 SIGKILL cycles...). STORYWALL_CHAOS_SEED replays one run exactly as
far as the seeded choices go (the OS scheduler still has its say).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.live_hub import LiveHub

KIOSK_ID = "chaos-1"
PROMPT = "How was the park today?"


@dataclass(frozen=True)
class Scale:
    """How much chaos each test makes; every loop in the suite is bounded by these."""

    name: str
    # test_kill_kiosk: SIGKILL/restart cycles of the kiosk process.
    kill_cycles: int
    # test_fault_proxy: presses recorded while the proxy misbehaves, and the least
    # number of requests the proxy must have mangled or passed before the clean drain.
    proxy_presses: int
    proxy_min_requests: int
    # test_hub_restart: offline backlog, then hub restarts (in-thread and SIGKILL).
    backlog: int
    hub_restarts: int
    hub_kills: int


SMALL = Scale(
    name="small",
    kill_cycles=12,
    proxy_presses=240,
    proxy_min_requests=60,
    backlog=1_500,
    hub_restarts=4,
    hub_kills=3,
)
FULL = Scale(
    name="full",
    kill_cycles=200,
    proxy_presses=3_000,
    proxy_min_requests=600,
    backlog=12_000,
    hub_restarts=25,
    hub_kills=15,
)


def chaos_scale() -> Scale:
    value = os.environ.get("STORYWALL_CHAOS_SCALE", "small").strip().lower()
    if value in ("", "small"):
        return SMALL
    if value == "full":
        return FULL
    raise pytest.UsageError(f"STORYWALL_CHAOS_SCALE must be 'small' or 'full', not {value!r}")


@pytest.fixture(scope="session")
def scale() -> Scale:
    return chaos_scale()


@pytest.fixture
def seed(request: pytest.FixtureRequest) -> int:
    """A seed per test: fixed unless STORYWALL_CHAOS_SEED says otherwise (shown on failure)."""
    base = int(os.environ.get("STORYWALL_CHAOS_SEED", "20260501"))
    value = base + sum(map(ord, request.node.name))
    request.node.user_properties.append(("chaos_seed", value))
    # Shown with the captured output of a failing test.
    print(f"chaos seed: STORYWALL_CHAOS_SEED={base} -> {value}")
    return value


def pytest_report_header(config: pytest.Config) -> str:
    chosen = chaos_scale()
    return f"storywall chaos scale: {chosen.name} ({chosen})"


@pytest.fixture
def live_hub(tmp_path: Path) -> Iterator[LiveHub]:
    """A real hub on uvicorn in a thread, with a site, a prompt and no kiosk yet."""
    hub = LiveHub(tmp_path / "hub")
    hub.add_site()
    hub.set_prompt(PROMPT)
    hub.start()
    yield hub
    hub.stop()
    hub.engine.dispose()
