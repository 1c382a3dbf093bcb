"""The kiosk benchmarks' harness, run tiny against the real kiosk and hub, so it keeps up
with the kiosk code (the figures themselves run only in `make bench`).

Nothing here asserts on time: only that each scenario ran the real press path and
counted what it says it counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import fig_kiosk_idle, fig_kiosk_memory, fig_kiosk_press, fig_kiosk_start
from bench.common import Hub
from bench.kiosk_harness import cache_config, write_kiosk_toml
from bench.kiosk_scenarios import idle, memory, reference_loop


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    with Hub() as hub:
        yield hub


def kiosk_toml(hub: Hub, folder: Path, *, debounce_ms: int | None = None) -> Path:
    seeded = hub.seeded
    toml = write_kiosk_toml(
        folder,
        hub_url=hub.url,
        token=seeded.token,
        kiosk_id=seeded.kiosk_id,
        debounce_ms=debounce_ms,
    )
    cache_config(toml)
    return toml


def test_every_kiosk_figure_module_has_a_run() -> None:
    for module in (fig_kiosk_idle, fig_kiosk_memory, fig_kiosk_press, fig_kiosk_start):
        assert callable(module.run)


def test_the_percentile_is_a_sample_at_its_rank() -> None:
    samples = [float(n) for n in range(20, 0, -1)]
    assert fig_kiosk_press.percentile(samples, 0.95) == 19.0
    assert fig_kiosk_press.percentile(samples, 0.5) == 10.0
    assert fig_kiosk_press.percentile([7.0], 0.95) == 7.0


def test_presses_during_a_catch_up_are_timed_to_a_frame(hub: Hub, tmp_path: Path) -> None:
    (result,) = fig_kiosk_press.catch_ups(hub, tmp_path, rounds=1, events=10_000, max_presses=3)
    assert result["presses"] >= 1
    assert len(result["latencies_ms"]) == result["presses"] - result["unrecorded"]
    assert all(ms > 0 for ms in result["latencies_ms"])


def test_an_idle_kiosk_and_the_reference_loop_count_frames(hub: Hub, tmp_path: Path) -> None:
    # An idle kiosk draws about once a second (the blinking cue), so watch for longer.
    result = idle(str(kiosk_toml(hub, tmp_path)), settle_s=0.0, seconds=2.5)
    assert result["frames"] >= 1
    assert result["presses"] == 0
    assert result["sync_state"] == "online"
    plain = reference_loop(seconds=0.2, warmup_s=0.05)
    assert plain["frames"] >= 1


def test_memory_is_read_after_each_lot_of_presses_is_recorded(hub: Hub, tmp_path: Path) -> None:
    toml = kiosk_toml(hub, tmp_path, debounce_ms=0)
    result = memory(str(toml), first=3, warmup=5, presses=7, window=2)
    assert result["recorded"] == 12
    for key in ("rss_first_mb", "rss_warm_mb", "rss_end_mb"):
        assert result[key] > 0


def test_the_installed_kiosk_reports_its_first_frame(hub: Hub, tmp_path: Path) -> None:
    assert fig_kiosk_start.time_to_first_frame(kiosk_toml(hub, tmp_path)) > 0
