"""`storywall hub`: migrate the database once, then serve the hub with uvicorn."""

from __future__ import annotations

import argparse
import logging
import socket
from typing import TYPE_CHECKING, Any, cast

from cli.commands._database import hub_settings, migrate_before_serving
from cli.commands._extras import require
from cli.errors import StorywallError
from cli.worker_sockets import ReusePortListener, reuse_port_supported

if TYPE_CHECKING:
    import uvicorn

log = logging.getLogger("uvicorn.error")


def run(args: argparse.Namespace) -> int:
    require("hub", "fastapi", "uvicorn", "sqlmodel", "alembic")
    import uvicorn

    from server.launch import port_free
    from server.log_config import log_config

    # An IPv4 probe (an IPv6 host is left to uvicorn's own error).
    if ":" not in args.host and not port_free(args.port, args.host):
        raise StorywallError(f"--port {args.port}: {args.host}:{args.port} is already in use")
    # In this process, before any worker exists: workers never race to migrate, and
    # each worker's create_app only checks the schema is at head.
    migrate_before_serving("storywall hub", hub_settings(args))
    # The factory string (not an app object) lets uvicorn start several workers,
    # each building its own app and engine from the same environment; this factory
    # also ends each worker when the parent process dies (cli/hub_worker.py).
    options: dict[str, Any] = {
        "factory": True,
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "proxy_headers": True,
        # None lets uvicorn read FORWARDED_ALLOW_IPS, else trust 127.0.0.1 only.
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "log_level": "info",
        # uvicorn's logging, with query strings and credentials kept out of the log.
        "log_config": log_config(),
    }
    if args.workers > 1 and reuse_port_supported():
        _serve_workers(uvicorn.Config("cli.hub_worker:create_app", **options))
    else:
        uvicorn.run("cli.hub_worker:create_app", **options)
    return 0


def _serve_workers(config: uvicorn.Config) -> None:
    """uvicorn's supervisor, each worker on a socket of its own (cli/worker_sockets.py)."""
    from uvicorn.supervisors import Multiprocess

    listener = ReusePortListener(config.host, config.port, config.backlog)
    log.info("Uvicorn running on http://%s:%d (%d workers)", config.host, config.port,
             config.workers)  # fmt: skip
    # Multiprocess only pickles its sockets for each worker it spawns (and re-spawns).
    Multiprocess(config, sockets=[cast("socket.socket", listener)]).run()
