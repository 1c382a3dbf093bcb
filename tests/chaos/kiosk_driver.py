"""One kiosk process for the SIGKILL test: the real outbox, core, sync worker and client.

Wired by kiosk.parts.KioskParts, as kiosk/app.py's build_kiosk is, minus the screen and buttons:
presses come from a seeded loop instead. Each press's event is printed as
`ACK <seq> <id>` only after KioskCore.record_press() returned, i.e. after its commit:
that line is the "thanks" a person would see. Everything else it prints:

    OPEN <integrity 0|1> <pending> <in_flight> <acked> <rejected>   outbox opened
    READY                                   the prompt is known, presses start
    DRAINED <pending> <acked>               (--drain) everything was acknowledged

Run: python tests/chaos/kiosk_driver.py DATA_DIR HUB_URL TOKEN KIOSK_ID SEED
         [--presses N] [--drain]
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path

# Run as a script from the repository root: make the project importable as-is.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.backoff import Backoff
from kiosk.clock import KioskClock
from kiosk.parts import KioskParts

PROMPT_WAIT_S = 20.0
DRAIN_WAIT_S = 60.0
MAX_PAUSE_S = 0.004


def say(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("hub_url")
    parser.add_argument("token")
    parser.add_argument("kiosk_id")
    parser.add_argument("seed", type=int)
    parser.add_argument("--presses", type=int, default=100_000)
    parser.add_argument("--drain", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    rng = random.Random(args.seed)

    # The real boot id (/proc/sys/kernel/random/boot_id): a restarted process is
    # the same boot, its monotonic clock carries on.
    parts = KioskParts.build(
        kiosk_id=args.kiosk_id,
        hub_url=args.hub_url,
        token=args.token,
        data_dir=args.data_dir,
        clock=KioskClock(assume_synced=True),
        http_timeout_s=5,
        idle_interval_s=0.05,
        coalesce_s=0.005,
        # Small, varying batches: more pushes, so more kills land in one.
        max_batch_events=rng.randint(1, 12),
        backoff=Backoff(base_s=0.02, cap_s=0.2),
    )
    outbox, worker, core = parts.outbox, parts.worker, parts.core
    counts = outbox.counts()
    say(
        f"OPEN {int(outbox.integrity_ok())} {counts.pending} {counts.in_flight}"
        f" {counts.acked} {counts.rejected}"
    )
    worker.start()

    deadline = time.monotonic() + PROMPT_WAIT_S
    while core.prompt is None:
        if time.monotonic() > deadline:
            say("NOPROMPT")
            return 3
        time.sleep(0.01)
    prompt = core.prompt
    say("READY")

    for _ in range(args.presses):
        event = core.record_press(rng.randrange(len(prompt.emoji)), "simulated")
        if event is None:  # pragma: no cover - the prompt never changes in these tests
            say("IGNORED")
            return 4
        say(f"ACK {event.seq} {event.id}")
        time.sleep(rng.uniform(0, MAX_PAUSE_S))

    if args.drain:
        deadline = time.monotonic() + DRAIN_WAIT_S
        while True:
            counts = outbox.counts()
            if counts.pending == 0 and counts.in_flight == 0:
                break
            if time.monotonic() > deadline:
                say(f"STUCK {counts.pending} {counts.in_flight}")
                return 5
            worker.wake()
            time.sleep(0.02)
        say(f"DRAINED {counts.pending} {counts.acked}")
    parts.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
