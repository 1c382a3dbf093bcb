"""`storywall simulate` against a live hub: this run's counts, and a revoked kiosk."""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.main import main
from cli.simulator import KioskCredentials, run_simulation
from tests.support.live_hub import LiveHub, running_hub

SUMMARY = re.compile(
    r"simulate: (\d+) presses, (\d+) acknowledged by the hub, (\d+) still queued, (\d+) rejected"
)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    with running_hub(tmp_path / "hub", "Sunny?") as live:
        yield live


def _tokens(hub: LiveHub, path: Path, count: int) -> list[KioskCredentials]:
    credentials = [KioskCredentials(f"sim-{i}", hub.add_kiosk(f"sim-{i}")) for i in range(count)]
    path.write_text("".join(f"{c.kiosk_id} {c.token}\n" for c in credentials))
    return credentials


def _simulate(hub: LiveHub, tmp_path: Path) -> int:
    return main(
        ["simulate", "--hub", hub.url, "--tokens", str(tmp_path / "tokens.txt"), "--rate", "20",
         "--duration", "2", "--work-dir", str(tmp_path / "sim")]
    )  # fmt: skip


def _summary(out: str) -> tuple[int, int, int, int]:
    found = SUMMARY.findall(out)
    assert len(found) == 1, out
    presses, acked, queued, rejected = (int(n) for n in found[0])
    return presses, acked, queued, rejected


def test_a_second_run_reports_its_own_counts(
    hub: LiveHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _tokens(hub, tmp_path / "tokens.txt", 2)
    runs = []
    for _ in range(2):
        code = _simulate(hub, tmp_path)
        out = capsys.readouterr().out
        assert code == 0, out
        runs.append(_summary(out))
    held = sum(len(hub.events(f"sim-{i}")) for i in range(2))
    (first, first_acked, _, _), (second, second_acked, queued, rejected) = runs
    assert first > 0 and second > 0
    assert held == first + second  # both runs' presses reached the hub ...
    assert first_acked == first
    assert second_acked == second  # ... and each run counts only its own
    assert (queued, rejected) == (0, 0)


def test_a_revoked_kiosk_is_reported_and_the_others_carry_on(
    hub: LiveHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _tokens(hub, tmp_path / "tokens.txt", 3)
    hub.revoke("sim-1")
    code = _simulate(hub, tmp_path)
    out = capsys.readouterr().out
    assert code == 1, out  # not everything was delivered: say so in the exit code
    assert re.search(r"kiosk sim-1 refused by the hub: .*(401|token)", out), out
    presses, acked, queued, rejected = _summary(out)
    held = {i: len(hub.events(f"sim-{i}")) for i in range(3)}
    assert held[1] == 0
    assert held[0] > 0 and held[2] > 0
    assert presses == acked == held[0] + held[2]
    assert (queued, rejected) == (0, 0)


def test_a_kiosk_revoked_during_the_run_does_not_stop_the_others(
    hub: LiveHub, tmp_path: Path
) -> None:
    credentials = _tokens(hub, tmp_path / "tokens.txt", 2)
    revoked = threading.Event()

    def revoke_once_it_has_pushed() -> None:
        deadline = time.monotonic() + 60
        while not hub.events("sim-1") and time.monotonic() < deadline:
            time.sleep(0.02)
        hub.revoke("sim-1")
        revoked.set()

    watcher = threading.Thread(target=revoke_once_it_has_pushed, daemon=True)
    watcher.start()
    report = run_simulation(
        hub.url, credentials, work_dir=tmp_path / "sim", rate=40, presses=300, seed=3
    )
    watcher.join(timeout=60)
    assert revoked.is_set()
    by_id = {k.kiosk_id: k for k in report.kiosks}
    assert report.presses == 300
    assert by_id["sim-0"].refused is None
    assert by_id["sim-0"].acked == by_id["sim-0"].presses == len(hub.events("sim-0"))
    assert by_id["sim-1"].refused is not None, by_id["sim-1"]
    # What sim-1 pressed after its token went is kept on the kiosk, counted as queued.
    assert by_id["sim-1"].acked == len(hub.events("sim-1"))
    assert by_id["sim-1"].queued == by_id["sim-1"].presses - by_id["sim-1"].acked > 0


def test_a_fast_simulation_is_opinion_not_play(hub: LiveHub, tmp_path: Path) -> None:
    # Each simulated press stands for another passer-by, however fast they come.
    from cli.simulator import VirtualKiosk

    [credentials] = _tokens(hub, tmp_path / "tokens.txt", 1)
    kiosk = VirtualKiosk(hub.url, credentials, tmp_path / "sim")
    try:
        assert kiosk.connect()
        rng = random.Random(1)
        for _ in range(20):
            assert kiosk.press_random(rng)
        events = kiosk.parts.outbox.take_batch()
        assert len(events) == 20
        assert not [e for e in events if e.payload.model_dump().get("play")]
        assert kiosk.parts.core.answered_today() == 20
    finally:
        kiosk.parts.close()
