"""`storywall admin create-organiser`: the first organiser (and any other) of a hub.

The password never appears on the command line (shell history, `ps`): it is asked
for twice on the terminal, or read from standard input with --password-stdin.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from cli.errors import StorywallError

if TYPE_CHECKING:
    from sqlmodel import Session


def read_password(args: argparse.Namespace) -> str:
    """The new password: stdin's first line, or typed twice at a prompt."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise StorywallError("create-organiser: no password on standard input")
        return password
    if not sys.stdin.isatty():
        raise StorywallError(
            "create-organiser: no terminal to ask for a password; pipe it in with --password-stdin"
        )
    first = getpass.getpass("Password for the new organiser: ")
    second = getpass.getpass("The same password again: ")
    if first != second:
        raise StorywallError("create-organiser: the two passwords differ; nothing was changed")
    return first


def check_email(args: argparse.Namespace) -> str:
    """The address, refused before a password is asked for when it is not one."""
    from server.errors import InvalidInput
    from server.services.accounts import normalise_email

    try:
        return normalise_email(args.email)
    except InvalidInput as error:
        raise StorywallError(f"create-organiser: --{error}") from None


def create_organiser(session: Session, args: argparse.Namespace, email: str, password: str) -> None:
    """Add the account and say so (never echoing the password)."""
    from server.clock import now_ms
    from server.services.accounts import create_account

    account = create_account(
        session, email=email, name=args.name, role="organiser", password=password, now_ms=now_ms()
    )
    print(f"organiser {account.email} ({account.name}) added; sign in at /login")
