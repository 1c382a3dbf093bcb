"""The options of `storywall admin add-fridge/set-fridge`, and what they mean for the
hub's server/fridges.py. argparse refuses what is not a number; the ranges and rules
(a position needs both halves, at most 12 rules) stay in the fridge model, applied once,
and come back as one line naming the option (`fridge_flag_words`).
"""

from __future__ import annotations

import argparse
import math
from typing import Any

# FridgeBase field -> the option that sets it.
FIELD_FLAGS = {
    "address": "--address",
    "latitude": "--lat",
    "longitude": "--lon",
    "opening_notes": "--opening-notes",
    "accepts": "--accept",
    "refuses": "--refuse",
    "moderate_photos": "--moderate-photos",
    "warm_above_c": "--warm-above-c",
    "warm_for_min": "--warm-for-min",
    "recover_for_min": "--recover-for-min",
    "door_open_limit_min": "--door-open-limit-min",
    "silent_after_min": "--silent-after-min",
}


def decimal_number(value: str) -> float:
    """An argparse type: a finite decimal number (51.5226, -0.08)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"{value!r} is not a finite number")
    return number


def minutes(value: str) -> int:
    """An argparse type: a whole number of minutes."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of minutes") from None


def add_fridge_options(parser: argparse.ArgumentParser) -> None:
    """Every option a fridge has; each is optional (absent: unchanged, or the default)."""
    where = parser.add_argument_group("where it is")
    where.add_argument("--address", help="street address, as people would look for it")
    where.add_argument(
        "--lat", type=decimal_number, help="latitude in degrees (WGS 84), e.g. 51.5226"
    )
    where.add_argument("--lon", type=decimal_number, help="longitude in degrees, e.g. -0.0812")
    where.add_argument("--opening-notes", help='when it is open, e.g. "24/7, in the porch"')
    rules = parser.add_argument_group(
        "rules", "each list is replaced by the options given; --accept '' empties it"
    )
    rules.add_argument(
        "--accept", action="append", metavar="RULE", help="what it welcomes (repeat per rule)"
    )
    rules.add_argument(
        "--refuse", action="append", metavar="RULE", help="what it must not be given (repeat)"
    )
    photos = parser.add_mutually_exclusive_group()
    photos.add_argument(
        "--moderate-photos",
        dest="moderate_photos",
        action="store_const",
        const=True,
        help="hold drop-off photos until a moderator approves them (the default)",
    )
    photos.add_argument(
        "--no-moderate-photos",
        dest="moderate_photos",
        action="store_const",
        const=False,
        help="publish drop-off photos at once (they still lose all metadata)",
    )
    safety = parser.add_argument_group("food safety (docs/fridges.md)")
    safety.add_argument(
        "--warm-above-c",
        type=decimal_number,
        metavar="CELSIUS",
        help="too warm above this temperature (0-15; the UK legal limit is 8)",
    )
    safety.add_argument(
        "--warm-for-min", type=minutes, metavar="MIN", help="...for longer than this"
    )
    safety.add_argument(
        "--recover-for-min",
        type=minutes,
        metavar="MIN",
        help="recovered after this long back below the limit",
    )
    safety.add_argument(
        "--door-open-limit-min",
        type=minutes,
        metavar="MIN",
        help="flag a door left open longer than this",
    )
    safety.add_argument(
        "--silent-after-min",
        type=minutes,
        metavar="MIN",
        help="flag the thermometer when silent this long",
    )


def fridge_values(args: argparse.Namespace) -> dict[str, Any]:
    """The fridge's fields the options name (only those given)."""
    given = vars(args)
    values: dict[str, Any] = {}
    for field, flag in FIELD_FLAGS.items():
        value = given.get(flag.removeprefix("--").replace("-", "_"))
        if value is None:
            continue
        if field in ("accepts", "refuses"):
            value = [rule for rule in value if rule.strip()]
        values[field] = value
    return values


def fridge_flag_words(message: str) -> str:
    """A fridge model's message ("fridge latitude: ...") in the options' words."""
    if not message.startswith("fridge"):
        return message
    rest = message.removeprefix("fridge").lstrip()
    for field, flag in FIELD_FLAGS.items():
        if rest.startswith(field + "."):  # one rule of a list: "accepts.3: ..."
            index, _colon, detail = rest.removeprefix(field + ".").partition(":")
            if index.isdigit():
                return f"{flag}, rule {int(index) + 1}:{detail}"
        if rest.startswith(field + ":"):
            return flag + rest.removeprefix(field)
    if "latitude and longitude" in rest:
        return "--lat and --lon: " + rest.removeprefix(": ")
    return message
