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
from typing import TYPE_CHECKING

from tools.hub_screens_rota import sample_rota
from tools.hub_screens_wall import poster_preview, sample_wall

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "screens"
# name, path, (width, height)
PAGES = [
    ("hub-wall-desktop", "/", (1280, 800)),
    ("hub-wall-phone", "/", (390, 844)),
    ("hub-fridges-desktop", "/fridges", (1280, 800)),
    ("hub-fridges-phone", "/fridges", (390, 844)),
    # The fridge page is long: a tall phone shows its status, rules and updates.
    ("hub-fridge-desktop", "/fridges/elm-street-fridge", (1280, 1300)),
    ("hub-fridge-phone", "/fridges/elm-street-fridge", (390, 1700)),
    ("hub-rules-desktop", "/rules?site=riverside", (1280, 1000)),
    ("hub-rules-phone", "/rules?site=riverside", (390, 1500)),
]
# The kiosk's wall image: name, size, language.
WALL_IMAGES = [
    ("hub-wall-image-landscape", (800, 480), "en"),
    ("hub-wall-image-portrait-es", (720, 1280), "es"),
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


def _shown(path: Path) -> Path:
    """A written file's name as printed: relative to the repository when inside it."""
    return path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("hub_screens: no Chromium found (apt-get install chromium)")


def sample_hub(data_dir: Path) -> tuple[str, threading.Thread, object, str]:
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
            session=session,
            slug="riverside",
            name="Riverside Park",
            timezone="Europe/London",
            languages=["en", "es"],
            operator="Friends of Riverside Park",
            contact="hello@riverside-park.example",
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
            texts={"es": "¿Qué tal el parque hoy?"},
            emoji=["😀", "🙂", "😐", "😢"],
            results_revealed=True,
        ).id
        poll_id = crud.set_prompt(
            session=session,
            site_slug="elm-street-fridge",
            text="Did you find what you needed?",
            kind="poll",
            options=["Yes, plenty", "Some of it", "Nothing today"],
            results_revealed=True,
        ).id
        _, fridge_token = crud.create_kiosk(
            session=session, site_slug="elm-street-fridge", kiosk_id="elm-fridge", name="Fridge"
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
    # A child mashing the buttons: kept, counted as play, in no tally.
    play = 7
    for emoji, count in [*counts.items(), ("😀", play)]:
        for _ in range(count):
            seq += 1
            mashed = {"play": True} if seq > sum(counts.values()) else {}
            events.append({
                "v": 1, "id": str(uuid.uuid4()), "kiosk_id": "riverside-gate",
                "boot_id": "demo-boot", "seq": seq, "mono_ms": seq * 1000, "wall_time": now,
                "clock_synced": True,
                "type": "reaction",
                "payload": {"prompt_id": prompt_id, "emoji": emoji, **mashed},
            })  # fmt: skip
    answer = httpx.post(
        f"{url}/api/v1/events",
        json={"boot_id": "demo-boot", "sent_mono_ms": seq * 1000 + 1, "events": events},
        headers={"Authorization": f"Bearer {token}"},
    )
    answer.raise_for_status()
    votes = [
        {
            "v": 1, "id": str(uuid.uuid4()), "kiosk_id": "elm-fridge", "boot_id": "demo-boot",
            "seq": n + 1, "mono_ms": (n + 1) * 1000, "wall_time": now, "clock_synced": True,
            "type": "reaction", "payload": {"prompt_id": poll_id, "option": option},
        }
        for n, option in enumerate([0] * 9 + [1] * 5 + [2] * 2)
    ]  # fmt: skip
    voted = httpx.post(
        f"{url}/api/v1/events",
        json={"boot_id": "demo-boot", "sent_mono_ms": 10**6, "events": votes},
        headers={"Authorization": f"Bearer {fridge_token}"},
    )
    voted.raise_for_status()
    if voted.json()["accepted"] != len(votes):
        raise SystemExit(f"the hub refused sample poll votes: {voted.text[:300]}")
    accepted = answer.json()["accepted"]
    if accepted != len(events):
        # A screenshot of an empty wall would pass for a good one: fail instead.
        raise SystemExit(
            f"the hub accepted {accepted} of {len(events)} sample events: {answer.text[:300]}"
        )
    _sample_notes(url, token, app.state.engine)
    _sample_fridges(url, fridge_token, app.state.engine)
    PAGES.extend(sample_rota(app, int(time.time() * 1000)))
    PAGES.extend(sample_wall(app, url))
    return url, thread, server, token


def _doodle_png() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 140, 140), outline=(230, 160, 0), width=8)  # a sun
    draw.line((20, 200, 300, 200), fill=(40, 140, 60), width=10)  # grass
    draw.line((220, 200, 220, 110), fill=(110, 70, 30), width=12)  # a tree
    draw.ellipse((180, 60, 260, 130), fill=(60, 160, 80))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _sample_notes(url: str, token: str, engine: Engine) -> None:
    """Two approved notes, a held one (never shown) and an approved doodle."""
    import httpx
    from sqlmodel import Session

    from server.services import moderation
    from storywall.protocol.media import media_path, sha256_hex

    png = _doodle_png()
    now = datetime.now(UTC).isoformat()
    payloads = [
        ("note", {"text": "The ducks were <b>very</b> chatty today!", "language": "en"}),
        ("note", {"text": "Gracias por los bancos nuevos", "language": "es"}),
        ("note", {"text": "HELD: nobody should see this", "language": "en"}),
        ("doodle", {"media": sha256_hex(png), "width": 320, "height": 240, "bytes": len(png)}),
    ]
    events = [
        {
            "v": 1, "id": str(uuid.uuid4()), "kiosk_id": "riverside-gate",
            "boot_id": "demo-boot", "seq": 1000 + n, "mono_ms": 10**6 + n, "wall_time": now,
            "clock_synced": True, "type": kind, "payload": payload,
        }
        for n, (kind, payload) in enumerate(payloads)
    ]  # fmt: skip
    auth = {"Authorization": f"Bearer {token}"}
    httpx.post(
        f"{url}/api/v1/events",
        json={"boot_id": "demo-boot", "sent_mono_ms": 2 * 10**6, "events": events},
        headers=auth,
    ).raise_for_status()
    httpx.put(
        url + media_path(sha256_hex(png)),
        content=png,
        headers={**auth, "Content-Type": "image/png"},
    ).raise_for_status()
    with Session(engine) as session:
        for event in (events[0], events[1], events[3]):
            event_id = str(event["id"])
            now_ms = int(time.time() * 1000)
            moderation.approve(session, event_id=event_id, decided_by="screens", now_ms=now_ms)
        _sample_replies(session, [str(events[n]["id"]) for n in (0, 1, 3)])


def _sample_replies(session: Session, approved: list[str]) -> None:
    """A reply under a note, a spotlighted doodle and a "you said, we did" card."""
    from server import crud
    from server.clock import now_ms
    from server.services import replies

    ducks, benches, doodle = approved
    now = now_ms()
    replies.post_reply(
        session, note_id=ducks, text="They have ducklings: look by the reeds!", author_id=None,
        now_ms=now,
    )  # fmt: skip
    replies.add_spotlight(
        session, event_id=doodle, ends_ms=now + 7 * 86_400_000, author_id=None, now_ms=now
    )
    site_id = crud.get_kiosk(session=session, kiosk_id="riverside-gate").site_id
    replies.post_you_said(
        session, site_id=site_id, title="Two new benches by the pond",
        body="You asked for somewhere to sit. They went in on Monday.", note_ids=[benches],
        author_id=None, now_ms=now,
    )  # fmt: skip


def _sample_fridges(url: str, token: str, engine: Engine) -> None:
    """Elm Street (the poll's site) and Harbour Road as fridges: drop-offs and a check
    through the kiosk API and the form, their updates, and Elm Street too warm."""
    import httpx
    from sqlmodel import Session, func, select

    from server import crud
    from server.alerts import raise_alert
    from server.fridges import get_fridge, make_fridge
    from server.models_updates import FridgeUpdate
    from server.services.form_events import submit_form_event
    from server.updates import record_update
    from storywall.protocol.check import CheckPayload

    now_ms = int(time.time() * 1000)
    minute = 60_000
    with Session(engine) as session:
        make_fridge(
            session=session,
            site_slug="elm-street-fridge",
            address="14 Elm Street, outside the library",
            latitude=51.5226,
            longitude=-0.0812,
            opening_notes="Open 8:00-20:00, in the library porch",
        )
        crud.create_site(
            session=session,
            slug="harbour-road",
            name="Harbour Road fridge",
            timezone="Europe/London",
        )
        make_fridge(session=session, site_slug="harbour-road", address="2 Harbour Road")
        crud.create_site(
            session=session, slug="quay-street", name="Quay Street fridge", timezone="Europe/London"
        )
        make_fridge(session=session, site_slug="quay-street", address="Quay Street market hall")
    drops: list[tuple[int, dict[str, int], dict[str, object]]] = [
        (190, {"produce": 6, "bread": 2}, {"condition": "good", "level": 2}),
        (75, {"dairy": 4, "packaged": 3}, {"level": 3}),
    ]
    events = [
        {
            "v": 1, "id": str(uuid.uuid4()), "kiosk_id": "elm-fridge", "boot_id": "demo-boot",
            "seq": 5000 + n, "mono_ms": 2 * 10**6 + n,
            "wall_time": datetime.fromtimestamp((now_ms - ago * minute) / 1000, UTC).isoformat(),
            "clock_synced": True, "type": "dropoff",
            "payload": {"via": "kiosk", "items": items, "rules_confirmed": True, **status},
        }
        for n, (ago, items, status) in enumerate(drops)
    ]  # fmt: skip
    pushed = httpx.post(
        f"{url}/api/v1/events",
        json={"boot_id": "demo-boot", "sent_mono_ms": 3 * 10**6, "events": events},
        headers={"Authorization": f"Bearer {token}"},
    )
    pushed.raise_for_status()
    if pushed.json()["accepted"] != len(events):
        raise SystemExit(f"the hub refused sample drop-offs: {pushed.text[:300]}")
    with Session(engine) as session:
        _site, elm = get_fridge(session=session, site_slug="elm-street-fridge")
        _site, harbour = get_fridge(session=session, site_slug="harbour-road")
        for fridge, ago, check in (
            (elm, 240, CheckPayload(via="form", done=["shelves_wiped", "out_of_date_removed"])),
            (
                harbour,
                30,
                CheckPayload(via="form", done=["shelves_wiped"], condition="good", level=1),
            ),
        ):
            submit_form_event(
                session,
                fridge=fridge,
                event_id=uuid.uuid4(),
                type_name="check",
                payload=check,
                now_ms=now_ms - ago * minute,
            )
        updates = [
            (elm, "check", 240, "Elm Street community fridge cleaned and checked",
             "Shelves wiped, out-of-date food removed."),
            (elm, "dropoff", 190, "Elm Street community fridge restocked: 6 produce, 2 bread", ""),
            (elm, "dropoff", 75, "Elm Street community fridge restocked: 4 dairy, 3 packaged", ""),
            (elm, "too_warm", 12, "Elm Street community fridge is too warm: 7.4 °C for 16 min",
             "Please do not drop off chilled food until it has cooled down."),
            (harbour, "check", 30, "Harbour Road fridge cleaned and checked", ""),
        ]  # fmt: skip
        # Where the hub writes drop-off and check updates itself (their kinds' follow-ups),
        # the sample writes only what no event here would bring: the too-warm update.
        written = session.exec(select(func.count()).select_from(FridgeUpdate)).one()
        for fridge, kind, ago, title, body in updates:
            if written and kind in ("dropoff", "check"):
                continue
            record_update(
                session,
                site_id=fridge.site_id,
                kind=kind,
                key=f"screens:{fridge.site_id}:{kind}:{ago}",
                occurred_ms=now_ms - ago * minute,
                now_ms=now_ms,
                title=title,
                body=body,
            )
        raise_alert(
            session,
            site_id=elm.site_id,
            kind="too_warm",
            key="screens:too_warm",
            message="7.4 °C for 16 minutes",
            now_ms=now_ms - 12 * minute,
        )
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = _chromium()
    with tempfile.TemporaryDirectory() as tmp:
        url, thread, server, token = sample_hub(Path(tmp) / "hub")
        for name, path, (width, height) in PAGES:
            if args.only not in name:
                continue
            target = args.out / f"{name}.png"
            subprocess.run(  # noqa: S603 (a fixed browser, our own loopback URL)
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                 f"--window-size={width},{height}", f"--screenshot={target}", url + path],
                check=True, capture_output=True, timeout=60,
            )  # fmt: skip
            print(f"wrote {_shown(target)}")
        _wall_images(url, token, args.out, args.only)
        if args.only in "hub-poster-a3":
            print(f"wrote {_shown(poster_preview(url, args.out))}")
        if not args.only:
            from tools import dropoff_screens

            for target in dropoff_screens.take(url, Path(tmp) / "hub", args.out, chromium):
                print(f"wrote {_shown(target)}")
        server.should_exit = True  # type: ignore[attr-defined]
        thread.join(timeout=10)


def _wall_images(url: str, token: str, out: Path, only: str = "") -> None:
    """The wall image a kiosk pulls (GET /api/v1/kiosk/wall.png), both ways round."""
    import httpx

    for name, (width, height), language in WALL_IMAGES:
        if only not in name:
            continue
        answer = httpx.get(
            f"{url}/api/v1/kiosk/wall.png",
            params={"w": width, "h": height, "lang": language},
            headers={"Authorization": f"Bearer {token}"},
        )
        answer.raise_for_status()
        target = out / f"{name}.png"
        target.write_bytes(answer.content)
        print(f"wrote {_shown(target)}")


if __name__ == "__main__":
    main()
