"""`storywall simulate`: N virtual kiosks pressing buttons against a hub."""

from __future__ import annotations

import argparse
import math
from urllib.parse import urlsplit

from cli.commands._extras import require
from cli.commands._signals import stop_on_signals
from cli.errors import StorywallError


def hub_url(value: str) -> str:
    """The --hub value as a base URL, or StorywallError saying what a hub URL looks like."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise StorywallError(
            f"--hub {value!r} is not a hub URL: give http:// or https:// and a host, "
            "e.g. http://127.0.0.1:8000"
        )
    return value.strip().rstrip("/")


def positive_number(flag: str, value: float, unit: str) -> float:
    """`value` when it is finite and above 0, else StorywallError naming `flag`."""
    if not (math.isfinite(value) and value > 0):
        raise StorywallError(f"{flag} must be a positive number of {unit}, not {value}")
    return value


def kiosk_count(value: str) -> int | None:
    """--kiosks: `all` (None) or a whole number of at least 1."""
    if value.strip().lower() == "all":
        return None
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise StorywallError(
            f"--kiosks must be 'all' or a whole number of at least 1, not {value!r}"
        )
    return count


def run(args: argparse.Namespace) -> int:
    # Every value is checked before a file is read or a kiosk is built.
    url = hub_url(args.hub)
    rate = positive_number("--rate", args.rate, "presses per second")
    if not (math.isfinite(args.duration) and args.duration >= 0):
        raise StorywallError(f"--duration must be a number of seconds, not {args.duration}")
    wanted = kiosk_count(args.kiosks)
    require("kiosk", "httpx")
    from cli.simulator import read_tokens, run_simulation

    credentials = read_tokens(args.tokens)
    if wanted is not None:
        if wanted > len(credentials):
            raise StorywallError(
                f"--kiosks {wanted}: {args.tokens} lists only {len(credentials)} kiosks"
            )
        credentials = credentials[:wanted]
    print(
        f"simulate: {len(credentials)} kiosks, {rate}/s each for {args.duration} s against {url}",
        flush=True,
    )
    with stop_on_signals() as stop:
        report = run_simulation(
            url, credentials, work_dir=args.work_dir, rate=rate, duration=args.duration, stop=stop
        )
    for kiosk in report.kiosks:
        if kiosk.refused is not None:
            kept = f"; {kiosk.queued} of its presses stay in its outbox" if kiosk.queued else ""
            print(f"simulate: kiosk {kiosk.kiosk_id} refused by the hub: {kiosk.refused}{kept}")
        if kiosk.earlier_sent:
            print(
                f"simulate: kiosk {kiosk.kiosk_id} also sent {kiosk.earlier_sent} events "
                "left queued by an earlier run"
            )
        if kiosk.earlier_queued:
            print(
                f"simulate: kiosk {kiosk.kiosk_id} still holds {kiosk.earlier_queued} events "
                "from an earlier run"
            )
    print(
        f"simulate: {report.presses} presses, {report.acked} acknowledged by the hub, "
        f"{report.pending} still queued, {report.rejected} rejected, {report.seconds:.1f} s"
    )
    ok = report.pending == 0 and report.rejected == 0 and not report.refused
    return 0 if ok else 1
