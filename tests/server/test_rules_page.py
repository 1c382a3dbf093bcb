"""GET /rules: the public house rules, for every site or one, linked from the wall.

It says what is welcome and what is removed, whether a person checks notes before or
after they appear (the site's mode), and who runs the site; its text is escaped."""

from __future__ import annotations

import httpx
from sqlmodel import Session

from server import crud
from server.arrivals.decide import set_site_moderation
from tests.server.conftest import Seed


def test_one_site_s_rules_say_who_checks_and_who_runs_it(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    crud.update_site(
        session=session,
        slug="riverside",
        operator="Friends of <Riverside>",
        contact="hello@example.org",
        languages=["en", "cy"],
    )
    page = client.get("/rules", params={"site": "riverside"})
    assert page.status_code == 200
    body = page.text
    assert "House rules for Riverside Park" in body
    assert "before it appears on the wall" in body
    assert "Friends of &lt;Riverside&gt;" in body and "<Riverside>" not in body
    assert "hello@example.org" in body
    assert "(en, cy)" in body
    assert "Taken down" in body and "Welcome" in body
    # The other site is not on this page.
    assert "Harbour Fridge" not in body

    set_site_moderation(session, site=seed.site, mode="post")
    body = client.get("/rules", params={"site": "riverside"}).text
    assert "appear on the wall at once" in body
    assert "waits for a person first" in body


def test_every_site_s_rules_and_an_unknown_one(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    body = client.get("/rules").text
    assert "Riverside Park" in body and "Harbour Fridge" in body
    assert "/rules?site=harbour" in body
    assert "have not put their name here yet" in body
    missing = client.get("/rules", params={"site": "nowhere"})
    assert missing.status_code == 404
    assert "No such wall" in missing.text


def test_the_wall_links_to_each_site_s_rules(client: httpx.Client, seed: Seed) -> None:
    page = client.get("/", params={"site": "riverside"}).text
    assert 'href="/rules?site=riverside"' in page
