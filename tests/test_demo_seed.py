"""`storywall demo`'s sample for the organiser hub: the organiser account (its random
password kept in the data folder, owner-only, and reused), and notes held, flagged,
approved, answered, pinned and linked from a card, made once however often the demo
starts. The seeding runs as the demo runs it, without the hub process and kiosk
(tests/test_cli.py starts those)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from cli.commands import demo
from cli.demo_hub import EMAIL, NOTES, REPLY, SIGN_IN_FILE, note_id
from server import crud
from server.app import create_app
from server.core.config import Settings
from server.models import Event
from server.models_replies import NoteReply, Spotlight, YouSaid
from server.services import moderation
from tests.server.accounts_support import log_in


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The demo points STORYWALL_DATA_DIR at its folder; monkeypatch puts it back after.
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    return tmp_path / "demo"


def test_the_demo_seeds_an_organiser_and_notes_to_look_after_once(data_dir: Path) -> None:
    tokens, organiser = demo._seed(data_dir)
    assert organiser.email == EMAIL
    assert organiser.password is not None
    password_file = data_dir / SIGN_IN_FILE
    assert password_file.read_text(encoding="utf-8").strip() == organiser.password
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600

    # A second start: the same account and password, fresh kiosk tokens, nothing doubled.
    tokens_again, organiser_again = demo._seed(data_dir)
    assert organiser_again == organiser
    assert tokens_again[demo.KIOSK] != tokens[demo.KIOSK]

    settings = Settings(env="development", data_dir=data_dir / "hub")
    app = create_app(settings)
    try:
        with Session(app.state.engine) as session:
            notes = session.exec(select(Event).where(Event.type == "note")).all()
            assert len(notes) == len(NOTES)
            held = moderation.list_held(session)
            held_texts = {item.event_id: item for item in held}
            expected_held = [n for n, note in enumerate(NOTES) if note[3] == "held"]
            assert sorted(held_texts) == sorted(note_id(n) for n in expected_held)
            # The too-short note carries its flag; one has waited more than a day.
            short = next(n for n, note in enumerate(NOTES) if note[1] == "ok")
            flags = moderation.flags_of(session, [note_id(short)])[note_id(short)]
            assert any("too short" in flag.detail for flag in flags), flags
            now = app.state.clock()
            late, _oldest = moderation.count_late(session, now_ms=now)
            assert late == 1
            [reply] = session.exec(select(NoteReply)).all()
            assert reply.text == REPLY
            assert len(session.exec(select(Spotlight)).all()) == 1
            [card] = session.exec(select(YouSaid)).all()
            assert card.title
            # The demo's prompt runs now under its schedule, and the notes answer it.
            site = crud.get_site(session=session, slug=demo.SITE)
            assert site.id is not None
            prompt = crud.current_prompt(session=session, site_id=site.id, now_ms=now)
            assert prompt is not None
            assert prompt.text == demo.PROMPT
            assert {note.prompt_id for note in notes} == {prompt.id}

        with TestClient(app) as client:
            log_in(client, organiser.email, organiser.password)
            queue = client.get("/dashboard/moderation")
            assert queue.status_code == 200
            assert "Could we have a water fountain" in queue.text
            assert REPLY in client.get("/dashboard/replies").text
            assert demo.PROMPT in client.get("/dashboard/prompts").text
            wall = client.get("/?site=riverside").text
            assert REPLY in wall
            assert "Could we have a water fountain" not in wall  # held: never public
    finally:
        app.state.engine.dispose()
