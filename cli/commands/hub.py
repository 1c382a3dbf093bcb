"""`storywall hub`: serve the hub with uvicorn."""

from __future__ import annotations

import argparse
import os

from cli.commands._extras import require


def apply_db_options(args: argparse.Namespace) -> None:
    """Command-line flags win over the environment; settings read the environment."""
    if getattr(args, "data_dir", None) is not None:
        os.environ["STORYWALL_DATA_DIR"] = str(args.data_dir)
    if getattr(args, "database_url", None):
        os.environ["STORYWALL_DATABASE_URL"] = args.database_url


def run(args: argparse.Namespace) -> int:
    require("hub", "fastapi", "uvicorn", "sqlmodel")
    import uvicorn

    from server.log_config import log_config

    apply_db_options(args)
    # The factory string (not an app object) lets uvicorn start several workers,
    # each building its own app and engine from the same environment; this factory
    # also ends each worker when the parent process dies (cli/hub_worker.py).
    uvicorn.run(
        "cli.hub_worker:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        log_level="info",
        # uvicorn's logging, with query strings and credentials kept out of the log.
        log_config=log_config(),
    )
    return 0
