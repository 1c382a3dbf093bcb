"""tools/new_migration writes the next revision as the README tells developers to."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlmodel import SQLModel

from server.core import migrate
from tools.new_migration import main


def test_a_model_change_becomes_the_next_numbered_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(migrate.MIGRATIONS_DIR, tmp_path / "migrations")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path / "migrations")
    previous = migrate.head()
    expected = f"{int(previous) + 1:04d}"
    # A new table in the models, as a later issue would add one (removed after).
    scratch = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(scratch)
    Table("note", scratch, Column("id", Integer, primary_key=True), Column("text", String(200)))
    monkeypatch.setattr(SQLModel, "metadata", scratch)

    assert main(["add the note table"]) == 0

    written = tmp_path / "migrations" / "versions" / f"r{expected}_add_the_note_table.py"
    assert f"wrote {written}" in capsys.readouterr().out
    source = written.read_text(encoding="utf-8")
    assert f'revision: str = "{expected}"' in source
    assert f'down_revision: str | None = "{previous}"' in source
    assert 'op.create_table(\n        "note"' in source or 'op.create_table("note"' in source
    # As make test checks it: formatted and lint-clean as written.
    for ruff in (["format", "--check"], ["check"]):
        checked = subprocess.run(
            [sys.executable, "-m", "ruff", *ruff, str(written)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    assert migrate.head() == expected
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    _before, after = migrate.upgrade(url)
    assert after.revision == expected
    assert "note" in after.tables


def test_no_model_change_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(migrate.MIGRATIONS_DIR, tmp_path / "migrations")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path / "migrations")
    before = sorted((tmp_path / "migrations" / "versions").glob("r*.py"))
    assert main(["nothing changed"]) == 1
    assert "no revision written" in capsys.readouterr().err
    assert sorted((tmp_path / "migrations" / "versions").glob("r*.py")) == before


def test_without_a_message_it_says_how_to_use_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "python -m tools.new_migration" in capsys.readouterr().err
