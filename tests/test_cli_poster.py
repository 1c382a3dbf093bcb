"""`storywall poster SITE --week 2026-W48 --out FILE`: the weekly A3 poster, PNG or PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import Session

from cli.main import main
from server import crud
from server.core.db import make_engine
from server.services.poster_render import A3_PX


def test_the_command_writes_the_poster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    assert main(["admin", "add-site", "riverside", "--name", "Riverside Park"]) == 0
    engine = make_engine(f"sqlite:///{data / 'hub.sqlite3'}")
    try:
        with Session(engine) as session:
            crud.set_prompt(
                session=session, site_slug="riverside", text="Dogs?", emoji=["😀", "🌳"]
            )
    finally:
        engine.dispose()
    out = tmp_path / "out" / "poster.pdf"
    assert main(["poster", "riverside", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Riverside Park" in capsys.readouterr().err
    png = tmp_path / "poster.png"
    assert main(["poster", "riverside", "--out", str(png)]) == 0
    assert Image.open(png).size == A3_PX
    assert main(["poster", "riverside", "--out", str(tmp_path / "poster.gif")]) == 2
    assert main(["poster", "nowhere", "--out", str(png)]) == 2
    assert main(["poster", "riverside", "--week", "2000-W01", "--out", str(png)]) == 2
