"""`storywall admin rota-*` as an organiser types it: check times added, listed with who
took each slot, removed; the take link printed opens the hub's take page."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from sqlmodel import Session

from cli.main import main
from server.app import create_app
from server.core.config import Settings
from server.core.db import make_engine
from server.fridges import make_fridge
from server.services import rota

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hub database with a fridge site `elm`, as an organiser would have it."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    monkeypatch.delenv("STORYWALL_PUBLIC_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    assert main(["admin", "add-site", "elm", "--name", "Elm St fridge"]) == 0
    assert main(["admin", "add-site", "park", "--name", "A park"]) == 0
    engine = make_engine(f"sqlite:///{data / 'hub.sqlite3'}")
    with Session(engine) as session:
        make_fridge(session=session, site_slug="elm")
    engine.dispose()
    return data


def test_add_list_and_remove_check_times(hub_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "rota-add", "elm", "--at", "10:00"]) == 0
    out = capsys.readouterr().out
    assert "check time 1: daily at 10:00 (Europe/London)" in out
    assert "slots made" in out
    assert main(["admin", "rota-add", "elm", "--at", "18:30", "--days", "thu,mon"]) == 0
    assert "check time 2: mon,thu at 18:30" in capsys.readouterr().out
    assert main(["admin", "rota-list", "elm"]) == 0
    listing = capsys.readouterr().out
    assert "check time 1: daily at 10:00" in listing
    assert "check time 2: mon,thu at 18:30" in listing
    assert listing.count(" 10:00 ") >= rota.ROTA_DAYS_AHEAD
    assert main(["admin", "rota-remove", "elm", "2"]) == 0
    assert "coming slots cancelled" in capsys.readouterr().out
    assert main(["admin", "rota-list", "elm"]) == 0
    assert "18:30" not in capsys.readouterr().out


def test_rota_errors_are_one_clear_line(hub_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "rota-add", "elm", "--at", "25:00"]) == 2
    assert "--at: '25:00' is not a time" in capsys.readouterr().err
    assert main(["admin", "rota-add", "elm", "--at", "10:00", "--days", "someday"]) == 2
    assert "--days: name weekdays" in capsys.readouterr().err
    assert main(["admin", "rota-add", "park", "--at", "10:00"]) == 2
    assert "not a fridge" in capsys.readouterr().err
    assert main(["admin", "rota-remove", "elm", "7"]) == 2
    assert "no check time 7" in capsys.readouterr().err
    assert main(["admin", "rota-link", "elm"]) == 2
    assert "STORYWALL_PUBLIC_URL" in capsys.readouterr().err


def test_the_same_check_time_twice_is_refused(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two slots at one time: one check fulfils one, the other would always be "missed".
    assert main(["admin", "rota-add", "elm", "--at", "10:00", "--days", "mon,thu"]) == 0
    capsys.readouterr()
    assert main(["admin", "rota-add", "elm", "--at", "10:00", "--days", "thu,sat"]) == 2
    assert "already at 10:00 on Thu" in capsys.readouterr().err
    assert main(["admin", "rota-add", "elm", "--at", "10:00", "--days", "sat"]) == 0
    assert main(["admin", "rota-add", "elm", "--at", "10:30", "--days", "mon"]) == 0


def test_the_printed_take_link_opens_the_take_page(
    hub_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYWALL_PUBLIC_URL", "https://wall.example.org")
    assert main(["admin", "rota-add", "elm", "--at", "10:00"]) == 0
    capsys.readouterr()
    assert main(["admin", "rota-link", "elm", "--valid-days", "30"]) == 0
    take_line, check_line = capsys.readouterr().out.strip().splitlines()
    take = take_line.split(": ", 1)[1]
    check = check_line.split(": ", 1)[1]
    assert take.startswith("https://wall.example.org/rota/take/")
    assert check.startswith("https://wall.example.org/c/")
    with TestClient(create_app(Settings(data_dir=hub_env))) as client:
        page = client.get(take.removeprefix("https://wall.example.org"))
        assert page.status_code == 200
        assert "Take a cleaning slot" in page.text and "Elm St fridge" in page.text
        form = client.get(check.removeprefix("https://wall.example.org"))
        assert form.status_code == 200 and "Cleaning check" in form.text
