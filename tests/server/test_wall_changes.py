"""The wall's change marker (the data of GET /wall/events): it moves whenever what the wall
shows may have changed, and only then. Read through a stream that ends after its first
event (wall_stream_seconds=0)."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session

from server import crud
from server.core.config import Settings
from server.services import moderation
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, heartbeat, note, push, reaction


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Streams that send the current marker and end."""
    return settings.model_copy(update={"wall_stream_seconds": 0})


def _marker(client: httpx.Client, site: str | None = None) -> str:
    params = {"site": site} if site else {}
    response = client.get("/wall/events", params=params)
    assert response.status_code == 200
    events = [line[5:].strip() for line in response.text.splitlines() if line.startswith("data:")]
    assert len(events) == 1, response.text
    return events[0]


def test_nothing_changes_nothing(client: httpx.Client, seed: Seed, clock: FakeClock) -> None:
    first = _marker(client)
    clock.now_ms += 60_000
    assert _marker(client) == first
    # Events the wall does not show (a heartbeat from a synchronised kiosk) move nothing.
    push(client, seed.token, [heartbeat(kiosk_id="riverside-1", seq=1)])
    assert _marker(client) == first


def test_answers_notes_and_decisions_move_it(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    seen = {_marker(client)}
    press = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=1)
    push(client, seed.token, [press])
    seen.add(_marker(client))
    # A second answer received in the same millisecond still moves it.
    again = reaction(kiosk_id="riverside-1", prompt_id=seed.prompt_id, emoji="😀", seq=2)
    push(client, seed.token, [again])
    seen.add(_marker(client))
    kind = note(kiosk_id="riverside-1", text="Hello", seq=3)
    push(client, seed.token, [kind])
    seen.add(_marker(client))
    moderation.approve(session, event_id=kind["id"], decided_by="sam", now_ms=NOW_MS)
    seen.add(_marker(client))
    crud.set_prompt(
        session=session, site_slug="riverside", created_ms=NOW_MS, text="Dogs?", emoji=["🐕", "😀"]
    )
    seen.add(_marker(client))
    crud.update_site(session=session, slug="riverside", name="Riverside Gardens")
    seen.add(_marker(client))
    assert len(seen) == 7


def test_a_new_day_and_a_late_placement_move_it(
    client: httpx.Client, seed: Seed, clock: FakeClock
) -> None:
    # An answer from an earlier boot whose clock was not synchronised, pushed after a
    # reboot: undated until a heartbeat of that boot says its clock was right, which
    # places it (and moves "today").
    undated = reaction(
        kiosk_id="riverside-1",
        prompt_id=seed.prompt_id,
        emoji="😀",
        seq=1,
        boot_id="boot-old",
        clock_synced=False,
    )
    push(client, seed.token, [undated], boot_id="boot-new")
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]
    assert wall["undated"] == 1
    before = _marker(client)
    synced = heartbeat(kiosk_id="riverside-1", seq=2, boot_id="boot-old", mono_ms=70_000)
    push(client, seed.token, [synced], boot_id="boot-new")
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]
    assert wall["undated"] == 0
    placed = _marker(client)
    assert placed != before
    clock.now_ms += 24 * 3_600_000
    assert _marker(client) != placed


def test_one_sites_stream_sees_its_neighbours_too(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    # The site's wall shows the neighbours' newest cards, so their approvals count.
    first = _marker(client, "riverside")
    kind = note(kiosk_id="harbour-1", text="Fresh bread", seq=1)
    push(client, seed.other_token, [kind])
    moderation.approve(session, event_id=kind["id"], decided_by="sam", now_ms=NOW_MS)
    assert _marker(client, "riverside") != first
