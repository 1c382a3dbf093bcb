"""The wall's part of the sample hub (tools/hub_screens.py): six sites with prompts, answers,
approved notes and doodles (and one held note that must never show), and the wall's views
to shoot at a big screen's size and a phone's."""

from __future__ import annotations

import io
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

# (slug, name, prompt, emoji) of the sites added to the four the other samples make.
MORE_SITES = [
    ("mill-lane", "Mill Lane allotments", "What should we plant next spring?", ["🍎", "🌳", "☀️"]),
    ("station-square", "Station Square", "Is the square a nice place to wait?", ["😀", "😐", "😢"]),
]
# Notes left at each site's kiosk, approved (a neighbourhood's worth of voices).
NOTES: dict[str, list[str]] = {
    "riverside": [
        "Please can we have more bins near the playground? 🙏",
        "Saw a heron by the pond this morning!",
        "The new benches are lovely, thank you",
        "My daughter learned to ride her bike here today 🚲",
        "Could the gate by the tennis courts be fixed? It squeaks terribly and wakes the ducks.",
        "Love the wildflowers ❤️",
        "More dog poo bags please",
    ],
    "elm-street-fridge": [
        "Thank you to whoever left the bread, it made our day",
        "Could there be a shelf for baby food?",
        "Took some apples, will bring soup on Friday 🍎",
    ],
    "harbour-road": ["Great to see the fridge full on a Monday!", "Please label the homemade food"],
    "quay-street": ["First time here, everyone was so friendly 😀"],
    "mill-lane": [
        "Pumpkins! Lots of pumpkins 🎃",
        "A bench by the compost heap would be nice for the older volunteers",
        "Beans grew brilliantly this year",
    ],
    "station-square": [
        "The trees make it much cooler in summer 🌳",
        "Needs more seats under cover, it rains a lot here",
        "The flower boxes are beautiful",
        "Late trains again, but at least the square is pleasant ☀️",
    ],
}
DOODLES = {"riverside": 3, "mill-lane": 1, "station-square": 1, "elm-street-fridge": 1}


def _doodle(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (320, 240), "white")
    draw = ImageDraw.Draw(image)
    colours = [(230, 160, 0), (40, 140, 60), (60, 110, 200), (200, 60, 90), (120, 70, 30)]
    for _ in range(6):
        x, y = rng.randrange(20, 260), rng.randrange(20, 180)
        size = rng.randrange(30, 90)
        shape = rng.choice(["ellipse", "line", "rectangle"])
        colour = rng.choice(colours)
        if shape == "ellipse":
            draw.ellipse((x, y, x + size, y + size), outline=colour, width=7)
        elif shape == "line":
            draw.line((x, y, x + size, y + rng.randrange(-40, 40)), fill=colour, width=9)
        else:
            draw.rounded_rectangle((x, y, x + size, y + size // 2), 8, outline=colour, width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _event(kiosk: str, seq: int, kind: str, payload: dict[str, Any], when: datetime) -> Any:
    return {
        "v": 1, "id": str(uuid.uuid4()), "kiosk_id": kiosk, "boot_id": "wall-boot",
        "seq": seq, "mono_ms": seq * 1000, "wall_time": when.isoformat(), "clock_synced": True,
        "type": kind, "payload": payload,
    }  # fmt: skip


def sample_wall(app: FastAPI, url: str) -> list[tuple[str, str, tuple[int, int]]]:
    """Fill the sample hub's wall; the wall's views to screenshot (name, path, size)."""
    import httpx
    from sqlmodel import Session

    from server import crud
    from server.services import moderation
    from storywall.protocol.media import media_path, sha256_hex

    tokens: dict[str, str] = {}
    with Session(app.state.engine) as session:
        for slug, name, text, emoji in MORE_SITES:
            crud.create_site(session=session, slug=slug, name=name, timezone="Europe/London")
            crud.set_prompt(
                session=session, site_slug=slug, text=text, emoji=emoji, results_revealed=True
            )
        for site in crud.list_sites(session=session):
            kiosk = f"{site.slug}-wall"
            _, tokens[site.slug] = crud.create_kiosk(
                session=session, site_slug=site.slug, kiosk_id=kiosk, name="Wall sample"
            )
    approve: list[str] = []
    now = datetime.now(UTC)
    rng = random.Random(9)
    for slug, token in tokens.items():
        kiosk = f"{slug}-wall"
        events = []
        seq = 0
        with Session(app.state.engine) as session:
            site = crud.get_site(session=session, slug=slug)
            assert site.id is not None
            now_ms = int(now.timestamp() * 1000)
            prompt = crud.current_prompt(session=session, site_id=site.id, now_ms=now_ms)
        if prompt is not None and prompt.kind == "emoji" and slug in NOTES:
            for face in prompt.emoji:
                for _ in range(rng.randrange(2, 19)):
                    seq += 1
                    payload = {"prompt_id": prompt.id, "emoji": face}
                    events.append(_event(kiosk, seq, "reaction", payload, now))
        pictures = [_doodle(len(slug) * 10 + n) for n in range(DOODLES.get(slug, 0))]
        cards: list[tuple[str, dict[str, Any]]] = [
            ("note", {"text": text, "language": "en"}) for text in NOTES.get(slug, [])
        ] + [
            ("doodle", {"media": sha256_hex(png), "width": 320, "height": 240, "bytes": len(png)})
            for png in pictures
        ]
        rng.shuffle(cards)
        for kind, payload in cards:
            seq += 1
            event = _event(kiosk, seq, kind, payload, now - timedelta(minutes=seq))
            events.append(event)
            approve.append(event["id"])
        if slug == "station-square":
            seq += 1
            held = {"text": "HELD: nobody should see this either", "language": "en"}
            events.append(_event(kiosk, seq, "note", held, now))
        auth = {"Authorization": f"Bearer {token}"}
        body = {"boot_id": "wall-boot", "sent_mono_ms": 10**7, "events": events}
        pushed = httpx.post(f"{url}/api/v1/events", json=body, headers=auth)
        pushed.raise_for_status()
        if pushed.json()["accepted"] != len(events):
            raise SystemExit(f"the hub refused sample wall events: {pushed.text[:300]}")
        for png in pictures:
            httpx.put(
                url + media_path(sha256_hex(png)),
                content=png,
                headers={**auth, "Content-Type": "image/png"},
            ).raise_for_status()
    with Session(app.state.engine) as session:
        for event_id in approve:
            moderation.approve(session, event_id=event_id, decided_by="screens", now_ms=0)
    return [
        ("hub-wall-site-1080", "/?site=riverside", (1920, 1080)),
        ("hub-wall-network-1080", "/", (1920, 1080)),
        ("hub-wall-site-phone", "/?site=riverside", (360, 2000)),
    ]


def poster_preview(url: str, out: Path) -> Path:
    """This week's poster of Riverside (GET /poster/...png), at half size for the docs."""
    import httpx
    from PIL import Image

    week = datetime.now(UTC).strftime("%G-W%V")
    answer = httpx.get(f"{url}/poster/riverside/{week}.png", timeout=60)
    answer.raise_for_status()
    with Image.open(io.BytesIO(answer.content)) as poster:
        half = poster.resize((poster.width // 2, poster.height // 2), Image.Resampling.LANCZOS)
    target = out / "hub-poster-a3.png"
    half.save(target, optimize=True)
    return target
