"""Pre- and post-moderation per site, and hiding what was approved.

A site is pre-moderated unless an organiser says otherwise: its notes wait for a
person. A post-moderated site's notes and doodles are public on arrival, decided by
the site setting in the audit log, except a flagged one, which waits. Hiding takes
an approved note down from every public surface, with a reason, and only an
approved one can be hidden.
"""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from server.arrivals.decide import set_site_moderation
from server.errors import InvalidInput
from server.models import HIDDEN, ModerationLog
from server.services import moderation
from server.services.holds import AUTO_APPROVER
from storywall.protocol.media import sha256_hex
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, doodle, note, push
from tests.server.test_media import png, upload

CONFIG = "/api/v1/kiosk/config"


def _public_notes(client: httpx.Client, seed: Seed) -> set[str]:
    wall = client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0]["notes"]
    config = client.get(CONFIG, headers=auth(seed.token)).json()["notes"]
    page = client.get("/", params={"site": "riverside"}).text
    texts = {card["text"] for card in wall}
    assert texts == {item["text"] for item in config}
    assert all(text in page for text in texts)
    return texts


def test_a_site_is_pre_moderated_by_default(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    assert seed.site.moderation == "pre"
    push(client, seed.token, [note(kiosk_id="riverside-1", text="Lovely swans today")])
    assert _public_notes(client, seed) == set()


def test_post_moderation_publishes_at_once_unless_flagged(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    set_site_moderation(session, site=seed.site, mode="post")
    # The kiosk learns the mode from its pull, to word its screens to match.
    pulled = client.get(CONFIG, headers=auth(seed.token)).json()["site"]
    assert pulled["moderation"] == "post"
    other = client.get(CONFIG, headers=auth(seed.other_token)).json()["site"]
    assert other["moderation"] == "pre"
    kind = note(kiosk_id="riverside-1", text="Lovely swans today", seq=1)
    rude = note(kiosk_id="riverside-1", text="the bins are shit", seq=2)
    short = note(kiosk_id="riverside-1", text="ok", seq=3)
    assert push(client, seed.token, [kind, rude, short]).json()["accepted"] == 3
    assert _public_notes(client, seed) == {"Lovely swans today"}
    held = {item.event_id for item in moderation.list_items(session)}
    assert held == {rude["id"], short["id"]}
    line = session.exec(select(ModerationLog).where(ModerationLog.event_id == kind["id"])).one()
    assert (line.state, line.decided_by) == ("approved", AUTO_APPROVER)
    # The other site is still pre-moderated.
    push(client, seed.other_token, [note(kiosk_id="harbour-1", text="Fresh bread today")])
    other = client.get("/wall.json", params={"site": "harbour"}).json()["sites"][0]["notes"]
    assert other == []
    # A person still checks after: hiding takes the published note down.
    moderation.hide(
        session, event_id=kind["id"], reason="off topic", decided_by="sam", now_ms=NOW_MS
    )
    assert _public_notes(client, seed) == set()


def test_post_moderated_doodles_are_public_at_once(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    set_site_moderation(session, site=seed.site, mode="post")
    data = png(side=32)
    event = doodle(kiosk_id="riverside-1", media=sha256_hex(data), size=len(data), side=32)
    push(client, seed.token, [event])
    assert upload(client, seed.token, data).status_code in (200, 201)
    assert client.get(f"/media/{sha256_hex(data)}.png").status_code == 200


def test_hide_needs_a_reason_and_an_approved_item(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    event = note(kiosk_id="riverside-1", text="The fountain works again")
    push(client, seed.token, [event])
    with pytest.raises(InvalidInput, match="only an approved item can be hidden"):
        moderation.hide(session, event_id=event["id"], reason="x", decided_by="sam", now_ms=NOW_MS)
    moderation.approve(session, event_id=event["id"], decided_by="sam", now_ms=NOW_MS)
    assert _public_notes(client, seed) == {"The fountain works again"}
    with pytest.raises(InvalidInput, match="needs a reason"):
        moderation.hide(session, event_id=event["id"], reason=" ", decided_by="sam", now_ms=NOW_MS)
    row = moderation.hide(
        session, event_id=event["id"], reason="a name in it", decided_by="sam", now_ms=NOW_MS + 5
    )
    assert (row.state, row.reason, row.decided_ms) == (HIDDEN, "a name in it", NOW_MS + 5)
    assert _public_notes(client, seed) == set()
    hidden = moderation.list_items(session, state=HIDDEN)
    assert [(item.event_id, item.reason) for item in hidden] == [(event["id"], "a name in it")]
    # Every decision is in the audit log, newest first, with who made it.
    log = moderation.audit_log(session)
    assert [(line.state, line.decided_by, line.reason) for line in log] == [
        ("hidden", "sam", "a name in it"),
        ("approved", "sam", None),
        ("held", None, None),
    ]
    # Approving again restores it.
    moderation.approve(session, event_id=event["id"], decided_by="kim", now_ms=NOW_MS + 9)
    assert _public_notes(client, seed) == {"The fountain works again"}


def test_the_queue_filters_by_site_and_kind_oldest_first(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    first = note(kiosk_id="riverside-1", text="First thought on the park", seq=1)
    second = note(kiosk_id="riverside-1", text="Second idea about benches", seq=2)
    push(client, seed.token, [first, second])
    clock.now_ms += 1000
    harbour = note(kiosk_id="harbour-1", text="Fresh bread at the fridge")
    push(client, seed.other_token, [harbour])
    clock.now_ms += 1000
    data = png(side=32)
    drawing = doodle(kiosk_id="riverside-1", media=sha256_hex(data), size=len(data), seq=3)
    push(client, seed.token, [drawing])
    ids = [item.event_id for item in moderation.list_items(session)]
    assert ids == [first["id"], second["id"], harbour["id"], drawing["id"]]
    riverside = moderation.list_items(session, site_slug="riverside", type_name="note")
    assert [item.event_id for item in riverside] == [first["id"], second["id"]]
    doodles = moderation.list_items(session, type_name="doodle")
    assert [item.event_id for item in doodles] == [drawing["id"]]
    late, _oldest = moderation.count_late(session, now_ms=NOW_MS + 25 * 3_600_000)
    assert late == 4
    assert moderation.count_late(session, now_ms=NOW_MS + 3_600_000)[0] == 0
