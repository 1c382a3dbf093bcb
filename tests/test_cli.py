"""The `storywall` command as a person types it: admin, simulate, kiosk errors, demo."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import nullcontext as _nothing
from pathlib import Path

import httpx
import pytest

from cli.main import main
from tests.support.live_hub import LiveHub


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """STORYWALL_DATA_DIR pointing at a new hub database, made as a person would."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    return data


def test_admin_sets_up_a_site_kiosk_and_prompt(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-site", "riverside", "--name", "Riverside Park"]) == 0
    assert main(["admin", "add-kiosk", "riverside-gate", "--site", "riverside"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("sw_k_")
    assert main(["admin", "set-prompt", "--site", "riverside", "--text", "Sunny?"]) == 0
    assert main(["admin", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Riverside Park" in listing
    assert "Sunny?" in listing
    assert "riverside-gate" in listing
    assert "active" in listing
    # The token is stored hashed only: the plaintext is nowhere in the database file.
    assert token.encode() not in (hub_env / "hub.sqlite3").read_bytes()


def test_admin_errors_are_one_clear_line(hub_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "add-site", "riverside", "--name", "Riverside Park"]) == 0
    assert main(["admin", "add-site", "riverside", "--name", "Again"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["admin", "add-site", "x", "--name", "X", "--timezone", "Mars/Olympus"]) == 2
    assert "Mars/Olympus" in capsys.readouterr().err
    text = ["admin", "set-prompt", "--site", "riverside", "--text", "Hi", "--emoji", "😀"]
    assert main(text) == 2
    assert "emoji" in capsys.readouterr().err
    assert main(["admin", "add-kiosk", "k1", "--site", "nowhere"]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_revoked_then_rotated_token(hub_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["admin", "add-site", "riverside", "--name", "Riverside Park"])
    main(["admin", "add-kiosk", "k1", "--site", "riverside"])
    first = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["admin", "revoke-kiosk", "k1"]) == 0
    assert main(["admin", "rotate-token", "k1"]) == 0
    second = capsys.readouterr().out.strip().splitlines()[-1]
    assert second.startswith("sw_k_")
    assert second != first


def test_kiosk_with_a_broken_config_file_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nid = "Not A Slug!"\nhub_url = "http://x"\ntoken = "t"\n')
    assert main(["kiosk", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "kiosk.toml" in err
    assert "id" in err


def test_simulate_presses_through_the_real_outbox(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub = LiveHub(tmp_path / "hub")
    hub.start()
    try:
        hub.add_site()
        hub.set_prompt("Sunny?")
        tokens = tmp_path / "tokens.txt"
        tokens.write_text(
            "# kiosk_id token\n"
            + "".join(f"sim-{i} {hub.add_kiosk(f'sim-{i}')}\n" for i in range(3))
        )
        code = main(
            [
                "simulate", "--hub", hub.url, "--tokens", str(tokens), "--rate", "20",
                "--duration", "2", "--work-dir", str(tmp_path / "sim"),
            ]
        )  # fmt: skip
        out = capsys.readouterr().out
        assert code == 0, out
        held = sum(len(hub.events(f"sim-{i}")) for i in range(3))
    finally:
        hub.stop()
    presses = int(out.split("simulate: ")[-1].split(" presses")[0])
    assert presses > 10
    assert held == presses


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_demo(tmp_path: Path, *options: str) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "demo", "--headless", "--port", str(port),
         "--data-dir", str(tmp_path / "demo"), *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    return process, port


def _read_banner(process: subprocess.Popen[str]) -> str:
    """The demo's output up to its banner's last line (the data folder)."""
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if "data " in line and "hub.log" in line:
            break
    return "".join(seen)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    process, port = _start_demo(tmp_path, "--sample-presses", "30")
    yield process, port
    _stop(process)


def test_demo_starts_everything_prints_the_urls_and_stops_on_ctrl_c(
    demo: tuple[subprocess.Popen[str], int], tmp_path: Path
) -> None:
    process, port = demo
    banner = _read_banner(process)
    assert f"http://127.0.0.1:{port}/" in banner, banner
    assert "runs headless" in banner
    # One line names the database and what the migration did; no bare second one.
    assert banner.count("storywall demo: database") == 1, banner
    # The organiser hub: where to sign in, and with what (the password the demo keeps).
    url = f"http://127.0.0.1:{port}"
    password = (tmp_path / "demo" / "organiser-password").read_text(encoding="utf-8").strip()
    assert f"{url}/dashboard\n" in banner, banner
    assert "organiser@riverside.example" in banner
    assert f"password     {password}\n" in banner
    for public in ("/rules", "/sites/riverside/feed.atom"):
        assert f"{url}{public}" in banner
        assert httpx.get(url + public, timeout=5).status_code == 200
    assert f"{url}/poster/riverside/" in banner
    wall = httpx.get(f"http://127.0.0.1:{port}/wall.json", timeout=5).json()
    total = sum(row["total"] for row in wall["sites"][0]["tallies"])
    assert total >= 30 * 0.5  # a Poisson sample of ~30 presses, all synced before the banner
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_demo_seeds_exactly_the_sample_presses_asked_for(tmp_path: Path) -> None:
    # --live-rate 0: no presses after the sample, so the wall holds the sample alone.
    process, port = _start_demo(tmp_path, "--sample-presses", "37", "--live-rate", "0")
    try:
        banner = _read_banner(process)
        assert "37 presses" in banner, banner
        wall = httpx.get(f"http://127.0.0.1:{port}/wall.json", timeout=5).json()
        assert sum(row["total"] for row in wall["sites"][0]["tallies"]) == 37
        # The demo's site speaks English and Spanish, and so does its prompt.
        [site] = wall["sites"]
        assert site["languages"] == ["en", "es"]
        assert site["prompt"]["kind"] == "emoji"
        assert site["prompt"]["texts"]["es"].startswith("¿")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        _stop(process)
    # The hub's log and database are where the README says: under --data-dir.
    assert (tmp_path / "demo" / "hub.log").is_file()
    assert (tmp_path / "demo" / "hub" / "hub.sqlite3").is_file()


def test_admin_sets_languages_house_rules_and_each_kind_of_prompt(
    hub_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = ["admin", "add-site", "riverside", "--name", "Riverside Park", "--languages", "en,es"]
    assert main([*site, "--quiet-hours", "21:00-07:00", "--operator", "Friends of Riverside"]) == 0
    assert "quiet 21:00-07:00; run by Friends of Riverside" in capsys.readouterr().out
    prompt = ["admin", "set-prompt", "--site", "riverside"]
    assert main([*prompt, "--text", "How was it?", "--text", "es=¿Qué tal?"]) == 0
    assert "How was it? [+es] 😀 😐 😢 🌳" in capsys.readouterr().out
    poll = [*prompt, "--text", "Bench?", "--poll", "Oak", "--poll", "Steel"]
    assert main([*poll, "--option-texts", "es", "Roble", "Acero", "--no-follow-up"]) == 0
    assert 'Bench? poll: "Oak" / "Steel"' in capsys.readouterr().out
    assert main([*prompt, "--text", "Safe?", "--slider"]) == 0
    assert "Safe? slider: 😞 🙁 😐 🙂 😀" in capsys.readouterr().out
    assert main(["admin", "update-site", "riverside", "--quiet-hours", "none"]) == 0
    assert "quiet" not in capsys.readouterr().out

    from sqlmodel import Session

    from server import crud
    from server.core.db import make_engine

    engine = make_engine(f"sqlite:///{hub_env / 'hub.sqlite3'}")
    try:
        with Session(engine) as session:
            stored = crud.get_site(session=session, slug="riverside")
            assert (stored.languages, stored.quiet_start, stored.operator) == (
                ["en", "es"],
                None,
                "Friends of Riverside",
            )
            kinds = crud.list_prompts(session=session, site_slug="riverside")
            assert [p.kind for p in kinds] == ["slider", "poll", "emoji"]
            assert kinds[1].option_texts == {"es": ["Roble", "Acero"]}
            assert kinds[1].follow_up is False
            assert kinds[2].texts == {"es": "¿Qué tal?"}
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--text", "Hi", "--poll", "Only one"], "set-prompt: a poll has 2-4 options"),
        (["--text", "Hi", "--slider", "😀", "😐"], "a slider has exactly 5 emoji steps"),
        (["--text", "Hi", "--emoji", "yes", "no"], "--emoji, item 0: 'yes' is not an emoji"),
        (["--text", "Hi", "--text", "cy=Shwmae"], "--text cy: riverside has no such second"),
        (["--text", "es=Hola"], "--text: give the question once"),
        (["--text", "Hi", "--option-texts", "es", "A"], "--option-texts: only a poll"),
        (["--text", "Hi", "--emoji", "😀", "😢", "--poll", "A"], "not allowed with argument"),
    ],
)
def test_bad_prompt_options_are_one_line_and_store_nothing(
    hub_env: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], error: str
) -> None:
    assert main(["admin", "add-site", "riverside", "--name", "R", "--languages", "en,es"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) if "allowed" in error else _nothing():
        code = main(["admin", "set-prompt", "--site", "riverside", *arguments])
        assert code == 2
    assert error in capsys.readouterr().err
    assert main(["admin", "list"]) == 0
    assert "(no prompt)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--languages", "EN"], "argument --languages: 'EN' is not an ISO 639 code"),
        (["--languages", "en,en"], "--languages: each language may appear only once"),
        (["--quiet-hours", "9-5"], "argument --quiet-hours: '9-5' is not START-END"),
        (["--quiet-hours", "07:00-07:00"], "start and end at different times"),
        (["--operator", "x" * 201], "--operator: String should have at most 200 characters"),
    ],
)
def test_bad_site_options_are_one_line_and_change_nothing(
    hub_env: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], error: str
) -> None:
    assert main(["admin", "add-site", "riverside", "--name", "R", "--operator", "Us"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) if "argument" in error else _nothing():
        assert main(["admin", "update-site", "riverside", *arguments]) == 2
    assert error in capsys.readouterr().err
    assert main(["admin", "list"]) == 0
    assert "site riverside: R (Europe/London, en); run by Us" in capsys.readouterr().out
