"""`storywall admin moderation`: list the held notes, approve one, reject one with a reason."""

from __future__ import annotations

import uuid
import warnings
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import create_engine, text
from sqlmodel import Session

from cli.main import main
from server.app import create_app
from server.core.config import Settings
from server.core.db import make_engine
from server.fridges import get_fridge
from server.media import LocalMediaStore
from server.services.form_events import submit_form_event
from server.services.photos import accept_photo
from storywall.protocol import DropoffPayload
from tests.server.factories import NOW_MS, auth, note
from tests.server.photo_corpus import phone_jpeg
from tests.support.hub_db import hub_database

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    return data


def _push_notes(data: Path, token: str, texts: list[str]) -> list[str]:
    events = [note(kiosk_id="gate", text=t, seq=i + 1) for i, t in enumerate(texts)]
    body = {"protocol": 1, "boot_id": "boot-a", "sent_mono_ms": 120_000, "events": events}
    app = create_app(Settings(env="development", data_dir=data))
    with TestClient(app) as client:
        answer = client.post("/api/v1/events", json=body, headers=auth(token))
    app.state.engine.dispose()
    assert answer.json()["accepted"] == len(texts)
    return [event["id"] for event in events]


def test_moderation_list_approve_reject(hub_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["admin", "add-site", "riverside", "--name", "Riverside Park"])
    main(["admin", "add-kiosk", "gate", "--site", "riverside"])
    token = capsys.readouterr().out.strip().splitlines()[-1]
    kind_words, rude = _push_notes(hub_env, token, ["Lovely ducks", "rude words"])

    assert main(["admin", "moderation", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing == [
        f"{kind_words} note riverside/gate: Lovely ducks",
        f"{rude} note riverside/gate: rude words",
    ]
    assert main(["admin", "moderation", "approve", kind_words, "--by", "sam"]) == 0
    assert main(["admin", "moderation", "reject", rude, "--reason", "not kind"]) == 0
    capsys.readouterr()
    assert main(["admin", "moderation", "list"]) == 0
    assert capsys.readouterr().out == ""

    engine = create_engine(f"sqlite:///{hub_env / 'hub.sqlite3'}")
    with engine.connect() as connection:
        states = dict(connection.execute(text("SELECT event_id, state FROM moderation")).all())
        log = connection.execute(
            text("SELECT event_id, state, reason, decided_by FROM moderation_log ORDER BY id")
        ).all()
    engine.dispose()
    assert states == {kind_words: "approved", rude: "rejected"}
    assert [tuple(row) for row in log[2:]] == [
        (kind_words, "approved", None, "sam"),
        (rude, "rejected", "not kind", log[3][3]),
    ]
    assert [row[1] for row in log[:2]] == ["held", "held"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["approve", "no-such-id"], "no note, doodle or photo with id 'no-such-id'"),
        (
            ["reject", "no-such-id", "--reason", "spam"],
            "no note, doodle or photo with id 'no-such-id'",
        ),
        (["reject", "no-such-id", "--reason", "  "], "a rejection needs a reason"),
    ],
)
def test_moderation_errors_are_one_line(
    hub_env: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(["admin", "moderation", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"storywall admin: moderation: {expected}"


def test_a_held_drop_off_photo_is_listed_and_can_be_looked_at(
    hub_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A moderator must see a photo before approving it; the public cannot yet.
    main(["admin", "add-fridge", "elm", "--name", "Elm Street fridge"])
    engine = make_engine(hub_database(hub_env / "hub.sqlite3"))
    event_id = uuid.uuid4()
    with Session(engine) as session:
        _site, fridge = get_fridge(session=session, site_slug="elm")
        store = LocalMediaStore(hub_env / "media")
        receipt = accept_photo(
            session, store, phone_jpeg(), kiosk_id=fridge.form_kiosk_id, now_ms=NOW_MS
        )
        payload = DropoffPayload(
            via="form", items={"bread": 2}, rules_confirmed=True, photo=receipt.sha256
        )
        form_kiosk = fridge.form_kiosk_id
        submit_form_event(
            session,
            fridge=fridge,
            event_id=event_id,
            type_name="dropoff",
            payload=payload,
            now_ms=NOW_MS,
        )
    engine.dispose()
    capsys.readouterr()

    assert main(["admin", "moderation", "list"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{event_id} dropoff elm/{form_kiosk}: photo {receipt.sha256}")
    out = tmp_path / "look.jpg"
    assert main(["admin", "moderation", "photo", str(event_id), str(out)]) == 0
    with Image.open(out) as image:
        assert (image.format, max(image.size)) == ("JPEG", 640)
    assert main(["admin", "moderation", "photo", "no-such-event", str(out)]) == 2
    assert "names no photo" in capsys.readouterr().err


def test_post_moderation_hide_and_the_log(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["admin", "add-site", "riverside", "--name", "Riverside Park", "--moderation", "post"])
    assert "post-moderated" in capsys.readouterr().out
    main(["admin", "add-kiosk", "gate", "--site", "riverside"])
    token = capsys.readouterr().out.strip().splitlines()[-1]
    (kind_words, short) = _push_notes(hub_env, token, ["Lovely ducks on the pond", "ok"])

    # Published at once, except the flagged one, which waits with its flag shown.
    assert main(["admin", "moderation", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{short} note riverside/gate: ok [short: too short to mean anything]"
    ]
    assert (
        main(["admin", "moderation", "hide", kind_words, "--reason", "a name", "--by", "sam"]) == 0
    )
    assert main(["admin", "moderation", "hide", short, "--reason", "x"]) == 2
    assert "only an approved item can be hidden" in capsys.readouterr().err
    assert main(["admin", "moderation", "log", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"{kind_words} note riverside hidden by sam: a name")
    # The push's lines: the flagged note held, the other approved by the site's setting.
    assert sorted(line.split(" ", 1)[1].split(":")[0] for line in lines[1:]) == sorted(
        [
            f"{short} note riverside held by -",
            f"{kind_words} note riverside approved by site setting",
        ]
    )

    # Back to pre-moderation: the next note waits.
    assert main(["admin", "update-site", "riverside", "--moderation", "pre"]) == 0
    assert "post-moderated" not in capsys.readouterr().out
    (later,) = _push_notes(hub_env, token, ["The fountain is fixed, thank you"])
    main(["admin", "moderation", "list"])
    assert later in capsys.readouterr().out
