"""The prompts' `storywall admin` actions besides set-prompt: prompts (the list by
state), prompt lock/unlock/close/archive/restore/reveal/hide, and calendar
(what they do: cli/commands/prompt_admin.py; the rules: docs/prompts.md)."""

from __future__ import annotations

import argparse
from typing import Any

from cli.rota_args import positive_days
from cli.site_prompt_args import calendar_day

PROMPT_ACTIONS = {
    "lock": "keep showing it, with its results, but take no new answers",
    "unlock": "take answers again",
    "close": "end it now at every site (its answers stay)",
    "archive": "take it off the lists (closing it first); its history stays",
    "restore": "put an archived prompt back on the lists, ended",
    "reveal": "show its tallies on the wall",
    "hide": "hide its tallies on the wall again (they are still counted)",
}


def positive_id(value: str) -> int:
    """An argparse type: a prompt's number."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a prompt number (see `prompts`)")
    return int(value)


def add_prompt_actions(actions: Any) -> None:
    """Add the prompts' actions to `storywall admin`'s subparsers."""
    listing = actions.add_parser(
        "prompts", help="every prompt by state: live, upcoming, waiting, ended"
    )
    listing.add_argument("--archived", action="store_true", help="list archived ones too")
    prompt = actions.add_parser(
        "prompt", help="lock, unlock, close, archive, restore, reveal or hide a prompt"
    )
    prompt_actions = prompt.add_subparsers(
        dest="prompt_action", required=True, metavar="PROMPT_ACTION"
    )
    for name, words in PROMPT_ACTIONS.items():
        one = prompt_actions.add_parser(name, help=words)
        one.add_argument("prompt_id", type=positive_id, help="the prompt's number (`prompts`)")
    calendar = actions.add_parser(
        "calendar", help="what each site shows each morning (06:00 there), gaps marked"
    )
    calendar.add_argument(
        "--from",
        dest="first_day",
        type=calendar_day,
        metavar="YYYY-MM-DD",
        help="the first day (default: today)",
    )
    calendar.add_argument(
        "--days", type=positive_days, default=14, help="how many days to show (default: 14)"
    )
    calendar.add_argument(
        "--site",
        action="append",
        dest="sites",
        metavar="SLUG",
        help="only this site (again for more)",
    )
