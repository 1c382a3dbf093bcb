"""A misbehaving HTTP/1.1 proxy on 127.0.0.1 for the chaos tests (asyncio, in a thread).

Kiosk -> FaultProxy -> hub. Each request the kiosk sends gets one fault from a
seeded schedule, drawn in the order requests arrive:

    pass          forwarded, answer relayed whole
    delay         forwarded after a pause, answer relayed after another
    drop_before   connection closed before anything reaches the hub
    drop_after    forwarded (the hub stores it), connection closed without an answer
    cut_request   half the body reaches the hub, then both sides are closed
    cut_response  forwarded, the answer cut off in the middle of its body
    duplicate     sent to the hub twice, one after the other; one answer relayed
    duplicate_concurrent  sent twice at the same time on two connections
    stall         held longer than the kiosk waits, then forwarded anyway

The schedule comes in shuffled blocks holding every fault once plus some passes
(a fault named in `rare` only in every n-th block), so a run of a few blocks has
met every fault. `clean = True`
turns every fault off (for the final drain). Only loopback addresses are used,
and every read and wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

PASS = "pass"
FAULTS = (
    "delay",
    "drop_before",
    "drop_after",
    "cut_request",
    "cut_response",
    "duplicate",
    "duplicate_concurrent",
    "stall",
)
HOST = "127.0.0.1"
IO_TIMEOUT_S = 15.0
MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Message:
    """One HTTP/1.1 message as raw bytes: the head (up to the blank line) and the body."""

    head: bytes
    body: bytes

    @property
    def start_line(self) -> bytes:
        return self.head.split(b"\r\n", 1)[0]

    def header(self, name: str) -> str | None:
        for line in self.head.split(b"\r\n")[1:]:
            key, _, value = line.partition(b":")
            if key.strip().lower() == name.lower().encode():
                return value.strip().decode("latin-1")
        return None

    def with_connection(self, value: str) -> bytes:
        """The head with its Connection header replaced, and the body."""
        lines = [
            line
            for line in self.head.split(b"\r\n")
            if line and not line.lower().startswith(b"connection:")
        ]
        lines.append(f"Connection: {value}".encode())
        return b"\r\n".join(lines) + b"\r\n\r\n" + self.body


async def read_request(reader: asyncio.StreamReader) -> Message | None:
    """One request with a Content-Length body (or none); None at a clean EOF."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IO_TIMEOUT_S)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    message = Message(head[:-4], b"")
    if message.header("transfer-encoding"):
        raise ValueError("chunked requests are not supported by this proxy")
    length = int(message.header("content-length") or 0)
    if not 0 <= length <= MAX_BODY_BYTES:
        raise ValueError(f"request body of {length} bytes")
    body = await asyncio.wait_for(reader.readexactly(length), IO_TIMEOUT_S) if length else b""
    return Message(message.head, body)


def split_response(raw: bytes) -> Message:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("the hub's answer has no complete head")
    return Message(head, body)


class FaultProxy:
    """See the module docstring. `start()`, point the kiosk at `url`, `stop()`."""

    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int,
        passes_per_block: int = 4,
        rare: Mapping[str, int] | None = None,
        max_delay_s: float = 0.15,
        stall_s: float = 1.0,
    ) -> None:
        self.upstream_port = upstream_port
        self.clean = False
        self.stats: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._passes = passes_per_block
        self._rare = dict(rare or {})
        self._blocks = 0
        self._max_delay_s = max_delay_s
        self._stall_s = stall_s
        self._schedule: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy")
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def requests(self) -> int:
        return sum(self.stats.values())

    # -- life cycle ----------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve_client, HOST, 0, limit=MAX_HEAD_BYTES), self._loop
        )
        self._server = future.result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)

    # -- the schedule --------------------------------------------------------------

    def _next_fault(self) -> str:
        if self.clean:
            return PASS
        if not self._schedule:
            self._blocks += 1
            block = [PASS] * self._passes + [
                fault for fault in FAULTS if self._blocks % self._rare.get(fault, 1) == 0
            ]
            self._rng.shuffle(block)
            self._schedule = block
        return self._schedule.pop()

    # -- one client connection -----------------------------------------------------

    async def _serve_client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        try:
            while True:
                request = await read_request(reader)
                if request is None:
                    break
                fault = self._next_fault()
                self.stats[fault] += 1
                if not await self._handle(fault, request, writer):
                    break
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)

    async def _handle(self, fault: str, request: Message, writer: asyncio.StreamWriter) -> bool:
        """Apply one fault; True when the client connection stays open."""
        if fault == "drop_before":
            return False
        if fault == "cut_request":
            await self._forward_partial(request)
            return False
        if fault == "stall":
            # The kiosk gives up first; the hub still gets (and stores) the request.
            await asyncio.sleep(self._stall_s)
            await self._forward(request)
            return False
        if fault == "delay":
            await asyncio.sleep(self._rng.uniform(0, self._max_delay_s))
        if fault == "duplicate":
            await self._forward(request)
            answer = await self._forward(request)
        elif fault == "duplicate_concurrent":
            first, second = await asyncio.gather(self._forward(request), self._forward(request))
            answer = self._rng.choice([first, second])
        else:
            answer = await self._forward(request)
        if fault == "drop_after":
            return False
        if fault == "delay":
            await asyncio.sleep(self._rng.uniform(0, self._max_delay_s))
        keep_alive = answer.header("content-length") is not None or answer.start_line.split(b" ")[
            1:2
        ] in ([b"204"], [b"304"])
        raw = answer.with_connection("keep-alive" if keep_alive else "close")
        if fault == "cut_response":
            head_len = len(raw) - len(answer.body)
            cut = head_len + self._rng.randint(0, max(0, len(answer.body) - 1))
            writer.write(raw[:cut])
            await asyncio.wait_for(writer.drain(), IO_TIMEOUT_S)
            return False
        writer.write(raw)
        await asyncio.wait_for(writer.drain(), IO_TIMEOUT_S)
        return keep_alive

    async def _forward(self, request: Message) -> Message:
        """Send the request on a fresh hub connection; return the hub's whole answer."""
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(HOST, self.upstream_port), IO_TIMEOUT_S
        )
        try:
            writer.write(request.with_connection("close"))
            await asyncio.wait_for(writer.drain(), IO_TIMEOUT_S)
            raw = await asyncio.wait_for(reader.read(), IO_TIMEOUT_S)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)
        return split_response(raw)

    async def _forward_partial(self, request: Message) -> None:
        """Send the head and half the body, then hang up."""
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(HOST, self.upstream_port), IO_TIMEOUT_S
        )
        raw = request.with_connection("close")
        cut = len(raw) - len(request.body) + len(request.body) // 2
        try:
            writer.write(raw[:cut])
            await asyncio.wait_for(writer.drain(), IO_TIMEOUT_S)
            await asyncio.sleep(0.01)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)
        del reader
