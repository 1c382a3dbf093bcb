"""The organiser hub's `storywall admin` action: create-organiser (what it does:
cli/commands/account_admin.py)."""

from __future__ import annotations

from typing import Any


def add_account_actions(actions: Any) -> None:
    """Add the accounts' actions to `storywall admin`'s subparsers."""
    create = actions.add_parser(
        "create-organiser",
        help="add an organiser account (asks for its password twice)",
        description="Add an organiser account to the hub's dashboard. The password is asked "
        "for twice on the terminal, or read from standard input with --password-stdin "
        "(one line). At least 12 characters; a few words make a good one.",
    )
    create.add_argument("--email", required=True, help="the organiser's e-mail address")
    create.add_argument("--name", default="", help="the name shown (default: from the address)")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (first line) instead of asking",
    )
