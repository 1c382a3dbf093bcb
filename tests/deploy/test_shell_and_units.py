"""Every deploy script passes shellcheck; every systemd unit passes `systemd-analyze verify`.

The units name /opt/storywall/venv/bin/storywall, which exists only on an installed Pi, and
systemd-analyze refuses a missing ExecStart binary. So each unit is verified from a copy
whose ExecStart points at an existing program (the rest of the line kept), and a separate
test checks that the path it names is the one the installer creates.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.systemd_units import unit_settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SCRIPTS = sorted(DEPLOY.rglob("*.sh"))
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
KIOSK_UNIT = DEPLOY / "systemd" / "storywall-kiosk.service"


def ids(paths: list[Path]) -> list[str]:
    return [str(path.relative_to(ROOT)) for path in paths]


def test_there_are_scripts_and_units_to_check() -> None:
    assert DEPLOY / "install-kiosk.sh" in SCRIPTS
    assert DEPLOY / "kiosk-readonly.sh" in SCRIPTS
    assert KIOSK_UNIT in UNITS


@pytest.mark.parametrize("script", SCRIPTS, ids=ids(SCRIPTS))
def test_shellcheck(script: Path) -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck; .ci/run does)")
    result = subprocess.run(
        [shellcheck, "--external-sources", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=ids(SCRIPTS))
def test_scripts_are_strict_executable_bash(script: Path) -> None:
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in text
    assert script.stat().st_mode & 0o111, f"{script} is not executable"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("unit", UNITS, ids=ids(UNITS))
def test_systemd_analyze_verify(unit: Path, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (no systemd on this machine)")
    text = unit.read_text(encoding="utf-8")
    program = shutil.which("true") or "/bin/true"
    copy = tmp_path / unit.name
    copy.write_text(
        re.sub(r"^(ExecStart=)\S+", rf"\g<1>{program}", text, flags=re.MULTILINE),
        encoding="utf-8",
    )
    result = subprocess.run(
        [analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60, check=False
    )
    # Warnings about the machine's own units are not this unit's; its name in one is.
    own = [line for line in result.stderr.splitlines() if unit.name in line]
    assert result.returncode == 0 and not own, result.stderr


def test_the_kiosk_unit_runs_what_the_installer_installs() -> None:
    settings = unit_settings(KIOSK_UNIT)
    installer = (DEPLOY / "install-kiosk.sh").read_text(encoding="utf-8")
    prefix = re.search(r"^readonly PREFIX=(\S+)$", installer, re.MULTILINE)
    user = re.search(r"^readonly SERVICE_USER=(\S+)$", installer, re.MULTILINE)
    assert prefix and user
    assert settings["ExecStart"][0].split()[0] == f"{prefix[1]}/venv/bin/storywall"
    assert settings["User"] == [user[1]]
    assert settings["ExecStart"][0].endswith("--config /etc/storywall/kiosk.toml")


def test_the_kiosk_unit_is_watched() -> None:
    settings = unit_settings(KIOSK_UNIT)
    assert settings["Type"] == ["notify"]
    assert settings["NotifyAccess"] == ["main"]
    assert settings["Restart"] == ["on-failure"]
    assert "SDL_VIDEODRIVER=kmsdrm" in settings["Environment"]
    watchdog_s = int(settings["WatchdogSec"][0])
    # The idle screen loop turns every 200 ms and beats at most every WatchdogSec/2: a
    # deadline shorter than a few seconds would restart a busy Pi Zero for nothing.
    assert 10 <= watchdog_s <= 120
