"""Poll and slider prompts, and play presses, through the hub's API and its organiser's crud."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from server import crud
from server.errors import InvalidInput
from server.events.reaction import (
    REASON_EMOJI_NOT_OPTION,
    REASON_POLL_NEEDS_OPTION,
    REASON_UNKNOWN_EMOJI,
    REASON_UNKNOWN_OPTION,
)
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS, push, reaction
from tests.server.helpers import stored_event

SLIDER = ["😞", "🙁", "😐", "🙂", "😀"]


def _answer(prompt_id: int, seq: int, **answer: Any) -> dict[str, Any]:
    event = reaction(kiosk_id="riverside-1", prompt_id=prompt_id, emoji="😀", seq=seq)
    event["payload"] = {"prompt_id": prompt_id, **answer}
    return event


def _poll(session: Session, **more: Any) -> int:
    prompt = crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="Which new bench?",
        kind="poll",
        options=["Oak", "Steel", "Recycled plastic"],
        results_revealed=True,
        **more,
    )
    assert prompt.id is not None
    return prompt.id


def _results(response: httpx.Response) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["status"], r.get("reason")) for r in response.json()["results"]]


def _site(client: httpx.Client) -> dict[str, Any]:
    return next(s for s in client.get("/wall.json").json()["sites"] if s["slug"] == "riverside")


def test_a_poll_answer_is_an_option_of_the_poll(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    poll = _poll(session)
    answers = [
        _answer(poll, 1, option=2),
        _answer(poll, 2, option=3),  # the poll has three options: 0, 1, 2
        _answer(poll, 3, emoji="😀"),
        _answer(seed.prompt_id, 4, option=0),  # an emoji prompt has no options
        _answer(seed.prompt_id, 5, emoji="🦄"),
        _answer(seed.prompt_id, 6, emoji="😐"),
    ]
    assert _results(push(client, seed.token, answers)) == [
        ("accepted", None),
        ("rejected", REASON_UNKNOWN_OPTION),
        ("rejected", REASON_POLL_NEEDS_OPTION),
        ("rejected", REASON_EMOJI_NOT_OPTION),
        ("rejected", REASON_UNKNOWN_EMOJI),
        ("accepted", None),
    ]
    site = _site(client)
    assert site["prompt"]["kind"] == "poll"
    assert [(t["choice"], t["label"], t["today"]) for t in site["tallies"]] == [
        ("#0", "Oak", 0),
        ("#1", "Steel", 0),
        ("#2", "Recycled plastic", 1),
    ]
    page = client.get("/").text
    assert '<span class="option">Recycled plastic</span>' in page


def test_a_slider_is_answered_with_its_emoji(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    slider = crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="How safe?",
        kind="slider",
        emoji=SLIDER,
        results_revealed=True,
    )
    assert slider.id is not None
    answers = [_answer(slider.id, 1, emoji="🙂"), _answer(slider.id, 2, option=1)]
    assert _results(push(client, seed.token, answers)) == [
        ("accepted", None),
        ("rejected", REASON_EMOJI_NOT_OPTION),
    ]
    assert {t["choice"]: t["today"] for t in _site(client)["tallies"]}["🙂"] == 1


@pytest.mark.parametrize(
    ("prompt", "message"),
    [
        ({"kind": "poll", "options": ["Yes"]}, "a poll has 2-4 options"),
        ({"kind": "poll", "options": ["A", "B", "C", "D", "E"]}, "at most 4"),
        ({"kind": "poll", "options": ["Yes", "No"], "emoji": ["😀", "😢"]}, "not emoji"),
        ({"kind": "poll", "options": ["Yes", "Yes"]}, "each option may appear only once"),
        ({"kind": "poll", "options": ["Yes 😀", "😢"]}, "option 2: '😢' is only emoji"),
        ({"kind": "slider", "emoji": ["😀", "😐", "😢"]}, "exactly 5 emoji"),
        ({"kind": "emoji", "emoji": ["😀"]}, "2-6 emoji"),
        ({"kind": "emoji", "emoji": ["yes", "no"]}, "'yes' is not an emoji"),
        ({"kind": "emoji", "emoji": ["😀", "A"]}, "'A' is not an emoji"),
        ({"kind": "emoji", "emoji": ["😀", "😢"], "options": ["A", "B"]}, "only a poll"),
        ({"kind": "quiz", "emoji": ["😀", "😢"]}, "kind"),
        (
            {"kind": "poll", "options": ["Yes", "No"], "option_texts": {"es": ["Sí"]}},
            "option labels in es: 1 for 2 options",
        ),
    ],
)
def test_a_prompt_that_breaks_a_rule_is_refused_and_nothing_stored(
    session: Session, seed: Seed, prompt: dict[str, Any], message: str
) -> None:
    before = crud.list_prompts(session=session, site_slug="riverside")
    with pytest.raises(InvalidInput, match=message):
        crud.set_prompt(
            session=session, site_slug="riverside", created_ms=NOW_MS, text="Hm?", **prompt
        )
    assert crud.list_prompts(session=session, site_slug="riverside") == before


def test_translations_must_be_in_the_site_languages(session: Session, seed: Seed) -> None:
    with pytest.raises(InvalidInput, match=r"texts\.es: riverside has no such second language"):
        crud.set_prompt(
            session=session,
            site_slug="riverside",
            created_ms=NOW_MS,
            text="Hi?",
            emoji=SLIDER[:2],
            texts={"es": "¿Y?"},
        )
    crud.update_site(session=session, slug="riverside", languages=["en", "es"])
    prompt = crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="Hi?",
        emoji=SLIDER[:2],
        texts={"es": "¿Y?"},
    )
    assert prompt.texts == {"es": "¿Y?"}


def test_play_is_kept_counted_as_play_and_left_out_of_every_tally(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    opinion = [_answer(seed.prompt_id, n, emoji="😀") for n in (1, 2)]
    play = [_answer(seed.prompt_id, n, emoji=e, play=True) for n, e in ((3, "😀"), (4, "😢"))]
    assert push(client, seed.token, opinion + play).json()["accepted"] == 4

    assert stored_event(engine, play[0]["id"]).play is True
    assert stored_event(engine, opinion[0]["id"]).play is False
    assert stored_event(engine, play[1]["id"]).payload["play"] is True  # raw event kept
    site = _site(client)
    assert {t["choice"]: (t["today"], t["total"]) for t in site["tallies"]} == {
        "😀": (2, 2),
        "😐": (0, 0),
        "😢": (0, 0),
        "🌳": (0, 0),
    }
    assert (site["play_today"], site["play_total"]) == (2, 2)
    page = client.get("/").text
    assert '<span data-count="play">2</span> playful presses today' in page
    config = client.get("/api/v1/kiosk/config", headers={"Authorization": f"Bearer {seed.token}"})
    assert config.json()["prompt"]["tallies"] == {"😀": 2, "😐": 0, "😢": 0, "🌳": 0}


def test_the_wall_shows_one_site_when_asked(client: httpx.Client, seed: Seed) -> None:
    one = client.get("/wall.json", params={"site": "harbour"}).json()
    assert [site["slug"] for site in one["sites"]] == ["harbour"]
    page = client.get("/", params={"site": "harbour"}).text
    assert "Harbour Fridge" in page and "Riverside Park" not in page
    assert client.get("/wall.json", params={"site": "nowhere"}).status_code == 404
    missing = client.get("/", params={"site": "nowhere"})
    assert missing.status_code == 404
    assert "No such site here." in missing.text
    assert client.get("/wall.json", params={"site": "Bad Slug!"}).status_code == 422
