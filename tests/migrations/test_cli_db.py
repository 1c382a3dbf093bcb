"""`storywall admin db ...` and the database checks of `admin` and `hub`, as typed.

Only `admin db upgrade` (and a starting hub) creates or changes tables; every other
admin action refuses a path with no hub database, or one behind head, naming the path
and the command to run. Bad database settings end in one line naming the setting.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from cli.main import main
from server.core.migrate import head
from tests.migrations.legacy import make_sqlite
from tests.support.hub_process import ROOT, free_port

DB_VARIABLES = ("STORYWALL_DATA_DIR", "STORYWALL_DATABASE_URL")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No STORYWALL_* database setting from outside, and none left behind.

    The command copies its flags into the environment (uvicorn's workers read it), so
    each variable is set through monkeypatch first: it is then removed after the test.
    """
    for name in DB_VARIABLES:
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def _admin(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["admin", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


ACTIONS = [
    ["list"],
    ["add-site", "riverside", "--name", "Riverside Park"],
    ["add-kiosk", "gate", "--site", "riverside"],
    ["set-prompt", "--site", "riverside", "--text", "Sunny?"],
    ["revoke-kiosk", "gate"],
    ["rotate-token", "gate"],
    ["db", "current"],
]


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: " ".join(action[:2]))
def test_admin_on_a_path_with_no_hub_database_refuses_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], action: list[str]
) -> None:
    wrong = tmp_path / "WRONG" / "deeper" / "still"
    code, out, err = _admin(capsys, "--data-dir", str(wrong), *action)
    assert code == 2
    assert out == ""
    line = _one_line(err)
    assert f"no hub database at {wrong / 'hub.sqlite3'}" in line
    assert f"storywall admin db upgrade --data-dir {wrong}" in line
    assert not (tmp_path / "WRONG").exists()


def test_the_data_dir_may_follow_the_action_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "hub"
    assert _admin(capsys, "db", "upgrade", "--data-dir", str(folder))[0] == 0
    code, _out, err = _admin(capsys, "list", "--data-dir", str(folder))
    assert code == 0
    assert _one_line(err) == f"storywall admin: database {folder / 'hub.sqlite3'}"


def test_db_upgrade_creates_the_database_and_says_from_which_revision_to_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "new" / "hub"
    where = f"storywall admin: database {folder / 'hub.sqlite3'}"
    code, out, err = _admin(capsys, "--data-dir", str(folder), "db", "upgrade")
    assert (code, out) == (0, f"from none (no hub database) to {head()} (head)\n")
    assert _one_line(err) == where
    code, out, err = _admin(capsys, "--data-dir", str(folder), "db", "upgrade")
    assert (code, out) == (0, f"already at {head()} (head)\n")
    code, out, err = _admin(capsys, "--data-dir", str(folder), "db", "current")
    assert (code, out) == (0, f"{head()} (head)\n")
    assert _one_line(err) == where


def test_admin_names_its_database_on_stderr_and_keeps_stdout_for_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.environ["STORYWALL_DATA_DIR"] = str(tmp_path / "hub")
    assert _admin(capsys, "db", "upgrade")[0] == 0
    where = f"storywall admin: database {tmp_path / 'hub' / 'hub.sqlite3'}"
    code, out, err = _admin(capsys, "add-site", "riverside", "--name", "Riverside Park")
    assert (code, _one_line(err)) == (0, where)
    code, out, err = _admin(capsys, "add-kiosk", "gate", "--site", "riverside")
    assert code == 0
    assert err.splitlines()[0] == where
    # The token alone on stdout: TOKEN=$(storywall admin add-kiosk ...) just works.
    assert out.strip().startswith("sw_k_")
    assert len(out.splitlines()) == 1


def test_admin_refuses_a_database_behind_head_until_it_is_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], later_revision: Callable[[str], str]
) -> None:
    folder = tmp_path / "hub"
    assert _admin(capsys, "--data-dir", str(folder), "db", "upgrade")[0] == 0
    released = head()
    newer = later_revision("op.add_column('site', sa.Column('motto', sa.String(80)))")
    code, _out, err = _admin(capsys, "--data-dir", str(folder), "list")
    assert code == 2
    assert _one_line(err).endswith(
        f"is at revision {released}, this release needs {newer}; upgrade it with: "
        f"storywall admin db upgrade --data-dir {folder}"
    )
    code, out, _err = _admin(capsys, "--data-dir", str(folder), "db", "current")
    assert (code, out) == (0, f"{released} (behind head {newer})\n")
    code, out, _err = _admin(capsys, "--data-dir", str(folder), "db", "upgrade")
    assert (code, out) == (0, f"from {released} (behind head {newer}) to {newer} (head)\n")
    assert _admin(capsys, "--data-dir", str(folder), "list")[0] == 0


def test_admin_refuses_a_0_1_0_database_until_it_is_upgraded_then_shows_its_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "hub"
    make_sqlite(folder / "hub.sqlite3")
    code, _out, err = _admin(capsys, "--data-dir", str(folder), "list")
    assert code == 2
    assert "was made before migrations" in _one_line(err)
    code, out, _err = _admin(capsys, "--data-dir", str(folder), "db", "upgrade")
    assert code == 0
    assert out.startswith("from none (made before migrations")
    assert out.endswith(f"to {head()} (head)\n")
    code, out, _err = _admin(capsys, "--data-dir", str(folder), "list")
    assert code == 0
    assert "riverside-bench: Riverside bench (revoked)" in out
    assert "harbour-door: Harbour door (active)" in out


def test_a_database_url_is_shown_without_its_password(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql+psycopg://hub:s3cret@127.0.0.1:{free_port()}/hub"
    code, _out, err = _admin(capsys, "--database-url", url, "list")
    assert code == 2
    line = _one_line(err)
    assert "cannot use the database at postgresql+psycopg://hub:***@127.0.0.1" in line
    assert "s3cret" not in err


BAD_SETTINGS = [
    ("--database-url", "STORYWALL_DATABASE_URL", "bogus", "not a database URL"),
    ("--database-url", "STORYWALL_DATABASE_URL", "mysql://u:p@h/db", "sqlite or postgresql"),
    ("--data-dir", "STORYWALL_DATA_DIR", "{file}", "is a file, not a folder"),
    ("--data-dir", "STORYWALL_DATA_DIR", "{file}/below", "is a file, not a folder"),
]


@pytest.mark.parametrize(("flag", "variable", "value", "reason"), BAD_SETTINGS)
def test_admin_with_a_bad_database_setting_says_which_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flag: str,
    variable: str,
    value: str,
    reason: str,
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    value = value.format(file=tmp_path / "a-file")
    code, _out, err = _admin(capsys, flag, value, "list")
    assert code == 2
    assert _one_line(err).startswith(f"storywall admin: {flag} (or {variable}): ")
    assert reason in err
    os.environ[variable] = value
    code, _out, err = _admin(capsys, "db", "upgrade")
    assert code == 2
    assert _one_line(err).startswith(f"storywall admin: {variable}: ")
    assert reason in err


def _hub(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}
    return subprocess.run(
        [sys.executable, "-m", "cli", "hub", "--port", str(free_port()), *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(("flag", "variable", "value", "reason"), BAD_SETTINGS[::2])
def test_hub_with_a_bad_database_setting_says_which_in_one_line(
    tmp_path: Path, flag: str, variable: str, value: str, reason: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    value = value.format(file=tmp_path / "a-file")
    by_flag = _hub(flag, value)
    assert by_flag.returncode == 2
    assert _one_line(by_flag.stderr).startswith(f"storywall hub: {flag} (or {variable}): ")
    assert reason in by_flag.stderr
    by_variable = _hub(env={variable: value})
    assert by_variable.returncode == 2
    assert _one_line(by_variable.stderr).startswith(f"storywall hub: {variable}: ")


def test_hub_upgrades_a_0_1_0_database_before_it_serves_it(tmp_path: Path) -> None:
    folder = tmp_path / "hub"
    make_sqlite(folder / "hub.sqlite3")
    port = free_port()
    log = tmp_path / "hub.log"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STORYWALL_")}
    with log.open("w") as output:
        hub = subprocess.Popen(
            [sys.executable, "-m", "cli", "hub", "--port", str(port), "--data-dir", str(folder)],
            cwd=ROOT,
            env=clean,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while hub.poll() is None and time.monotonic() < deadline:
            try:
                wall = httpx.get(f"http://127.0.0.1:{port}/wall.json", timeout=2).json()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"the hub did not serve: {log.read_text()}")
    finally:
        hub.terminate()
        hub.wait(timeout=30)
    assert {site["slug"] for site in wall["sites"]} == {"riverside", "harbour"}
    assert (
        f"storywall hub: database {folder / 'hub.sqlite3'}: from none (made before migrations"
        in log.read_text()
    )
