"""`storywall admin set-prompt / prompts / prompt ... / calendar` as an organiser types
them: prompts at several sites, at a time or on a day, their states, and the calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from cli.main import main
from server import crud, prompt_calendar, prompts
from server.core.db import make_engine


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hub database with two sites an hour apart: riverside (London) and elm (Berlin)."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    site = ["admin", "add-site"]
    assert main([*site, "riverside", "--name", "Riverside", "--timezone", "Europe/London"]) == 0
    assert main([*site, "elm", "--name", "Elm", "--timezone", "Europe/Berlin"]) == 0
    return data


def _session(hub_env: Path) -> Session:
    return Session(make_engine(f"sqlite:///{hub_env / 'hub.sqlite3'}"))


def _tomorrow() -> date:
    return datetime.now(UTC).date() + timedelta(days=1)


def test_a_daily_prompt_for_two_sites_fills_the_calendar(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = _tomorrow()
    command = ["admin", "set-prompt", "--site", "riverside", "--site", "elm"]
    assert main([*command, "--text", "Birds?", "--day", day.isoformat()]) == 0
    assert "prompt 1 for riverside, elm: Birds? 😀 😐 😢 🌳" in capsys.readouterr().out
    with _session(hub_env) as session:
        runs = {run.site_slug: run for run in prompts.runs_of(session, [1])[1]}
        for slug in ("riverside", "elm"):
            site = crud.get_site(session=session, slug=slug)
            assert runs[slug].start_ms == prompt_calendar.morning_ms(site, day)
            assert runs[slug].end_ms == prompt_calendar.morning_ms(site, day + timedelta(days=1))
    calendar = ["admin", "calendar", "--from", day.isoformat(), "--days", "2"]
    assert main(calendar) == 0
    out, err = capsys.readouterr()
    assert "riverside (mornings at 06:00 Europe/London):" in out
    assert f"  {day:%a %d %b}  prompt 1: Birds?" in out
    assert "-- GAP: no prompt --" in out
    assert "2 mornings without a prompt" in err


def test_states_from_the_command_line(hub_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = f"{_tomorrow().isoformat()} 09:00"
    prompt = ["admin", "set-prompt", "--site", "riverside", "--text"]
    assert main([*prompt, "Now?"]) == 0
    assert main([*prompt, "Later?", "--start", later, "--end", f"{_tomorrow()} 18:00"]) == 0
    capsys.readouterr()
    assert main(["admin", "prompts"]) == 0
    out = capsys.readouterr().out
    assert "prompt 1 [live, results hidden]: Now?" in out
    assert "prompt 2 [upcoming, results hidden]: Later?" in out
    assert f"riverside {datetime.fromisoformat(later):%a %d %b} 09:00-" in out
    assert main(["admin", "prompt", "lock", "1"]) == 0
    assert "prompt 1 [live, locked, results hidden]" in capsys.readouterr().out
    assert main(["admin", "prompt", "reveal", "1"]) == 0
    assert "prompt 1 [live, locked, revealed]" in capsys.readouterr().out
    assert main(["admin", "prompt", "close", "1"]) == 0
    assert "prompt 1 [ended, locked, revealed]" in capsys.readouterr().out
    assert main(["admin", "prompt", "archive", "2"]) == 0
    assert "prompt 2 [archived, results hidden]" in capsys.readouterr().out
    assert main(["admin", "prompts"]) == 0
    assert "Later?" not in capsys.readouterr().out
    assert main(["admin", "prompts", "--archived"]) == 0
    assert "prompt 2 [archived" in capsys.readouterr().out
    assert main(["admin", "prompt", "lock", "2"]) == 2
    assert "prompt 2 is archived: restore it before you lock it" in capsys.readouterr().err
    assert main(["admin", "prompt", "lock", "9"]) == 2
    assert "no prompt 9" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--start", "tomorrow"], "argument --start: 'tomorrow' is not YYYY-MM-DD HH:MM"),
        (["--start", "2026-01-01T09:00+01:00"], "without an offset"),
        (["--day", "2026-13-01"], "argument --day: '2026-13-01' is not a day as YYYY-MM-DD"),
    ],
)
def test_bad_times_are_refused_by_the_parser(
    hub_env: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], error: str
) -> None:
    with pytest.raises(SystemExit):
        main(["admin", "set-prompt", "--site", "riverside", "--text", "Hi?", *arguments])
    assert error in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--day", "2026-01-01", "--start", "now"], "--day: a daily prompt runs 06:00 to 06:00"),
        (
            ["--start", "2026-01-02 09:00", "--end", "2026-01-02 08:00"],
            "--start/--end at riverside: it must end after it starts",
        ),
        (["--emoji", "yes", "no"], "'yes' is not an emoji (for words, make the prompt a poll)"),
    ],
)
def test_bad_schedules_are_one_line_and_store_nothing(
    hub_env: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], error: str
) -> None:
    code = main(["admin", "set-prompt", "--site", "riverside", "--text", "Hi?", *arguments])
    assert code == 2
    assert error in capsys.readouterr().err
    with _session(hub_env) as session:
        assert crud.list_prompts(session=session, site_slug="riverside") == []
