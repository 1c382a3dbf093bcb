"""outbound_enqueue_1000_ms and outbound_deliveries_per_s.

The publish job's two halves on a real SQLite hub database: queueing 1,000 news
updates for two publishers (the webhook and Mastodon: 2,000 rows, rendered and
inserted by `enqueue_news`, 200 per publisher a run, as many runs as it takes), then
delivering them to an HTTP receiver on 127.0.0.1 through the real claim / send / mark
cycle (two short transactions and one signed POST per row). The receiver answers at
once, so the figure is the hub's own cost per delivery (two commits, each synced to
disk); a real publisher's latency adds to it. The targets are what a backlog needs: a
busy day's 1,000 updates queued in at most two seconds of work, and their 2,000 posts
sent within two minutes.
"""

from __future__ import annotations

import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlmodel import Session

from bench.common import Figure, Target
from server import crud
from server.core.config import Settings
from server.core.db import make_engine
from server.core.migrate import upgrade
from server.publish.deliver import deliver_due
from server.publish.news import enqueue_news
from server.publish.publishers import configured
from server.updates import record_update

UPDATES = 1000
NOW_MS = 1_750_507_200_000


class _Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


def run() -> list[Figure]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory(prefix="storywall-bench-outbound-") as folder:
            database_url = f"sqlite:///{Path(folder) / 'hub.sqlite3'}"
            upgrade(database_url)
            settings = Settings(
                data_dir=Path(folder),
                database_url=database_url,
                publish_webhook_url=url + "/hook",
                publish_webhook_secret="bench-secret-0123456789",  # noqa: S106
                mastodon_url=url,
                mastodon_token="bench-token-0123456789",  # noqa: S106
                public_url="https://fridges.example.org",
            )
            engine = make_engine(database_url)
            with Session(engine) as session:
                site = crud.create_site(
                    session=session, slug="bench-fridge", name="Bench Fridge", timezone="UTC"
                )
                assert site.id is not None
                for n in range(UPDATES):
                    record_update(
                        session,
                        site_id=site.id,
                        kind="dropoff",
                        key=f"dropoff:bench-{n}",
                        occurred_ms=NOW_MS,
                        now_ms=NOW_MS,
                        title=f"Bench Fridge restocked: {n % 9 + 1} produce, 12:00",
                    )
                session.commit()
            publishers = configured(settings)
            started = time.perf_counter()
            queued = 0
            while added := enqueue_news(
                engine, publishers=sorted(publishers), public_url=settings.public_url,
                now_ms=NOW_MS,
            ):  # fmt: skip
                queued += added
            enqueue_ms = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            delivered = 0
            while delivered < queued:
                report = deliver_due(engine, publishers, holder="bench", now_ms=NOW_MS)
                if not report.delivered:
                    raise RuntimeError(f"delivery stalled: {report}")
                delivered += len(report.delivered)
            per_s = delivered / (time.perf_counter() - started)
            engine.dispose()
    finally:
        server.shutdown()
        server.server_close()
    if queued != 2 * UPDATES:
        raise RuntimeError(f"queued {queued}, expected {2 * UPDATES}")
    return [
        Figure(
            "outbound_enqueue_1000_ms",
            enqueue_ms,
            "ms",
            Target("<=", 2000.0),
            note="1,000 news updates queued for 2 publishers (2,000 rows), SQLite",
        ),
        Figure(
            "outbound_deliveries_per_s",
            per_s,
            "deliveries/s",
            Target(">=", 20.0),
            note="claim, signed POST to a loopback receiver, mark; one sender, SQLite",
        ),
    ]
