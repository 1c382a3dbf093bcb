"""`storywall admin backup OUT.tar` and `storywall admin restore IN.tar [--force]`.

The work is server.backup's; here are the words around it. Data goes to stdout, the
line naming the database to stderr, as for every admin action.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from cli.commands._database import say_database
from cli.errors import StorywallError

if TYPE_CHECKING:
    from server.core.config import Settings

PROG = "storywall admin"


def run(args: argparse.Namespace, settings: Settings) -> int:
    from server.backup import BackupError, create_backup, restore_backup
    from server.core.migrate import DatabaseNotReady

    started = time.monotonic()
    try:
        if args.action == "backup":
            done = create_backup(settings, args.archive)
            say_database(PROG, done.database)
            print(f"backup {done.path}: {done.bytes} bytes, {done.manifest.describe()}")
        else:
            restored = restore_backup(settings, args.archive, force=args.force)
            say_database(PROG, restored.database)
            if restored.replaced:
                print(f"replaced: {restored.replaced}")
            print(f"restored {args.archive}: {restored.manifest.describe()}")
            if restored.revision != restored.manifest.revision:
                print(f"migrated from revision {restored.manifest.revision} to {restored.revision}")
    except (BackupError, DatabaseNotReady) as error:
        raise StorywallError(f"{args.action}: {error}") from None
    print(f"took {time.monotonic() - started:.2f} s")
    return 0
