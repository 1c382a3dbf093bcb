"""Prompt schedules: which prompt each site shows when, the daily morning, several
sites, and the calendar, through the kiosk's pull, its push and the wall."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from server import crud, prompt_calendar, prompts
from server.errors import InvalidInput
from server.events.reaction import REASON_UNKNOWN_PROMPT
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import NOW_MS, auth, push, reaction

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
CONFIG = "/api/v1/kiosk/config"
TODAY = date(2025, 6, 21)  # NOW_MS is 13:00 in London, 08:00 in New York


def _shown(client: httpx.Client, token: str) -> int | None:
    prompt = client.get(CONFIG, headers=auth(token)).json()["prompt"]
    return None if prompt is None else int(prompt["id"])


def _wall_site(client: httpx.Client, slug: str) -> dict[str, Any]:
    sites = client.get("/wall.json", params={"site": slug}).json()["sites"]
    assert len(sites) == 1
    return dict(sites[0])


def _prompt(session: Session, runs: crud.Runs, text: str = "Dogs?", **more: Any) -> int:
    prompt = crud.create_prompt(
        session=session, runs=runs, text=text, emoji=["🐕", "😀"], created_ms=NOW_MS, **more
    )
    assert prompt.id is not None
    return prompt.id


def test_the_newest_started_running_prompt_shows_and_none_when_nothing_runs(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    later = _prompt(session, {"riverside": (NOW_MS + HOUR_MS, NOW_MS + 3 * HOUR_MS)})
    # Started before the seed's prompt, so the seed's (newer-started) one still shows.
    older = _prompt(session, {"riverside": (NOW_MS - 2 * DAY_MS, None)}, text="Old?")
    assert _shown(client, seed.token) == seed.prompt_id
    clock.now_ms = NOW_MS + HOUR_MS
    assert _shown(client, seed.token) == later
    assert _wall_site(client, "riverside")["prompt"]["id"] == later
    clock.now_ms = NOW_MS + 3 * HOUR_MS  # its end is exclusive
    assert _shown(client, seed.token) == seed.prompt_id
    prompts.close(session=session, prompt_id=seed.prompt_id, now_ms=clock.now_ms)
    assert _shown(client, seed.token) == older
    prompts.close(session=session, prompt_id=older, now_ms=clock.now_ms)
    assert _shown(client, seed.token) is None
    assert _wall_site(client, "riverside")["prompt"] is None
    # Before anything started there, nothing shows either.
    assert crud.current_prompt(session=session, site_id=seed.site.id or 0, now_ms=0) is None


def test_a_daily_prompt_starts_at_each_site_morning(
    client: httpx.Client, session: Session, seed: Seed, clock: FakeClock
) -> None:
    tomorrow = TODAY + timedelta(days=1)
    daily = prompt_calendar.schedule_daily(
        session=session,
        site_slugs=["riverside", "harbour"],
        day=tomorrow,
        text="What did you see?",
        emoji=["🐦", "🦊"],
    )
    london_morning = NOW_MS + 17 * HOUR_MS  # 06:00 BST on the 22nd is 05:00 UTC
    new_york_morning = NOW_MS + 22 * HOUR_MS  # 06:00 EDT is 10:00 UTC
    assert daily.id is not None
    held = prompts.runs_of(session, [daily.id])[daily.id]
    runs = {run.site_slug: (run.start_ms, run.end_ms) for run in held}
    assert runs == {
        "riverside": (london_morning, london_morning + DAY_MS),
        "harbour": (new_york_morning, new_york_morning + DAY_MS),
    }
    clock.now_ms = london_morning - 1
    assert _shown(client, seed.token) == seed.prompt_id
    clock.now_ms = london_morning
    assert _shown(client, seed.token) == daily.id
    assert _shown(client, seed.other_token) == seed.other_prompt.id
    clock.now_ms = new_york_morning
    assert _shown(client, seed.other_token) == daily.id
    clock.now_ms = london_morning + DAY_MS  # the next morning: back to the open-ended one
    assert _shown(client, seed.token) == seed.prompt_id


def test_a_prompt_on_two_sites_counts_each_site_apart(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    both = _prompt(
        session,
        {"riverside": (NOW_MS - HOUR_MS, None), "harbour": (NOW_MS - HOUR_MS, None)},
        results_revealed=True,
    )
    here = [reaction(kiosk_id="riverside-1", prompt_id=both, emoji="🐕", seq=n) for n in (1, 2)]
    there = [reaction(kiosk_id="harbour-1", prompt_id=both, emoji="😀", seq=1)]
    assert push(client, seed.token, here).json()["accepted"] == 2
    assert push(client, seed.other_token, there).json()["accepted"] == 1
    tallies = {
        slug: {t["choice"]: t["today"] for t in _wall_site(client, slug)["tallies"]}
        for slug in ("riverside", "harbour")
    }
    assert tallies == {"riverside": {"🐕": 2, "😀": 0}, "harbour": {"🐕": 0, "😀": 1}}
    config = client.get(CONFIG, headers=auth(seed.other_token)).json()
    assert config["prompt"]["tallies"] == {"🐕": 0, "😀": 1}


def test_an_answer_to_a_prompt_that_does_not_run_at_the_site_is_refused(
    client: httpx.Client, session: Session, seed: Seed
) -> None:
    elsewhere = _prompt(session, {"harbour": (NOW_MS - HOUR_MS, None)})
    event = reaction(kiosk_id="riverside-1", prompt_id=elsewhere, emoji="🐕")
    result = push(client, seed.token, [event]).json()["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", REASON_UNKNOWN_PROMPT)


def test_translations_may_be_in_any_language_of_its_sites(session: Session, seed: Seed) -> None:
    crud.update_site(session=session, slug="harbour", languages=["en", "es"])
    runs: crud.Runs = {"riverside": (NOW_MS, None), "harbour": (NOW_MS, None)}
    _prompt(session, runs, texts={"es": "¿Perros?"})
    with pytest.raises(InvalidInput, match=r"texts\.cy: none of its sites \(riverside, harbour\)"):
        _prompt(session, runs, texts={"cy": "Cŵn?"})
    with pytest.raises(InvalidInput, match="must end after it starts"):
        _prompt(session, {"riverside": (NOW_MS, NOW_MS)})
    with pytest.raises(InvalidInput, match="at least one site"):
        _prompt(session, {})


def test_the_calendar_shows_each_morning_gaps_and_repeats(session: Session, seed: Seed) -> None:
    prompts.close(session=session, prompt_id=seed.prompt_id, now_ms=NOW_MS)
    day2 = prompt_calendar.schedule_daily(
        session=session, site_slugs=["riverside"], day=TODAY + timedelta(days=2),
        text="Birds?", emoji=["🐦", "🦆"],
    )  # fmt: skip
    week = prompt_calendar.schedule_daily(
        session=session, site_slugs=["riverside"], day=TODAY + timedelta(days=3),
        text="Week?", emoji=["🐦", "🦆"],
    )  # fmt: skip
    assert week.id is not None
    # Make the "week" prompt run three mornings.
    riverside = crud.get_site(session=session, slug="riverside")
    start = prompt_calendar.morning_ms(riverside, TODAY + timedelta(days=3))
    prompts.set_runs(
        session=session, prompt_id=week.id, runs={"riverside": (start, start + 3 * DAY_MS)}
    )
    rows = prompt_calendar.calendar(
        session=session, first_day=TODAY, days=7, site_slugs=["riverside"]
    )
    cells = rows[0].cells
    assert [(c.prompt_id, c.gap, c.repeat) for c in cells] == [
        # The seed's prompt, open-ended from yesterday 13:00, ran this morning; it was
        # closed at 13:00, so tomorrow morning has nothing.
        (seed.prompt_id, False, False),
        (None, True, False),
        (day2.id, False, False),
        (week.id, False, False),
        (week.id, False, True),
        (week.id, False, True),
        (None, True, False),
    ]
    # Each cell is what a kiosk would show at that morning.
    for cell in cells:
        at = prompt_calendar.morning_ms(riverside, cell.day)
        shown = crud.current_prompt(session=session, site_id=riverside.id or 0, now_ms=at)
        assert (shown.id if shown else None) == cell.prompt_id


def test_the_site_day_turns_at_its_morning(session: Session, seed: Seed) -> None:
    riverside = crud.get_site(session=session, slug="riverside")
    morning = prompt_calendar.morning_ms(riverside, TODAY)
    assert prompt_calendar.site_day(riverside, morning - 1) == TODAY - timedelta(days=1)
    assert prompt_calendar.site_day(riverside, morning) == TODAY


def test_today_on_the_calendar_is_what_runs_now(session: Session, seed: Seed) -> None:
    prompts.close(session=session, prompt_id=seed.prompt_id, now_ms=NOW_MS - 2 * HOUR_MS)

    def today() -> list[tuple[int | None, bool]]:
        rows = prompt_calendar.calendar(
            session=session, first_day=TODAY, days=2, site_slugs=["riverside"], now_ms=NOW_MS
        )
        return [(cell.prompt_id, cell.gap) for cell in rows[0].cells]

    # At 13:00 the morning's prompt was closed two hours ago: today is a gap now.
    assert today() == [(None, True), (None, True)]
    noon = _prompt(session, {"riverside": (NOW_MS - HOUR_MS, None)})
    assert today() == [(noon, False), (noon, False)]
    # Without `now_ms` a day is its morning: the closed prompt ran then.
    morning = prompt_calendar.calendar(
        session=session, first_day=TODAY, days=1, site_slugs=["riverside"]
    )
    assert morning[0].cells[0].prompt_id == seed.prompt_id


def test_the_pull_reads_tallies_and_schedules_through_their_indexes(
    client: httpx.Client, engine: Engine, seed: Seed
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the plans checked are SQLite's")
    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM event" in statement or "prompt_run" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        assert client.get(CONFIG, headers=auth(seed.token)).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    plans = {}
    with engine.connect() as connection:
        for statement, parameters in seen:
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plans[statement] = " | ".join(str(row[-1]) for row in rows)
    tally = [plan for sql, plan in plans.items() if "FROM event" in sql and "placed_ms" in sql]
    runs = [plan for sql, plan in plans.items() if "prompt_run" in sql]
    assert tally and all("ix_event_site_prompt_placed" in plan for plan in tally), plans
    assert runs and all("ix_prompt_run_site_start" in plan for plan in runs), plans
