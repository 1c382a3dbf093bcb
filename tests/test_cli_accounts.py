"""`storywall admin create-organiser` as an operator types it: the password asked for
twice (or piped in), clear one-line errors for a weak password, a duplicate or a
malformed address, and an account that signs in to the dashboard afterwards."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
from sqlmodel import Session

from cli.main import main
from server.app import create_app
from server.core.config import Settings
from server.core.db import make_engine
from server.services.accounts import account_by_email
from server.services.passwords import verify_password
from tests.server.accounts_support import log_in

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

GOOD = "otters by the weir at dusk"


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An upgraded hub database with no account."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    return data


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str, *, tty: bool = False) -> None:
    stream = io.StringIO(text)
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stream)


def _create(*extra: str) -> int:
    return main(["admin", "create-organiser", "--email", "Ana@Example.org", *extra])


def test_a_piped_password_makes_an_organiser_who_can_sign_in(
    hub_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, GOOD + "\n")
    assert _create("--name", "Ana Lima", "--password-stdin") == 0
    captured = capsys.readouterr()
    assert "organiser ana@example.org (Ana Lima) added" in captured.out
    assert GOOD not in captured.out + captured.err
    engine = make_engine(f"sqlite:///{hub_env / 'hub.sqlite3'}")
    with Session(engine) as session:
        account = account_by_email(session, email="ana@example.org")
        assert account is not None and account.role == "organiser"
        assert account.password_hash.startswith("$argon2id$")
        assert verify_password(account.password_hash, GOOD)
    app = create_app(Settings(data_dir=hub_env, background_jobs=False))
    with TestClient(app) as client:
        log_in(client, "ana@example.org", GOOD)
        assert "Ana Lima" in client.get("/dashboard").text
    app.state.engine.dispose()
    engine.dispose()


def test_the_prompt_asks_twice_and_refuses_two_different_passwords(
    hub_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "", tty=True)
    typed = iter([GOOD, GOOD + "!"])
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or next(typed))
    assert _create() == 2
    assert len(prompts) == 2
    assert "the two passwords differ" in capsys.readouterr().err
    typed = iter([GOOD, GOOD])
    assert _create() == 0
    assert "organiser ana@example.org (ana) added" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "piped", "message"),
    [
        (["--password-stdin"], "short one\n", "password: use at least 12 characters"),
        (["--password-stdin"], "aaaaaaaaaaaaaaaa\n", "too easy to guess"),
        (["--password-stdin"], "\n", "no password on standard input"),
        ([], GOOD + "\n", "no terminal to ask for a password"),
    ],
)
def test_a_weak_or_missing_password_is_one_clear_line(
    hub_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    piped: str,
    message: str,
) -> None:
    _stdin(monkeypatch, piped)
    assert _create(*argv) == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("storywall admin: ")
    assert message in last


def test_a_duplicate_or_malformed_address_is_refused(
    hub_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, GOOD + "\n")
    assert _create("--password-stdin") == 0
    capsys.readouterr()
    _stdin(monkeypatch, GOOD + "\n")
    assert main(["admin", "create-organiser", "--email", "ANA@example.org ",
                 "--password-stdin"]) == 2  # fmt: skip
    assert "--email: ana@example.org already has an account" in capsys.readouterr().err
    _stdin(monkeypatch, GOOD + "\n")
    assert main(["admin", "create-organiser", "--email", "ana.example.org",
                 "--password-stdin"]) == 2  # fmt: skip
    assert "--email: 'ana.example.org' is not an e-mail address" in capsys.readouterr().err
