"""The `storywall` command's surface as a new user meets it: help, wrong flags, bad values.

No hub runs here: every check happens before a command touches the network.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (sub)command of `parser`, with the words that choose it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _commands(sub, (*path, name))


def _shown(default: object) -> str:
    return " ".join(map(str, default)) if isinstance(default, list) else str(default)


COMMANDS = sorted(words for words, _ in _commands(build_parser()))


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_subcommand_help_shows_its_defaults(
    words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    parser = dict(_commands(build_parser()))[words]
    with pytest.raises(SystemExit) as done:
        main([*words, "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # unwrap argparse's line breaks
    for action in parser._actions:
        default = action.default
        if default in (None, False, argparse.SUPPRESS) or not action.option_strings:
            continue
        assert f"(default: {_shown(default)})" in text, (action.option_strings, text)


def test_the_help_of_the_main_commands_names_their_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The walk above cannot pass by finding no command: these are known.
    assert {("hub",), ("demo",), ("simulate",), ("admin", "set-prompt")} <= set(COMMANDS)
    with pytest.raises(SystemExit):
        main(["hub", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(default: 127.0.0.1)" in out
    assert "(default: 8000)" in out
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    assert "(default: all)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        ("admin list", ["admin", "list", "--bogus"]),
        ("simulate", ["simulate", "--hub", "http://x", "--tokens", "t", "--bogus"]),
        ("hub", ["hub", "--bogus"]),
        ("demo", ["demo", "--bogus"]),
    ],
)
def test_a_wrong_flag_prints_that_subcommands_usage(
    command: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: storywall {command} "), err
    assert f"storywall {command}: error: unrecognized arguments: --bogus" in err


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--hub", "localhost:8000"], "--hub 'localhost:8000'"),
        (["--hub", "http://"], "--hub 'http://'"),
        (["--hub", "ftp://hub.example"], "--hub 'ftp://hub.example'"),
        (["--hub", "http://hub:port"], "--hub 'http://hub:port'"),
        (["--rate", "0"], "--rate"),
        (["--rate", "-2"], "--rate"),
        (["--rate", "nan"], "--rate"),
        (["--rate", "inf"], "--rate"),
        (["--duration", "-1"], "--duration"),
        (["--kiosks", "0"], "--kiosks"),
        (["--kiosks", "-3"], "--kiosks"),
        (["--kiosks", "two"], "--kiosks"),
        (["--kiosks", "9"], "--kiosks 9"),
    ],
)
def test_simulate_checks_its_options_up_front_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], named: str
) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("sim-0 sw_k_x\nsim-1 sw_k_y\n")
    work = tmp_path / "work"
    # Port 9 (discard): nothing listens there, so a check that came too late would
    # show up as a connection error rather than as the one line asked for.
    argv = ["simulate", "--hub", "http://127.0.0.1:9", "--tokens", str(tokens),
            "--work-dir", str(work), "--duration", "0", *options]  # fmt: skip
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"storywall simulate: {named}"), lines
    assert captured.out == ""  # nothing ran
    assert not work.exists()  # no kiosk was built


def test_simulate_takes_all_kiosks_by_default_and_a_count_when_given() -> None:
    args = build_parser().parse_args(["simulate", "--hub", "http://h", "--tokens", "t"])
    assert args.kiosks == "all"
    args = build_parser().parse_args(
        ["simulate", "--hub", "http://h", "--tokens", "t", "--kiosks", "2"]
    )
    assert args.kiosks == "2"


NO_GPIO = not any(Path("/dev").glob("gpiochip*")) and not Path("/dev/gpiomem").exists()


@pytest.mark.skipif(not NO_GPIO, reason="this machine has GPIO: the gpio backend would work")
def test_kiosk_with_gpio_backend_on_a_machine_without_gpio_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[kiosk]\nid = "gate"\nhub_url = "http://127.0.0.1:9"\ntoken = "sw_k_x"\n'
        f'data_dir = "{tmp_path / "data"}"\n\n[hardware]\nbackend = "gpio"\n'
    )
    # As a person runs it: no test-suite GPIOZERO_PIN_FACTORY, a fresh gpiozero.
    env = {k: v for k, v in os.environ.items() if k != "GPIOZERO_PIN_FACTORY"}
    done = subprocess.run(
        [sys.executable, "-m", "cli", "kiosk", "--config", str(config), "--headless"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("storywall kiosk: "), lines
    assert "kiosk.toml" in lines[0]
    assert 'backend = "gpio"' in lines[0]
    assert "Traceback" not in done.stderr


def test_hub_on_a_busy_port_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["hub", "--port", str(port), "--data-dir", str(tmp_path / "hub")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"storywall hub: --port {port}: 127.0.0.1:{port} is already in use"
