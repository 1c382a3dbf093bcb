"""The hub's database as the command line meets it: settings, the schema check, errors.

Every problem (a bogus URL, a data dir that is a file, a database that is missing or
behind) ends as one StorywallError line naming the flag or variable to fix.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from typing import TYPE_CHECKING, Any

from cli.errors import StorywallError

if TYPE_CHECKING:
    from server.core.config import Settings
    from server.core.migrate import SchemaState

# Settings that have a flag on `hub` and `admin`; the others are environment only.
FLAGS = {"data_dir": "--data-dir", "database_url": "--database-url"}


def apply_db_options(args: argparse.Namespace) -> None:
    """Command-line flags win over the environment; settings read the environment."""
    if getattr(args, "data_dir", None) is not None:
        os.environ["STORYWALL_DATA_DIR"] = str(args.data_dir)
    if getattr(args, "database_url", None):
        os.environ["STORYWALL_DATABASE_URL"] = args.database_url


def hub_settings(args: argparse.Namespace) -> Settings:
    """The hub's settings from flags and STORYWALL_*; a bad one is one line naming it."""
    from pydantic import ValidationError

    from server.core.config import Settings

    apply_db_options(args)
    try:
        return Settings()
    except ValidationError as error:
        problems = [_describe(problem, args) for problem in error.errors()]
        raise StorywallError("; ".join(problems)) from None
    except ValueError as error:
        raise StorywallError(str(error)) from None


def _describe(problem: Any, args: argparse.Namespace) -> str:
    message = str(problem.get("msg", "invalid")).removeprefix("Value error, ")
    location = problem.get("loc") or ()
    if not location:
        return message
    field = str(location[0])
    setting = f"STORYWALL_{field.upper()}"
    if getattr(args, field, None) and field in FLAGS:
        setting = f"{FLAGS[field]} (or {setting})"
    return f"{setting}: {message}"


def upgrade_command(settings: Settings) -> str:
    """The command that creates or upgrades the database these settings point at."""
    if not os.environ.get("STORYWALL_DATABASE_URL"):
        folder = shlex.quote(str(settings.data_dir.absolute()))
        return f"storywall admin db upgrade --data-dir {folder}"
    return "storywall admin db upgrade --database-url <the same URL>"


def say_database(prog: str, where: str) -> None:
    """The one line on stderr that names the database a command used (stdout stays data)."""
    print(f"{prog}: database {where}", file=sys.stderr, flush=True)


def upgrade_database(settings: Settings) -> tuple[SchemaState, SchemaState]:
    """Create or upgrade the hub's database to head; (before, after)."""
    from server.core.migrate import DatabaseNotReady, upgrade

    try:
        return upgrade(settings.database_url)
    except DatabaseNotReady as error:
        raise StorywallError(str(error)) from None
    except OSError as error:  # the data dir cannot be created or written
        raise StorywallError(
            f"--data-dir (or STORYWALL_DATA_DIR): {error.strerror}: {error.filename}"
        ) from None


def describe_upgrade(before: SchemaState, after: SchemaState) -> str:
    """`from X to Y`, or `already at Y`."""
    if before.revision == after.revision and not before.empty:
        return f"already at {after.describe()}"
    return f"from {before.describe()} to {after.describe()}"


def migrate_before_serving(prog: str, settings: Settings) -> None:
    """The pre-start step of `storywall hub` and `demo`: once, before any worker starts."""
    before, after = upgrade_database(settings)
    print(f"{prog}: database {after.where}: {describe_upgrade(before, after)}", file=sys.stderr)
