"""Each hub worker on its own SO_REUSEPORT socket: the kernel spreads connections over them.

`storywall hub --workers N` gives uvicorn's supervisor a ReusePortListener; a worker
unpickles it into a listening socket of its own (cli/worker_sockets.py). Here two
such sockets are made the way a spawned worker makes them, and connections opened
together are seen to reach both, where one shared socket let one worker take all.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
from contextlib import ExitStack

import pytest

from cli.worker_sockets import ReusePortListener, reuse_port_supported
from server.launch import HOST, free_port, port_free

pytestmark = pytest.mark.skipif(not reuse_port_supported(), reason="no SO_REUSEPORT here")
CONNECTIONS = 40


def _as_a_worker_gets_it(listener: ReusePortListener) -> socket.socket:
    """What multiprocessing's spawn does for each worker it starts: pickle, unpickle."""
    sock: socket.socket = pickle.loads(pickle.dumps(listener))  # noqa: S301 - our own bytes
    return sock


def _accept_all(listener: socket.socket) -> int:
    listener.setblocking(False)
    accepted = 0
    while True:
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            return accepted
        connection.close()
        accepted += 1


def test_two_workers_sockets_share_the_port_and_the_connections() -> None:
    port = free_port()
    listener = ReusePortListener(HOST, port, backlog=128)
    with ExitStack() as stack:
        first = stack.enter_context(_as_a_worker_gets_it(listener))
        second = stack.enter_context(_as_a_worker_gets_it(listener))
        assert first.getsockname()[1] == second.getsockname()[1] == port
        # `storywall hub` refuses a port in use: its check binds without SO_REUSEPORT.
        assert not port_free(port)
        clients = [
            stack.enter_context(socket.create_connection((HOST, port), timeout=5))
            for _ in range(CONNECTIONS)
        ]
        counts = [_accept_all(first), _accept_all(second)]
    assert sum(counts) == len(clients)
    assert min(counts) > 0, counts


def test_a_worker_answers_without_nagle_delays() -> None:
    """asyncio sets TCP_NODELAY only on sockets that say they are TCP; without it a
    kept-alive response waited ~40 ms for the client's delayed ACK."""
    listener = ReusePortListener(HOST, free_port(), backlog=128)

    async def accepted_nodelay() -> int:
        seen: asyncio.Queue[int] = asyncio.Queue()

        def on_connect(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.put_nowait(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        # As uvicorn serves the sockets it is handed: create_server(sock=...).
        server = await asyncio.start_server(on_connect, sock=_as_a_worker_gets_it(listener))
        async with server:
            _, writer = await asyncio.open_connection(HOST, listener.port)
            nodelay = await asyncio.wait_for(seen.get(), timeout=5)
            writer.close()
        return nodelay

    assert asyncio.run(accepted_nodelay()) != 0


def test_the_parent_binds_nothing() -> None:
    port = free_port()
    ReusePortListener(HOST, port, backlog=128)
    assert port_free(port)
