"""`storywall simulate`: N virtual kiosks pressing buttons against a hub."""

from __future__ import annotations

import argparse

from cli.commands._extras import require
from cli.commands._signals import stop_on_signals


def run(args: argparse.Namespace) -> int:
    require("kiosk", "httpx")
    from cli.simulator import read_tokens, run_simulation

    credentials = read_tokens(args.tokens)
    if args.kiosks:
        credentials = credentials[: args.kiosks]
    print(
        f"simulate: {len(credentials)} kiosks, {args.rate}/s each for {args.duration} s "
        f"against {args.hub}",
        flush=True,
    )
    with stop_on_signals() as stop:
        report = run_simulation(
            args.hub,
            credentials,
            work_dir=args.work_dir,
            rate=args.rate,
            duration=args.duration,
            stop=stop,
        )
    print(
        f"simulate: {report.presses} presses, {report.acked} acknowledged by the hub, "
        f"{report.pending} still queued, {report.rejected} rejected, {report.seconds:.1f} s"
    )
    return 0 if report.pending == 0 and report.rejected == 0 else 1
