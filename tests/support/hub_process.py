"""The real hub in its own process, to be killed with SIGKILL and started again.

`HubProcess(db_file, port)` runs `python -m tests.support.hub_process DB PORT`: as
`storywall hub` does, it upgrades the SQLite file DB (a no-op at head), then serves the
hub's create_app on uvicorn at 127.0.0.1:PORT. `kill()`
sends SIGKILL (no shutdown, no checkpoint: a power cut as far as the hub's process
is concerned), `start()` comes back on the same port and the same file.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
START_TIMEOUT_S = 30.0


def free_port() -> int:
    """A port nothing listens on right now (the hub binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class HubProcess:
    """One hub subprocess at a time, always on the same port and database file."""

    def __init__(self, db_file: Path, port: int | None = None) -> None:
        self.db_file = db_file
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log = db_file.with_suffix(".log")

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        assert self.process is None, "already running"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.support.hub_process",
                    str(self.db_file),
                    str(self.port),
                ],
                cwd=ROOT,
                stdout=log,
                stderr=log,
            )
        self.starts += 1
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.process.returncode}; see {self.log}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the hub did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL, then reap it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None


def main(argv: list[str]) -> None:
    import uvicorn

    from server.app import create_app
    from server.core.config import Settings
    from server.core.migrate import upgrade

    db_file, port = Path(argv[0]), int(argv[1])
    settings = Settings(
        env="development", data_dir=db_file.parent, database_url=f"sqlite:///{db_file}"
    )
    upgrade(settings.database_url)
    uvicorn.run(create_app(settings), host=HOST, port=port, log_level="warning", lifespan="off")


if __name__ == "__main__":
    main(sys.argv[1:])
