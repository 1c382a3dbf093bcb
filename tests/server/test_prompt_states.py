"""A prompt's states: lock, close, archive and reveal, as kiosks, the wall, the wall
image and the organiser's lists see them; and which emoji a prompt may have."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from server import crud, prompts
from server.errors import InvalidInput
from server.events.reaction import REASON_LOCKED
from server.prompts import PromptState
from server.services.wall_image import describe
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, push, reaction

HOUR_MS = 3_600_000
CONFIG = "/api/v1/kiosk/config"


def _riverside(client: httpx.Client) -> dict[str, Any]:
    return dict(client.get("/wall.json", params={"site": "riverside"}).json()["sites"][0])


def _new_prompt(session: Session, **more: Any) -> int:
    prompt = crud.set_prompt(
        session=session,
        site_slug="riverside",
        text="Dogs welcome?",
        emoji=["🐕", "🚫"],
        **{"created_ms": NOW_MS - HOUR_MS, **more},
    )
    assert prompt.id is not None
    return prompt.id


def _press(prompt_id: int, seq: int, *, wall_ms: int = NOW_MS, synced: bool = True) -> Any:
    return reaction(
        kiosk_id="riverside-1",
        prompt_id=prompt_id,
        emoji="🐕",
        seq=seq,
        wall_ms=wall_ms,
        clock_synced=synced,
        mono_ms=60_000 + seq,
    )


def _verdicts(response: httpx.Response) -> list[tuple[str, str | None]]:
    return [(r["status"], r.get("reason")) for r in response.json()["results"]]


def test_results_stay_off_the_wall_until_revealed(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    prompt_id = _new_prompt(session)
    push(client, seed.token, [_press(prompt_id, n) for n in (1, 2, 3)])
    site = _riverside(client)
    assert site["prompt"]["results_revealed"] is False
    assert site["tallies"] == []
    page = client.get("/", params={"site": "riverside"}).text
    assert 'class="tally" data-choice' not in page and 'data-count="today"' not in page
    assert "hidden-results" in page  # the answers, without their counts

    prompts.reveal(session=session, prompt_id=prompt_id)
    site = _riverside(client)
    assert {t["choice"]: t["today"] for t in site["tallies"]} == {"🐕": 3, "🚫": 0}
    page = client.get("/", params={"site": "riverside"}).text
    assert 'data-choice="🐕"' in page and "hidden-results" not in page

    prompts.reveal(session=session, prompt_id=prompt_id, revealed=False)
    assert _riverside(client)["tallies"] == []


def test_the_wall_image_shows_counts_only_when_revealed_and_locked(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    prompt_id = _new_prompt(session)
    push(client, seed.token, [_press(prompt_id, 1)])

    def picture() -> Any:
        return describe(session, seed.kiosk, now_ms=NOW_MS, size=(800, 480), language=None)

    def etag() -> str:
        url, params = "/api/v1/kiosk/wall.png", {"w": 800, "h": 480}
        return str(client.get(url, params=params, headers=auth(seed.token)).headers["ETag"])

    hidden = picture()
    assert hidden.counted is False
    assert [answer.count for answer in hidden.answers] == [0, 0]
    before = etag()
    prompts.reveal(session=session, prompt_id=prompt_id)
    # Revealed but still taking answers: a kiosk's passers-by have not answered yet.
    assert picture().counted is False
    assert etag() == before
    prompts.lock(session=session, prompt_id=prompt_id, now_ms=NOW_MS)
    shown = picture()
    assert shown.counted is True
    assert [answer.count for answer in shown.answers] == [1, 0]
    assert etag() != before


def test_a_locked_prompt_shows_on_kiosks_and_refuses_answers_made_after_the_lock(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    prompt_id = _new_prompt(session)
    locked_at = NOW_MS - 10 * 60_000
    prompts.lock(session=session, prompt_id=prompt_id, now_ms=locked_at)
    config = client.get(CONFIG, headers=auth(seed.token)).json()
    assert (config["prompt"]["id"], config["prompt"]["locked"]) == (prompt_id, True)
    answers = [
        _press(prompt_id, 1, wall_ms=locked_at - 1),  # made before the lock, delivered late
        _press(prompt_id, 2, wall_ms=locked_at),
        _press(prompt_id, 3, wall_ms=locked_at - 60_000, synced=False),  # cannot be placed
    ]
    assert _verdicts(push(client, seed.token, answers)) == [
        ("accepted", None),
        ("rejected", REASON_LOCKED),
        ("rejected", REASON_LOCKED),
    ]
    # Locking again keeps the first time; unlocking takes answers again.
    assert prompts.lock(session=session, prompt_id=prompt_id, now_ms=NOW_MS).locked_ms == locked_at
    prompts.unlock(session=session, prompt_id=prompt_id)
    assert client.get(CONFIG, headers=auth(seed.token)).json()["prompt"]["locked"] is False
    later = push(client, seed.token, [_press(prompt_id, 4)])
    assert _verdicts(later) == [("accepted", None)]


def test_close_ends_it_now_and_archive_takes_it_off_the_lists(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    prompt_id = _new_prompt(session)
    future = _new_prompt(session, created_ms=NOW_MS + 5 * HOUR_MS)
    push(client, seed.token, [_press(prompt_id, 1)])
    lists = prompts.list_prompts(session=session, now_ms=NOW_MS)
    states = {row.id: state for state, rows in lists.items() for row in rows}
    assert states == {
        prompt_id: PromptState.LIVE,
        future: PromptState.UPCOMING,
        seed.prompt_id: PromptState.WAITING,
        seed.other_prompt.id: PromptState.LIVE,
    }
    assert lists[PromptState.LIVE][0].live_at in (["riverside"], ["harbour"])

    prompts.close(session=session, prompt_id=prompt_id, now_ms=NOW_MS)
    assert _riverside(client)["prompt"]["id"] == seed.prompt_id
    assert prompts.prompt_row(session=session, prompt_id=prompt_id, now_ms=NOW_MS).state == (
        PromptState.ENDED
    )
    # Closing one that has not started yet: it never runs.
    prompts.close(session=session, prompt_id=future, now_ms=NOW_MS)
    clock.now_ms = NOW_MS + 6 * HOUR_MS
    assert _riverside(client)["prompt"]["id"] == seed.prompt_id

    prompts.archive(session=session, prompt_id=seed.prompt_id, now_ms=clock.now_ms)
    assert _riverside(client)["prompt"] is None
    lists = prompts.list_prompts(session=session, now_ms=clock.now_ms)
    listed = {row.id for rows in lists.values() for row in rows}
    assert seed.prompt_id not in listed and prompt_id in listed
    with_archived = prompts.list_prompts(session=session, now_ms=clock.now_ms, archived=True)
    assert [row.id for row in with_archived[PromptState.ARCHIVED]] == [seed.prompt_id]
    # History is kept: the archived prompt's answers still count for it.
    with pytest.raises(InvalidInput, match="archived: restore it"):
        prompts.lock(session=session, prompt_id=seed.prompt_id, now_ms=clock.now_ms)
    prompts.restore(session=session, prompt_id=seed.prompt_id)
    row = prompts.prompt_row(session=session, prompt_id=seed.prompt_id, now_ms=clock.now_ms)
    assert row.state == PromptState.ENDED


def test_answers_are_fixed_once_answered_but_words_may_change(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    prompt_id = _new_prompt(session)
    changed = prompts.update_prompt(session=session, prompt_id=prompt_id, emoji=["🐕", "🐈"])
    assert changed.emoji == ["🐕", "🐈"]
    push(client, seed.token, [_press(prompt_id, 1)])
    with pytest.raises(InvalidInput, match="has answers: its emoji cannot change"):
        prompts.update_prompt(session=session, prompt_id=prompt_id, emoji=["🐕", "🦜"])
    reworded = prompts.update_prompt(session=session, prompt_id=prompt_id, text="Dogs here?")
    assert client.get(CONFIG, headers=auth(seed.token)).json()["prompt"]["text"] == "Dogs here?"
    assert reworded.emoji == ["🐕", "🐈"]


@pytest.mark.parametrize(
    ("emoji", "message"),
    [
        (["yes", "no"], "'yes' is not an emoji (for words, make the prompt a poll)"),
        (["😀", "ok"], "'ok' is not an emoji"),
        (["😀😀", "😢"], "emoji 1: '😀😀' is not one emoji"),
    ],
)
def test_a_prompt_emoji_must_be_one_emoji(
    session: Session, seed: Seed, emoji: list[str], message: str
) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        crud.set_prompt(
            session=session, site_slug="riverside", created_ms=NOW_MS, text="Hm?", emoji=emoji
        )


@pytest.mark.parametrize("emoji", [["👍🏽", "👎🏿"], ["🏴󠁧󠁢󠁷󠁬󠁳󠁿", "🇬🇧"], ["1️⃣", "2️⃣"], ["👩‍🚒", "❤️"]])
def test_emoji_sequences_are_one_emoji(session: Session, seed: Seed, emoji: list[str]) -> None:
    prompt = crud.set_prompt(
        session=session, site_slug="riverside", created_ms=NOW_MS, text="Hm?", emoji=emoji
    )
    assert prompt.emoji == emoji
