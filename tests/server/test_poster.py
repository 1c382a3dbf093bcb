"""The weekly poster: /poster/<site>/<week>.png|.pdf|.json (the command: test_cli_poster.py).

A3 at 150 dpi, the week's tallies as the wall counts them, and approved notes and doodles
only: a held or rejected one never reaches it, in any of its three forms."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlmodel import Session

from server import crud, prompts
from server.services import moderation
from server.services.poster_render import A3_PX, DPI
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, doodle, note, push, reaction

# NOW_MS (2025-06-21, a Saturday) is in ISO week 2025-W25 (16-22 June).
WEEK = "2025-W25"
DAY_MS = 86_400_000
A3_POINTS = (841.9, 1190.6)  # 297 x 420 mm


def _png(size: int = 24) -> bytes:
    image = Image.new("RGB", (size, size), (40, 140, 60))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _approved_week(client: httpx.Client, session: Session, seed: Seed) -> dict[str, str]:
    """A kind note and a doodle approved, a held note and a rejected one: their ids."""
    png = _png()
    sha = hashlib.sha256(png).hexdigest()
    events = {
        "kind": note(kiosk_id="riverside-1", text="Thank you for the <b>benches</b> 🌳", seq=1),
        "held": note(kiosk_id="riverside-1", text="HELD: not yet decided", seq=2),
        "rude": note(kiosk_id="riverside-1", text="REJECTED: something rude", seq=3),
        "drawing": doodle(kiosk_id="riverside-1", media=sha, size=len(png), side=24, seq=4),
    }
    assert push(client, seed.token, list(events.values())).json()["accepted"] == 4
    headers = {**auth(seed.token), "Content-Type": "image/png"}
    put = client.put(f"/api/v1/media/{sha}", content=png, headers=headers)
    assert put.status_code in (200, 201), put.text
    for name in ("kind", "drawing"):
        moderation.approve(session, event_id=events[name]["id"], decided_by="sam", now_ms=NOW_MS)
    moderation.reject(
        session, event_id=events["rude"]["id"], reason="rude", decided_by="sam", now_ms=NOW_MS
    )
    return {name: event["id"] for name, event in events.items()}


def test_only_approved_notes_and_doodles_reach_the_poster(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    ids = _approved_week(client, session, seed)
    poster = client.get(f"/poster/riverside/{WEEK}.json").json()
    assert poster["site_name"] == "Riverside Park"
    assert (poster["first_day"], poster["last_day"]) == ("2025-06-16", "2025-06-22")
    assert [n["text"] for n in poster["notes"]] == ["Thank you for the <b>benches</b> 🌳"]
    assert [d["id"] for d in poster["doodles"]] == [ids["drawing"]]
    text = client.get(f"/poster/riverside/{WEEK}.json").text
    assert "HELD" not in text and "REJECTED" not in text
    # The drawn poster changes when the held note is approved (and only then shows it).
    before = client.get(f"/poster/riverside/{WEEK}.png")
    moderation.approve(session, event_id=ids["held"], decided_by="sam", now_ms=NOW_MS)
    after = client.get(f"/poster/riverside/{WEEK}.png")
    assert after.headers["etag"] != before.headers["etag"]
    assert after.content != before.content
    assert "HELD: not yet decided" in client.get(f"/poster/riverside/{WEEK}.json").text


def test_the_poster_is_a3_png_and_pdf_with_an_etag(
    client: httpx.Client, session: Session, seed: Seed, settings: object
) -> None:
    _approved_week(client, session, seed)
    png = client.get(f"/poster/riverside/{WEEK}.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.size == A3_PX
    assert tuple(round(v) for v in image.info["dpi"]) == (DPI, DPI)
    # Drawn: the band at the top, paper below, cards on it.
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 50
    pdf = client.get(f"/poster/riverside/{WEEK}.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[ ?0 0 ([0-9.]+) ([0-9.]+) ?\]", pdf.content)
    assert box is not None
    assert (float(box[1]), float(box[2])) == pytest.approx(A3_POINTS, abs=1)
    assert png.headers["etag"] == pdf.headers["etag"]  # one poster, two files
    unchanged = {"If-None-Match": png.headers["etag"]}
    again = client.get(f"/poster/riverside/{WEEK}.png", headers=unchanged)
    assert again.status_code == 304 and again.content == b""
    # This week's poster is still growing: a short public cache.
    assert png.headers["cache-control"] == "public, max-age=300"


def test_a_past_week_is_cached_longer_and_kept_on_disk(
    client: httpx.Client, seed: Seed, clock: FakeClock, tmp_path: Path
) -> None:
    clock.now_ms = NOW_MS + 14 * DAY_MS
    first = client.get(f"/poster/riverside/{WEEK}.png")
    assert first.headers["cache-control"] == "public, max-age=86400"
    folder = tmp_path / "data" / "posters"
    name = f"riverside-{WEEK}-" + first.headers["etag"].strip('"')
    assert sorted(path.name for path in folder.iterdir()) == [f"{name}.pdf", f"{name}.png"]
    assert client.get(f"/poster/riverside/{WEEK}.png").content == first.content


def test_a_week_drawn_again_replaces_its_older_drawing(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock, tmp_path: Path
) -> None:
    seed.site.created_ms = NOW_MS - 30 * DAY_MS  # so the week before is one it has had
    session.add(seed.site)
    session.commit()
    ids = _approved_week(client, session, seed)
    first = client.get(f"/poster/riverside/{WEEK}.pdf")
    other_week = client.get("/poster/riverside/2025-W24.png")
    assert other_week.status_code == 200
    moderation.approve(session, event_id=ids["held"], decided_by="sam", now_ms=NOW_MS)
    again = client.get(f"/poster/riverside/{WEEK}.pdf")
    assert again.headers["etag"] != first.headers["etag"]
    folder = tmp_path / "data" / "posters"
    names = sorted(path.name for path in folder.iterdir())
    # One drawing per week: this week's newest, and the other week's untouched.
    assert len(names) == 4
    assert [n for n in names if n.startswith(f"riverside-{WEEK}-")] == [
        f"riverside-{WEEK}-" + again.headers["etag"].strip('"') + suffix
        for suffix in (".pdf", ".png")
    ]


def test_the_week_tallies_count_opinion_placed_that_week(client: httpx.Client, seed: Seed) -> None:
    presses = [
        reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=1),
        reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=2,
                 wall_ms=NOW_MS - 2 * DAY_MS),  # Thursday, same week
        reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😢", seq=3,
                 wall_ms=NOW_MS - 7 * DAY_MS),  # the week before
        reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="🌳", seq=4),
    ]  # fmt: skip
    presses[3]["payload"]["play"] = True  # button mashing: never in a tally
    answer = push(client, seed.token, presses).json()
    assert answer["accepted"] == 4, answer
    poster = client.get(f"/poster/riverside/{WEEK}.json").json()
    [prompt] = poster["prompts"]
    assert prompt["text"] == "How was the park today?"
    assert prompt["revealed"] is True
    assert {a["label"]: a["count"] for a in prompt["answers"]} == {
        "😀": 2,
        "😐": 0,
        "😢": 0,
        "🌳": 0,
    }


def test_a_prompt_whose_results_are_hidden_shows_no_counts(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    prompts.reveal(session=session, prompt_id=seed.prompt_id, revealed=False)
    press = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=1)
    assert push(client, seed.token, [press]).json()["accepted"] == 1
    [prompt] = client.get(f"/poster/riverside/{WEEK}.json").json()["prompts"]
    assert prompt["revealed"] is False
    # Not a misleading 0 either: the counts are simply not there.
    assert [a["count"] for a in prompt["answers"]] == [None, None, None, None]
    prompts.reveal(session=session, prompt_id=seed.prompt_id)
    [prompt] = client.get(f"/poster/riverside/{WEEK}.json").json()["prompts"]
    assert prompt["answers"][0]["count"] == 1


def test_the_weeks_a_site_has_not_had_are_refused(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    assert client.get("/poster/riverside/2025-W27.png").status_code == 404  # the future
    crud.create_site(
        session=session, slug="new", name="New", timezone="UTC", created_ms=NOW_MS - DAY_MS
    )
    assert client.get(f"/poster/new/{WEEK}.json").status_code == 200
    assert client.get("/poster/new/2025-W20.json").status_code == 404  # before it existed
    # Riverside's history starts with its first prompt (the seed's, a day before NOW).
    assert client.get(f"/poster/riverside/{WEEK}.json").status_code == 200
    assert client.get("/poster/riverside/2025-W24.json").status_code == 404
    assert client.get(f"/poster/nowhere/{WEEK}.pdf").status_code == 404
    for week in ("2025-W60", "2025-W53", "2025-25", "W25"):  # 2025 has 52 weeks
        response = client.get(f"/poster/riverside/{week}.png")
        assert response.status_code == 422, week
        assert response.json()["detail"][0]["loc"][-1] == "week"
