"""The caretaker rota's `storywall admin` actions: rota-add, rota-list, rota-remove and
rota-link (what they do: cli/commands/rota_admin.py)."""

from __future__ import annotations

import argparse
from typing import Any


def positive_days(value: str) -> int:
    """An argparse type: a number of days, 1 to 3650."""
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days") from None
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError(f"must be 1-3650 days, not {days}")
    return days


def add_rota_actions(actions: Any) -> None:
    """Add the rota's actions to `storywall admin`'s subparsers."""
    add = actions.add_parser(
        "rota-add", help="add a check time to a fridge's cleaning rota (makes its slots)"
    )
    add.add_argument("fridge", help="the fridge's site slug")
    add.add_argument("--at", required=True, help="local time of the check, HH:MM (24-hour)")
    add.add_argument(
        "--days", default="daily", help="daily, or weekdays separated by commas: mon,thu"
    )
    listing = actions.add_parser(
        "rota-list", help="a fridge's check times and coming slots, with who took them"
    )
    listing.add_argument("fridge", help="the fridge's site slug")
    remove = actions.add_parser(
        "rota-remove", help="remove a check time; its coming slots are cancelled"
    )
    remove.add_argument("fridge", help="the fridge's site slug")
    remove.add_argument("schedule_id", type=int, help="the check time's number (rota-list)")
    link = actions.add_parser(
        "rota-link", help="print the signed link volunteers take slots with, and the check link"
    )
    link.add_argument("fridge", help="the fridge's site slug")
    link.add_argument(
        "--valid-days", type=positive_days, default=90, help="how long the take link works"
    )
