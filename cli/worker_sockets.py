"""One listening socket per hub worker, in one SO_REUSEPORT group: `--workers N` that share.

uvicorn's own `--workers N` binds one socket in the parent and hands it to every
worker. Each worker's event loop then accepts every connection waiting when it
wakes (asyncio accepts up to `backlog` in one go), so a burst of new connections
lands on one worker: twenty kiosks connecting together were measured 19 on one
worker and 1 on another, and kept-alive they stay there, so four workers served
as one. With SO_REUSEPORT each worker listens on a socket of its own bound to the
same address, and the kernel spreads new connections across them. (uvicorn's
shared socket also made every kept-alive request wait ~40 ms: see listen_reuse_port.)

uvicorn's supervisor (restarts, signals, health checks) stays as it is: it is
given a `ReusePortListener` where it expects the parent's socket, and pickling
that for a spawned worker makes the worker bind a socket of its own as it starts.
"""

from __future__ import annotations

import socket
from typing import Any


def reuse_port_supported() -> bool:
    """True where the kernel can spread connections over several listening sockets."""
    return hasattr(socket, "SO_REUSEPORT")


def listen_reuse_port(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket at host:port in the port's SO_REUSEPORT group."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not the default 0: accepted sockets inherit it, and asyncio turns
    # Nagle's algorithm off (TCP_NODELAY) only on sockets that say they are TCP.
    # With 0, every kept-alive request waited ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


class ReusePortListener:
    """Where a worker should listen; it becomes that worker's own socket when unpickled.

    The parent never binds it: a socket of the group that nobody accepts on would
    still be handed its share of the connections, which would then hang.
    """

    def __init__(self, host: str, port: int, backlog: int) -> None:
        self.host, self.port, self.backlog = host, port, backlog

    def __reduce__(self) -> tuple[Any, ...]:
        return (listen_reuse_port, (self.host, self.port, self.backlog))

    def __repr__(self) -> str:
        return f"<ReusePortListener {self.host}:{self.port}>"
