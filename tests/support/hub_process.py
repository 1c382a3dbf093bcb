"""The real hub in its own process, to be killed with SIGKILL and started again.

`HubProcess(db_file, port)` runs `python -m tests.support.hub_process DB PORT`: as
`storywall hub` does, it upgrades the SQLite file DB (a no-op at head), then serves the
hub's create_app on uvicorn at 127.0.0.1:PORT. `kill()`
sends SIGKILL (no shutdown, no checkpoint: a power cut as far as the hub's process
is concerned), `start()` comes back on the same port and the same file. Starting,
waiting for /healthz and killing are server.launch's, as for the demo and the bench.
"""

from __future__ import annotations

import sys
from pathlib import Path

from server import launch
from server.launch import free_port

ROOT = Path(__file__).resolve().parents[2]
HOST = launch.HOST


class HubProcess(launch.HubProcess):
    """One hub subprocess at a time, always on the same port and database file."""

    def __init__(self, db_file: Path, port: int | None = None) -> None:
        self.db_file = db_file
        self.port = port or free_port()
        super().__init__(
            [sys.executable, "-m", "tests.support.hub_process", str(db_file), str(self.port)],
            url=f"http://{HOST}:{self.port}",
            log=db_file.with_suffix(".log"),
            cwd=ROOT,
        )


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
