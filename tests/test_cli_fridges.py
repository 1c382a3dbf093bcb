"""`storywall admin add-fridge / set-fridge / list-fridges` as an organiser types them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextlib import nullcontext as _nothing
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from cli.main import main
from server.fridges import get_fridge, list_fridges
from server.models import Event, Site
from server.models_fridge import DEFAULT_ACCEPTS, DEFAULT_REFUSES, Fridge


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """STORYWALL_DATA_DIR pointing at a new hub database, made as a person would."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    return data


@contextmanager
def hub(hub_env: Path) -> Iterator[Session]:
    from server.core.db import make_engine

    engine = make_engine(f"sqlite:///{hub_env / 'hub.sqlite3'}")
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _fridge(hub_env: Path, slug: str) -> tuple[Site, Fridge]:
    with hub(hub_env) as session:
        return get_fridge(session=session, site_slug=slug)


def test_add_fridge_creates_the_site_and_its_fridge(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["admin", "add-fridge", "elm-street", "--name", "Elm Street fridge",
         "--timezone", "Europe/Dublin", "--address", "14 Elm Street", "--lat", "53.35",
         "--lon", "-6.26", "--opening-notes", "24/7, in the porch"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "fridge elm-street: Elm Street fridge (Europe/Dublin); 14 Elm Street at " in out
    assert "photos held for moderation; too warm above 5 °C for 15 min" in out
    site, fridge = _fridge(hub_env, "elm-street")
    assert (site.name, site.timezone) == ("Elm Street fridge", "Europe/Dublin")
    assert (fridge.address, fridge.latitude, fridge.longitude) == ("14 Elm Street", 53.35, -6.26)
    assert fridge.opening_notes == "24/7, in the porch"
    assert (fridge.accepts, fridge.refuses) == (DEFAULT_ACCEPTS, DEFAULT_REFUSES)
    # Again: it is a fridge already.
    assert main(["admin", "add-fridge", "elm-street"]) == 2
    assert "already a fridge" in capsys.readouterr().err


def test_add_fridge_makes_an_existing_site_a_fridge(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-site", "harbour", "--name", "Harbour"]) == 0
    assert main(["admin", "add-fridge", "harbour", "--name", "Other"]) == 2
    assert (
        "site 'harbour' exists; make it a fridge with add-fridge without --name"
        in capsys.readouterr().err
    )
    assert main(["admin", "add-fridge", "harbour", "--no-moderate-photos"]) == 0
    assert "Harbour (Europe/London); (no address); photos published at once" in (
        capsys.readouterr().out
    )
    assert _fridge(hub_env, "harbour")[1].moderate_photos is False


def test_set_fridge_changes_only_what_it_names(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-fridge", "elm", "--name", "Elm", "--address", "1 Elm"]) == 0
    changes = ["--accept", "Bread", "--accept", "Fruit", "--refuse", "Alcohol",
               "--warm-above-c", "8", "--warm-for-min", "20", "--recover-for-min", "45",
               "--door-open-limit-min", "3", "--silent-after-min", "30", "--lat", "51.5",
               "--lon", "-0.1", "--no-moderate-photos"]  # fmt: skip
    assert main(["admin", "set-fridge", "elm", *changes]) == 0
    _site, fridge = _fridge(hub_env, "elm")
    assert (fridge.accepts, fridge.refuses) == (["Bread", "Fruit"], ["Alcohol"])
    assert (fridge.warm_above_c, fridge.warm_for_min, fridge.recover_for_min) == (8.0, 20, 45)
    assert (fridge.door_open_limit_min, fridge.silent_after_min) == (3, 30)
    assert (fridge.latitude, fridge.longitude, fridge.moderate_photos) == (51.5, -0.1, False)
    assert fridge.address == "1 Elm"
    assert main(["admin", "set-fridge", "elm", "--moderate-photos", "--accept", ""]) == 0
    _site, fridge = _fridge(hub_env, "elm")
    assert (fridge.moderate_photos, fridge.accepts, fridge.refuses) == (True, [], ["Alcohol"])
    capsys.readouterr()
    assert main(["admin", "set-fridge", "elm"]) == 2
    assert "set-fridge: name something to change" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--lat", "91"], "--lat: Input should be less than or equal to 90"),
        (["--lat", "10", "--lon", "200"], "--lon: Input should be less than or equal to 180"),
        (["--accept", "x" * 201], "--accept, rule 1: String should have at most 200 characters"),
        (["--refuse", "a"] * 13, "--refuse: List should have at most 12 items"),
        (["--warm-above-c", "16"], "--warm-above-c: Input should be less than or equal to 15"),
        (["--warm-for-min", "0"], "--warm-for-min: Input should be greater than or equal to 1"),
        (["--silent-after-min", "1"], "--silent-after-min: Input should be greater than or"),
        (["--warm-above-c", "warm"], "argument --warm-above-c: 'warm' is not a number"),
        (["--lat", "nan"], "argument --lat: 'nan' is not a finite number"),
        (["--door-open-limit-min", "2.5"], "'2.5' is not a whole number of minutes"),
    ],
)
def test_bad_fridge_values_are_one_line_and_change_nothing(
    hub_env: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], error: str
) -> None:
    assert main(["admin", "add-fridge", "elm", "--name", "Elm"]) == 0
    before = _fridge(hub_env, "elm")[1].model_dump()
    capsys.readouterr()
    with pytest.raises(SystemExit) if "argument" in error or "whole" in error else _nothing():
        assert main(["admin", "set-fridge", "elm", *arguments]) == 2
    err = capsys.readouterr().err
    assert error in err
    assert len([line for line in err.splitlines() if "error" in line or error in line]) == 1
    assert _fridge(hub_env, "elm")[1].model_dump() == before


def test_a_refused_add_leaves_no_site_behind(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-fridge", "elm", "--name", "Elm", "--lat", "51.5"]) == 2
    assert "--lat and --lon: a map position needs both" in capsys.readouterr().err
    assert main(["admin", "add-fridge", "feed", "--name", "Feed"]) == 2
    assert "'feed' names the fridges' feeds" in capsys.readouterr().err
    assert main(["admin", "add-fridge", "nowhere"]) == 2
    assert "there is no site 'nowhere'; give --name" in capsys.readouterr().err
    assert main(["admin", "list"]) == 0
    assert "elm" not in capsys.readouterr().out
    with hub(hub_env) as session:
        assert list_fridges(session=session) == []


def test_list_fridges_shows_settings_rules_and_status(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "list-fridges"]) == 0
    assert "no fridges yet" in capsys.readouterr().out
    assert main(["admin", "add-fridge", "elm", "--name", "Elm", "--refuse", "Alcohol"]) == 0
    assert main(["admin", "add-fridge", "ash", "--name", "Ash", "--address", "2 Ash Row"]) == 0
    capsys.readouterr()
    assert main(["admin", "list-fridges"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("fridge ash: Ash (Europe/London); 2 Ash Row;")
    assert lines[1] == "  now: nothing reported yet"
    assert lines[4].startswith("fridge elm: Elm")
    assert lines[7] == "  refuses: Alcohol"


def test_the_demo_site_is_a_fridge_with_a_little_history(tmp_path: Path) -> None:
    from cli.commands.demo import _seed
    from server.core.db import make_engine
    from server.services.fridge_page import build_fridge_detail

    _seed(tmp_path)
    _seed(tmp_path)  # a second run adds nothing
    engine = make_engine(f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}")
    try:
        with Session(engine) as session:
            page = build_fridge_detail(
                session, site_slug="riverside", base_url="http://demo", now_ms=0
            )

            held = dict(session.exec(select(Event.type, func.count()).group_by(Event.type)).all())
    finally:
        engine.dispose()
    # The fridge's history, and the notes the demo's organiser hub shows (cli/demo_hub.py).
    assert held == {"check": 1, "dropoff": 2, "temperature": 12, "note": 8}
    assert (page.condition, page.level, page.level_reported_via) == ("good", 3, "form")
    assert page.last_checked_at is not None and page.last_restocked_at is not None
    assert page.latitude is not None and page.address
