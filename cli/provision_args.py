"""The options of `storywall admin add-kiosk/rotate-token --kiosk-config` and of
`storywall admin provision-kiosk`. Nothing here imports the hub: the parser is built
on kiosks too.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path


def positive_hours(value: str) -> float:
    """An argparse type: a number of hours above 0 (the hub sets the upper limit)."""
    try:
        hours = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of hours") from None
    if not math.isfinite(hours) or hours <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 hours, not {value}")
    return hours


def add_kiosk_config_options(parser: argparse.ArgumentParser) -> None:
    """--kiosk-config FILE [--force]: also write the kiosk's complete kiosk.toml."""
    parser.add_argument(
        "--kiosk-config",
        type=Path,
        metavar="FILE",
        help="also write the kiosk's complete kiosk.toml (id, hub_url from "
        "STORYWALL_PUBLIC_URL, the token) to FILE, mode 0600",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE when it exists already")


def add_provision_options(parser: argparse.ArgumentParser) -> None:
    """provision-kiosk ID [--valid-hours H] [--qr FILE.png]."""
    parser.add_argument("kiosk_id", help="the kiosk's id")
    parser.add_argument(
        "--valid-hours",
        type=positive_hours,
        default=24.0,
        metavar="H",
        help="how long the link works if nobody opens it",
    )
    parser.add_argument(
        "--qr",
        type=Path,
        metavar="FILE.png",
        help="also write the link as a QR code, a PNG (mode 0600: it is a credential)",
    )
