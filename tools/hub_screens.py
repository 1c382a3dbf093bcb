"""Screenshot every hub page with headless Chromium into docs/screens/hub-*.png.

    .venv/bin/python -m tools.hub_screens        (make screens runs it too)

Needs Chromium (Debian: `apt-get install chromium`). It starts a throwaway hub on
a temporary SQLite file with sample data pushed through the real kiosk API, so
the pages show what a real wall shows.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "screens"
# name, path, (width, height)
PAGES = [
    ("hub-wall-desktop", "/", (1280, 800)),
    ("hub-wall-phone", "/", (390, 844)),
]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("hub_screens: no Chromium found (apt-get install chromium)")


def _sample_hub(data_dir: Path) -> tuple[str, threading.Thread, object]:
    import httpx
    import uvicorn
    from sqlmodel import Session

    from server import crud
    from server.app import create_app
    from server.core.config import Settings
    from server.core.migrate import upgrade

    settings = Settings(data_dir=data_dir)
    upgrade(settings.database_url)
    app = create_app(settings)
    with Session(app.state.engine) as session:
        crud.create_site(
            session=session, slug="riverside", name="Riverside Park", timezone="Europe/London"
        )
        crud.create_site(
            session=session,
            slug="elm-street-fridge",
            name="Elm Street community fridge",
            timezone="Europe/London",
        )
        prompt_id = crud.set_prompt(
            session=session,
            site_slug="riverside",
            text="How was the park today?",
            emoji=["😀", "🙂", "😐", "😢"],
        ).id
        crud.set_prompt(
            session=session,
            site_slug="elm-street-fridge",
            text="Did you find what you needed?",
            emoji=["👍", "👎", "🍎", "🍞"],
        )
        _, token = crud.create_kiosk(
            session=session, site_slug="riverside", kiosk_id="riverside-gate", name="Riverside gate"
        )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    now = datetime.now(UTC).isoformat()
    counts = {"😀": 23, "🙂": 14, "😐": 6, "😢": 3}
    events = []
    seq = 0
    for emoji, count in counts.items():
        for _ in range(count):
            seq += 1
            events.append({
                "v": 1, "id": str(uuid.uuid4()), "kiosk_id": "riverside-gate",
                "boot_id": "demo-boot", "seq": seq, "mono_ms": seq * 1000, "wall_time": now,
                "clock_synced": True,
                "type": "reaction", "payload": {"prompt_id": prompt_id, "emoji": emoji},
            })  # fmt: skip
    answer = httpx.post(
        f"{url}/api/v1/events",
        json={"boot_id": "demo-boot", "sent_mono_ms": seq * 1000 + 1, "events": events},
        headers={"Authorization": f"Bearer {token}"},
    )
    answer.raise_for_status()
    accepted = answer.json()["accepted"]
    if accepted != len(events):
        # A screenshot of an empty wall would pass for a good one: fail instead.
        raise SystemExit(
            f"the hub accepted {accepted} of {len(events)} sample events: {answer.text[:300]}"
        )
    return url, thread, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = _chromium()
    with tempfile.TemporaryDirectory() as tmp:
        url, thread, server = _sample_hub(Path(tmp) / "hub")
        for name, path, (width, height) in PAGES:
            target = args.out / f"{name}.png"
            subprocess.run(  # noqa: S603 (a fixed browser, our own loopback URL)
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                 f"--window-size={width},{height}", f"--screenshot={target}", url + path],
                check=True, capture_output=True, timeout=60,
            )  # fmt: skip
            print(f"wrote {target.relative_to(REPO_ROOT)}")
        server.should_exit = True  # type: ignore[attr-defined]
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
