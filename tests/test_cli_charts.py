"""`storywall admin charts-rebuild`: the charts' rollup counted again from the raw events."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from cli.main import main

JUNK = (
    "INSERT INTO chart_rollup (site_id, day, type, prompt_id, choice, play, weekday, n, "
    "followed, qty, t_n) VALUES (?, 20250101, 'reaction', 0, '😀', 0, 2, 99, 0, 0, 0)"
)


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """STORYWALL_DATA_DIR pointing at a new hub database, made as a person would."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    return data


def _rollup_rows(database: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT site_id, n FROM chart_rollup ORDER BY site_id").fetchall()


def test_a_rebuild_replaces_what_the_rollup_held_with_a_count_of_the_events(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-site", "riverside", "--name", "Riverside Park"]) == 0
    assert main(["admin", "add-site", "harbour", "--name", "Harbour"]) == 0
    database = hub_env / "hub.sqlite3"
    with closing(sqlite3.connect(database)) as connection, connection:
        for site_id in (1, 2):
            connection.execute(JUNK, (site_id,))
    capsys.readouterr()
    assert main(["admin", "charts-rebuild", "--site", "riverside"]) == 0
    assert "1 site(s)" in capsys.readouterr().out
    assert _rollup_rows(database) == [(2, 99)]  # no events: nothing to count at riverside
    assert main(["admin", "charts-rebuild"]) == 0
    assert "2 site(s)" in capsys.readouterr().out
    assert _rollup_rows(database) == []
    assert main(["admin", "charts-rebuild", "--site", "nowhere"]) == 2
    assert "nowhere" in capsys.readouterr().err
