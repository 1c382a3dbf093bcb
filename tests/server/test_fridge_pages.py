"""The fridge pages and their JSON twins: status from events, the too-warm banner,
photos only once approved, escaping, the open list's fields, and bounded queries."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi.routing import APIRoute
from sqlalchemy import Engine, event
from sqlmodel import Session
from starlette.routing import Match

from server import crud
from server.alerts import clear_alert, raise_alert
from server.fridges import make_fridge, update_fridge
from server.models_fridge import DEFAULT_ACCEPTS, DEFAULT_REFUSES, Fridge
from server.services import moderation
from server.services.form_events import submit_form_event
from server.updates import record_update
from server.web.fridges import build_router
from storywall.protocol import Payload
from storywall.protocol.check import CheckPayload
from storywall.protocol.dropoff import DropoffPayload
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, iso, push

KIOSK = "harbour-1"
MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
PHOTO_HELD = "a" * 64
PHOTO_OK = "b" * 64


def fridge_event(
    type_name: str, payload: dict[str, Any], *, seq: int, wall_ms: int, kiosk_id: str = KIOSK
) -> dict[str, Any]:
    """A dropoff or check event as a fridge kiosk sends it."""
    return {
        "v": 1,
        "id": str(uuid.uuid4()),
        "kiosk_id": kiosk_id,
        "boot_id": "boot-a",
        "seq": seq,
        "mono_ms": 60_000 + seq,
        "wall_time": iso(wall_ms),
        "clock_synced": True,
        "type": type_name,
        "payload": payload,
    }


def dropoff(*, seq: int, wall_ms: int = NOW_MS, **more: Any) -> dict[str, Any]:
    payload = {"via": "kiosk", "items": {"produce": 6, "bread": 2}, "rules_confirmed": True}
    return fridge_event("dropoff", {**payload, **more}, seq=seq, wall_ms=wall_ms)


def _accepted(client: httpx.Client, token: str, events: list[dict[str, Any]]) -> None:
    body = push(client, token, events).json()
    assert body["accepted"] == len(events), body


def _page(client: httpx.Client, slug: str = "harbour") -> str:
    answer = client.get(f"/fridges/{slug}")
    assert answer.status_code == 200, answer.text
    return answer.text


def _json(client: httpx.Client, slug: str = "harbour") -> dict[str, Any]:
    answer = client.get(f"/fridges/{slug}.json")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_pages_render_before_anything_is_reported(
    client: httpx.Client, fridge: Fridge, seed: Seed
) -> None:
    listing = client.get("/fridges")
    assert listing.status_code == 200
    assert "Harbour Fridge" in listing.text
    assert "No report yet" in listing.text
    assert 'href="/fridges/harbour"' in listing.text
    # Riverside is a park, not a fridge.
    assert "Riverside Park" not in listing.text
    page = _page(client)
    assert "Not reported yet" in page
    assert "No check logged yet" in page
    assert "banner warn" not in page
    for rule in (*DEFAULT_ACCEPTS, *DEFAULT_REFUSES):
        assert rule in page
    data = _json(client)
    assert (data["condition"], data["level"], data["too_warm"], data["warning"]) == (
        None,
        None,
        False,
        None,
    )
    assert data["updates"] == [] and data["last_update"] is None


def test_status_is_the_latest_report_of_each_field_by_placed_time(
    client: httpx.Client, session: Session, clock: FakeClock, fridge: Fridge, seed: Seed
) -> None:
    earlier, later = NOW_MS - 2 * HOUR_MS, NOW_MS - HOUR_MS
    _accepted(
        client,
        seed.other_token,
        [dropoff(seq=1, wall_ms=earlier, condition="dirty", level=1)],
    )
    # A check from the QR form an hour later says the level only.
    clock.now_ms = later
    submit_form_event(
        session,
        fridge=fridge,
        event_id=uuid.uuid4(),
        type_name="check",
        payload=CheckPayload(via="form", done=["shelves_wiped"], level=3),
        now_ms=later,
    )
    # A drop-off from three hours ago arrives late: history, not the current status.
    clock.now_ms = NOW_MS
    _accepted(
        client,
        seed.other_token,
        [dropoff(seq=2, wall_ms=NOW_MS - 3 * HOUR_MS, condition="good", level=0)],
    )
    data = _json(client)
    assert (data["condition"], data["condition_word"], data["condition_reported_via"]) == (
        "dirty",
        "Needs cleaning",
        "kiosk",
    )
    assert data["condition_reported_at"] == "2025-06-21T10:00:00Z"
    assert (data["level"], data["level_word"], data["level_reported_via"]) == (
        3,
        "Full",
        "form",
    )
    assert data["level_reported_at"] == "2025-06-21T11:00:00Z"
    assert data["last_checked_at"] == "2025-06-21T11:00:00Z"
    assert data["last_restocked_at"] == "2025-06-21T10:00:00Z"
    page = _page(client)
    # Harbour is in New York: 10:00Z is 06:00 there, 11:00Z is 07:00.
    assert "Needs cleaning" in page
    assert "reported Sat 21 Jun 2025, 06:00 at the fridge&#39;s kiosk" in page
    assert "Full (3 of 3)" in page
    assert "reported Sat 21 Jun 2025, 07:00 on the QR form" in page


def test_an_open_too_warm_alert_shows_the_banner_until_cleared(
    client: httpx.Client, session: Session, fridge: Fridge, seed: Seed
) -> None:
    site_id = fridge.site_id
    raise_alert(
        session, site_id=site_id, kind="door_open", key="door:1", message="open", now_ms=NOW_MS
    )
    session.commit()
    assert "banner warn" not in _page(client)
    raise_alert(
        session, site_id=site_id, kind="too_warm", key="warm:1", message="warm", now_ms=NOW_MS
    )
    session.commit()
    page = _page(client)
    assert (
        '<p class="banner warn" role="alert">Too warm: please do not drop off chilled food</p>'
        in (page)
    )
    assert "Too warm</li>" in client.get("/fridges").text
    data = _json(client)
    assert data["too_warm"] is True
    assert data["warning"] == "Too warm: please do not drop off chilled food"
    clear_alert(session, key="warm:1", now_ms=NOW_MS + HOUR_MS)
    session.commit()
    assert "banner warn" not in _page(client)
    assert _json(client)["too_warm"] is False


def test_a_held_photo_never_appears_and_an_approved_one_does(
    client: httpx.Client, session: Session, fridge: Fridge, seed: Seed
) -> None:
    # Each drop-off becomes its update (the dropoff kind's follow-up), naming its photo.
    held = dropoff(seq=1, photo=PHOTO_HELD, items={"produce": 1}, wall_ms=NOW_MS - MINUTE_MS)
    approved = dropoff(seq=2, photo=PHOTO_OK, items={"bread": 2})
    _accepted(client, seed.other_token, [held, approved])

    def photos() -> tuple[str, list[Any]]:
        return _page(client), [update["photo"] for update in _json(client)["updates"]]

    page, shown = photos()
    assert "restocked: 1 produce" in page and "restocked: 2 bread" in page
    assert "/media/photos/" not in page
    assert shown == [None, None]

    moderation.approve(session, event_id=approved["id"], decided_by="test", now_ms=NOW_MS)
    moderation.reject(
        session, event_id=held["id"], reason="a face", decided_by="test", now_ms=NOW_MS
    )
    page, shown = photos()
    assert f'src="http://testserver/media/photos/{PHOTO_OK}/thumb.jpg"' in page
    assert PHOTO_HELD not in page
    # Newest first: the approved drop-off's update, then the rejected one's.
    assert shown[1] is None
    assert shown[0] == {
        "thumb_url": f"http://testserver/media/photos/{PHOTO_OK}/thumb.jpg",
        "display_url": f"http://testserver/media/photos/{PHOTO_OK}/display.jpg",
    }


def test_everything_an_organiser_or_volunteer_typed_is_escaped(
    client: httpx.Client, session: Session, fridge: Fridge, seed: Seed
) -> None:
    script = "<script>alert(1)</script>"
    crud.update_site(session=session, slug="harbour", name=f"Harbour {script}")
    update_fridge(
        session=session,
        site_slug="harbour",
        address=f"1 Quay {script}",
        opening_notes=f"24/7 {script}",
        accepts=[f"Bread {script}"],
        refuses=[f"Fish {script}"],
    )
    record_update(
        session,
        site_id=fridge.site_id,
        kind="status",
        key="status:1",
        occurred_ms=NOW_MS,
        now_ms=NOW_MS,
        title=f"Title {script}",
        body=f"Body {script}",
    )
    session.commit()
    for text in (_page(client), client.get("/fridges").text):
        assert "<script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert _json(client)["name"] == f"Harbour {script}"


def test_the_page_shows_what_its_json_twin_says(
    client: httpx.Client, session: Session, fridge: Fridge, seed: Seed
) -> None:
    update_fridge(
        session=session,
        site_slug="harbour",
        address="1 Quay Street",
        latitude=40.7033,
        longitude=-74.017,
        opening_notes="24/7, in the porch",
    )
    _accepted(client, seed.other_token, [dropoff(seq=1, condition="good", level=2)])
    record_update(
        session,
        site_id=fridge.site_id,
        kind="dropoff",
        key="dropoff:x",
        occurred_ms=NOW_MS,
        now_ms=NOW_MS,
        title="Harbour Fridge restocked: 6 produce, 2 bread",
    )
    session.commit()
    page, data = _page(client), _json(client)
    for name in ("name", "address", "opening_notes", "condition_word", "level_word"):
        assert data[name] and data[name] in page, name
    for rule in data["accepts"] + data["refuses"]:
        assert rule in page
    for update in data["updates"]:
        assert update["title"] in page
    assert data["feeds"]["atom"] in page and data["feeds"]["json_feed"] in page
    osm = "https://www.openstreetmap.org/?mlat=40.703300&amp;mlon=-74.017000#map=18/40.703300/-74.017000"
    assert osm in page
    # The drop-off form's sticker link is at the fridge, never on its public page.
    assert "/d/" not in page
    summary = client.get("/fridges.json").json()["fridges"][0]
    assert summary == {key: data[key] for key in summary}


SUMMARY_FIELDS = {
    "slug", "name", "address", "latitude", "longitude", "timezone", "condition",
    "condition_word", "condition_reported_at", "condition_reported_via", "level", "level_word",
    "level_reported_at", "level_reported_via", "too_warm", "warning", "last_checked_at",
    "last_restocked_at", "last_update", "url", "json_url",
}  # fmt: skip


def test_the_open_list_carries_the_documented_fields_for_any_origin(
    client: httpx.Client, session: Session, fridge: Fridge, seed: Seed
) -> None:
    update_fridge(session=session, site_slug="harbour", latitude=51.5, longitude=-0.1)
    _accepted(client, seed.other_token, [dropoff(seq=1, condition="good", level=1)])
    record_update(
        session,
        site_id=fridge.site_id,
        kind="dropoff",
        key="dropoff:y",
        occurred_ms=NOW_MS,
        now_ms=NOW_MS,
        title="Restocked",
    )
    session.commit()
    answer = client.get("/fridges.json")
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["cache-control"] == "public, max-age=60"
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert RFC3339_UTC.match(body["generated_at"])
    [item] = body["fridges"]
    assert set(item) == SUMMARY_FIELDS
    assert (item["slug"], item["latitude"], item["longitude"]) == ("harbour", 51.5, -0.1)
    assert (item["condition"], item["level"], item["level_word"]) == ("good", 1, "A few items")
    for name in ("condition_reported_at", "level_reported_at", "last_restocked_at"):
        assert RFC3339_UTC.match(item[name]), name
    assert item["last_update"] == {"title": "Restocked", "at": "2025-06-21T12:00:00Z"}
    assert item["url"] == "http://testserver/fridges/harbour"
    assert client.get(item["json_url"]).headers["access-control-allow-origin"] == "*"


def test_an_unknown_fridge_is_a_404_page_and_a_404_json(
    client: httpx.Client, fridge: Fridge, seed: Seed
) -> None:
    page = client.get("/fridges/nowhere")
    assert page.status_code == 404
    assert "No such fridge" in page.text
    missing = client.get("/fridges/nowhere.json")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no site 'nowhere'"}
    assert missing.headers["access-control-allow-origin"] == "*"
    # A park is no fridge.
    assert client.get("/fridges/riverside.json").status_code == 404


def test_feed_addresses_are_never_taken_for_a_fridge(client: httpx.Client, seed: Seed) -> None:
    mine = [route for route in build_router().routes if isinstance(route, APIRoute)]
    assert len(mine) == 4
    feeds = ["/fridges/feed.atom", "/fridges/feed.json", "/fridges/harbour/feed.atom",
             "/fridges/harbour/feed.json", "/fridges/Harbour", "/fridges/a.b"]  # fmt: skip
    for path in feeds:
        scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
        assert all(route.matches(scope)[0] == Match.NONE for route in mine), path
    # The feeds' own routes answer theirs; what no route takes is the router's 404.
    assert client.get("/fridges/feed.json").headers["content-type"] == "application/feed+json"
    for path in ("/fridges/Harbour", "/fridges/a.b"):
        assert client.get(path).json() == {"detail": "Not Found"}, path
    for path, name in (
        ("/fridges/harbour", "fridge_page"),
        ("/fridges/feeder.json", "fridge_json"),
    ):
        scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
        assert [r.name for r in mine if r.matches(scope)[0] == Match.FULL] == [name]


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _busy_fridge(session: Session, slug: str) -> None:
    """A fridge with a check, a drop-off, an update and an open too-warm alert."""
    crud.create_site(session=session, slug=slug, name=f"Fridge {slug}", timezone="UTC")
    fridge = make_fridge(session=session, site_slug=slug, created_ms=NOW_MS)
    payloads: list[tuple[str, Payload]] = [
        ("check", CheckPayload(via="form", done=["shelves_wiped"], level=2)),
        (
            "dropoff",
            DropoffPayload(via="form", items={"bread": 1}, rules_confirmed=True, condition="good"),
        ),
    ]
    for kind, payload in payloads:
        submit_form_event(
            session,
            fridge=fridge,
            event_id=uuid.uuid4(),
            type_name=kind,
            payload=payload,
            now_ms=NOW_MS,
        )
    record_update(
        session,
        site_id=fridge.site_id,
        kind="status",
        key=f"status:{slug}",
        occurred_ms=NOW_MS,
        now_ms=NOW_MS,
        title="ok",
    )
    raise_alert(
        session,
        site_id=fridge.site_id,
        kind="too_warm",
        key=f"warm:{slug}",
        message="warm",
        now_ms=NOW_MS,
    )
    session.commit()


def test_the_list_costs_the_same_queries_for_1_or_10_fridges(
    client: httpx.Client, engine: Engine, session: Session
) -> None:
    _busy_fridge(session, "fridge-0")
    with counted(engine) as one:
        listing = client.get("/fridges.json").json()["fridges"]
    assert [item["too_warm"] for item in listing] == [True]
    assert (listing[0]["condition"], listing[0]["level"]) == ("good", 2)
    with counted(engine) as page_one:
        client.get("/fridges")
    for number in range(1, 10):
        _busy_fridge(session, f"fridge-{number}")
    with counted(engine) as ten:
        listing = client.get("/fridges.json").json()["fridges"]
    assert len(listing) == 10
    assert all(item["too_warm"] and item["level"] == 2 for item in listing)
    with counted(engine) as page_ten:
        client.get("/fridges")
    assert len(one) == len(ten), (one, ten)
    assert len(page_one) == len(page_ten)
