"""Two months of kiosk history at a site, pushed through the real kiosk API, for the
charts page's screenshots (tools/dash_screens.py): presses through the day with a
busy weekend, some play, notes and doodles after some presses, and at a fridge
temperatures each hour (a warm afternoon now and then) and drop-offs.

    push_history(url, token, kiosk_id=..., prompt_id=..., emoji=[...], days=60)
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

HOUR_MS = 3_600_000
BATCH = 400


def _events(
    kiosk_id: str,
    prompt_id: int,
    choices: list[dict[str, Any]],
    days: int,
    fridge: bool,
    rng: random.Random,
) -> list[dict[str, Any]]:
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=days)
    events: list[dict[str, Any]] = []

    def add(at: datetime, type_name: str, payload: dict[str, Any]) -> None:
        seq = len(events) + 1
        events.append(
            {
                "v": 1,
                "id": str(uuid.uuid4()),
                "kiosk_id": kiosk_id,
                "boot_id": "charts-sample",
                "seq": seq,
                "mono_ms": int((at - start).total_seconds() * 1000) + 1000,
                "wall_time": at.isoformat(),
                "clock_synced": True,
                "type": type_name,
                "payload": payload,
            }
        )

    for hour in range(days * 24):
        at = start + timedelta(hours=hour)
        if at >= now:
            break
        weekend = at.weekday() >= 5
        busy = 8 <= at.hour <= 19
        presses = rng.randint(0, 9 if weekend else 5) if busy else rng.randint(0, 1)
        for n in range(presses):
            when = at + timedelta(minutes=n * 5 + 1)
            add(when, "reaction", {"prompt_id": prompt_id, **rng.choice(choices)})
            if rng.random() < 0.12:
                add(when + timedelta(minutes=1), "note", {"text": "Thank you", "language": "en"})
        if busy and rng.random() < 0.1:
            for _ in range(6):
                add(at + timedelta(minutes=40), "reaction",
                    {"prompt_id": prompt_id, **choices[0], "play": True})  # fmt: skip
        if fridge:
            warm = at.hour == 15 and rng.random() < 0.2
            celsius = round(rng.uniform(6.0, 7.5) if warm else rng.uniform(3.2, 4.8), 2)
            add(at + timedelta(minutes=30), "temperature",
                {"sensor_id": "28-0316a2795cff", "celsius": celsius})  # fmt: skip
            if busy and rng.random() < 0.15:
                items = {"produce": rng.randint(1, 8), "bread": rng.randint(0, 3) or 1}
                add(at + timedelta(minutes=45), "dropoff",
                    {"via": "kiosk", "items": items, "rules_confirmed": True})  # fmt: skip
    return events


def push_history(
    url: str,
    token: str,
    *,
    kiosk_id: str,
    prompt_id: int,
    emoji: list[str] | None = None,
    options: int = 0,
    days: int = 60,
    fridge: bool = False,
    seed: int = 9,
) -> int:
    """Push the history; how many events the hub accepted (all, or it raises)."""
    import httpx

    choices: list[dict[str, Any]] = (
        [{"option": index} for index in range(options)]
        if options
        else [{"emoji": face} for face in emoji or []]
    )
    events = _events(kiosk_id, prompt_id, choices, days, fridge, random.Random(seed))
    accepted = 0
    for start in range(0, len(events), BATCH):
        batch = events[start : start + BATCH]
        answer = httpx.post(
            f"{url}/api/v1/events",
            json={
                "boot_id": "charts-sample",
                "sent_mono_ms": batch[-1]["mono_ms"] + 500,
                "events": batch,
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        answer.raise_for_status()
        accepted += int(answer.json()["accepted"])
    if accepted != len(events):
        raise SystemExit(f"the hub accepted {accepted} of {len(events)} sample events")
    return accepted


def sample_charts(app: Any, url: str, token: str) -> None:
    """Two months at tools/hub_screens.py's sample sites: Riverside's kiosk (`token`)
    and a new kiosk at the Elm Street fridge, for the charts page's screenshots."""
    from sqlmodel import Session

    from server import crud
    from server.clock import now_ms

    with Session(app.state.engine) as session:
        park = crud.get_site(session=session, slug="riverside")
        fridge = crud.get_site(session=session, slug="elm-street-fridge")
        assert park.id is not None and fridge.id is not None
        now = now_ms()
        face = crud.current_prompt(session=session, site_id=park.id, now_ms=now)
        poll = crud.current_prompt(session=session, site_id=fridge.id, now_ms=now)
        assert face is not None and face.id is not None
        assert poll is not None and poll.id is not None
        _, fridge_token = crud.create_kiosk(
            session=session, site_slug="elm-street-fridge", kiosk_id="elm-shelf", name="Shelf"
        )
        face_id, emoji, poll_id, options = face.id, list(face.emoji), poll.id, len(poll.options)
    push_history(url, token, kiosk_id="riverside-gate", prompt_id=face_id, emoji=emoji)
    push_history(
        url, fridge_token, kiosk_id="elm-shelf", prompt_id=poll_id, options=options, fridge=True
    )
