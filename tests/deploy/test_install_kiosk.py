"""The kiosk installer's plan, read from its dry run (bash, as a subprocess).

A real install changes the machine it runs on, so the tests run the script with --dry-run
(and, where the fetch of a provisioning link is the point, as an unprivileged user that
cannot change anything even when the script gets further than it should).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.deploy.unprivileged import Sandbox, unprivileged_checkout

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "deploy" / "install-kiosk.sh"
KIOSK_TOML = (
    '[kiosk]\nid = "riverside-1"\nhub_url = "https://wall.riverside.test"\ntoken = "sw_k_x"\n'
)
EXAMPLE = ROOT / "firmware_config" / "kiosk.example.toml"
# What the installer may touch on a real Pi: a dry run leaves every one as it was.
SYSTEM_PATHS = (
    "/etc/storywall",
    "/opt/storywall",
    "/var/lib/storywall",
    "/etc/systemd/system/storywall-kiosk.service",
    "/etc/systemd/journald.conf.d/storywall-volatile.conf",
    "/etc/systemd/system.conf.d/storywall-watchdog.conf",
    "/etc/fstab",
)

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def installer(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(INSTALLER), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def state() -> dict[str, tuple[bool, float | None]]:
    def one(path: Path) -> tuple[bool, float | None]:
        return (path.exists(), path.stat().st_mtime if path.exists() else None)

    return {path: one(Path(path)) for path in SYSTEM_PATHS}


def steps(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line.removeprefix("would: ")
        for line in result.stdout.splitlines()
        if line.startswith("would: ")
    ]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(KIOSK_TOML, encoding="utf-8")
    return path


def test_the_dry_run_plans_every_step_and_changes_nothing(config: Path) -> None:
    before = state()
    result = installer("--dry-run", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert state() == before
    # Every line of the plan is one step or one remark, nothing else.
    for line in result.stdout.splitlines():
        assert line.startswith(("would: ", "install-kiosk: ")), line
    plan = steps(result)
    packages = next(step for step in plan if step.startswith("apt-get install"))
    for package in (
        "python3-venv",
        "python3-lgpio",
        "python3-picamera2",
        "fonts-noto-color-emoji",
        "curl",
        "systemd-timesyncd",
    ):
        assert f" {package}" in packages, package
    assert "usermod -a -G gpio,video,render,input storywall" in plan
    venv = "python3 -m venv --system-site-packages /opt/storywall/venv"
    assert venv in plan or "install-kiosk: venv exists: /opt/storywall/venv" in result.stdout
    assert any(step.startswith("/opt/storywall/venv/bin/pip install") for step in plan)
    assert any(
        step.startswith("install -D -m 0640 -o root -g storywall")
        and step.endswith(f"{config} /etc/storywall/kiosk.toml")
        for step in plan
    )
    journald = "/etc/systemd/journald.conf.d/storywall-volatile.conf"
    assert any(step.endswith(journald) for step in plan)
    dropin = (ROOT / "deploy" / "journald" / "storywall-volatile.conf").read_text()
    assert "\nStorage=volatile\n" in dropin
    assert "systemctl enable --now systemd-timesyncd.service" in plan
    # The hardware watchdog, the backlight for quiet hours, the shutdown button's poweroff.
    for target in (
        "/etc/systemd/system.conf.d/storywall-watchdog.conf",
        "/etc/udev/rules.d/60-storywall-backlight.rules",
        "/etc/polkit-1/rules.d/50-storywall-poweroff.rules",
    ):
        assert any(step.endswith(target) for step in plan), target
    assert plan[-2:] == [
        "systemctl enable storywall-kiosk.service",
        "systemctl restart storywall-kiosk.service",
    ]
    # The unit is in place (and systemd told) before it is enabled.
    unit = next(
        i for i, s in enumerate(plan) if s.endswith("/etc/systemd/system/storywall-kiosk.service")
    )
    assert (
        unit
        < plan.index("systemctl daemon-reload")
        < plan.index("systemctl enable storywall-kiosk.service")
    )


def test_a_second_run_plans_the_same_steps(config: Path) -> None:
    first = installer("--dry-run", "--config", str(config))
    second = installer("--dry-run", "--config", str(config))
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    # Steps that would fail on a second real run are guarded or idempotent by nature.
    plan = steps(first)
    assert all(not step.startswith("useradd") or "storywall" in step for step in plan)
    assert not any(step.startswith(("mkdir ", "ln -s")) for step in plan)
    assert all(step.startswith("install -d") for step in plan if " -d " in step)


def test_the_read_only_root_option_plans_the_overlay_and_the_data_partition(config: Path) -> None:
    result = installer(
        "--dry-run",
        "--read-only-root",
        "--data-partition",
        "UUID=1234-abcd",
        "--config",
        str(config),
    )
    assert result.returncode == 0, result.stderr
    plan = steps(result)
    assert (
        "append to /etc/fstab: UUID=1234-abcd /var/lib/storywall ext4 "
        "defaults,noatime,nofail,x-systemd.device-timeout=10s 0 2"
        in plan
        or ("kiosk-readonly: /etc/fstab already mounts UUID=1234-abcd" in result.stdout)
    )
    assert "raspi-config nonint enable_overlayfs" in plan
    assert any("overlayroot=tmpfs:recurse=0" in step for step in plan)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give exactly one of --config FILE and --provision URL"),
        (("--config", "a.toml", "--provision", "https://hub/x"), "give exactly one of"),
        (
            ("--config", "/nonexistent/kiosk.toml"),
            "--config /nonexistent/kiosk.toml: no such readable file",
        ),
        (("--provision", "ftp://hub/x"), "needs an http:// or https:// URL"),
        (("--frobnicate",), "unknown argument: --frobnicate"),
    ],
)
def test_bad_arguments_are_refused_before_anything_happens(
    args: tuple[str, ...], message: str
) -> None:
    result = installer("--dry-run", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "would:" not in result.stdout


@pytest.mark.parametrize(
    "body",
    [
        "<html><body>Not Found</body></html>\n",
        "",
        '[hub]\nurl = "https://hub.example.org"\n',
        '[kiosk]\nid = "riverside-1"\n',
    ],
    ids=["html", "empty", "no-kiosk-table", "no-hub-url"],
)
def test_a_file_that_is_not_a_kiosk_toml_is_refused(tmp_path: Path, body: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(body, encoding="utf-8")
    result = installer("--dry-run", "--config", str(path))
    assert result.returncode == 2
    assert f"{path} is not a kiosk.toml" in result.stderr
    assert "would: apt-get" not in result.stdout


class Hub:
    """A loopback stand-in for the hub's one-time provisioning link."""

    def __init__(self, status: int, body: str) -> None:
        hub = self
        self.requests = 0

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hub.requests += 1
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1/provision/abc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub_factory() -> Iterator[list[Hub]]:
    hubs: list[Hub] = []
    yield hubs
    for hub in hubs:
        hub.close()


def test_a_dry_run_does_not_use_up_the_provisioning_link(hub_factory: list[Hub]) -> None:
    hub = Hub(200, KIOSK_TOML)
    hub_factory.append(hub)
    result = installer("--dry-run", "--provision", hub.url)
    assert result.returncode == 0, result.stderr
    assert hub.requests == 0
    # The plan is what the real run does: fetch to a temporary file, check it, then
    # install that file 0640 for the service's group; never curl straight into /etc.
    plan = steps(result)
    fetch = next(i for i, step in enumerate(plan) if step.startswith("curl "))
    temporary = plan[fetch].split("--output ", 1)[1].split()[0]
    assert plan[fetch].endswith(f" {hub.url}")
    assert "/etc/" not in plan[fetch] and ">" not in plan[fetch]
    assert plan[fetch + 1].startswith(f"check that {temporary} is a kiosk.toml")
    install = f"install -D -m 0640 -o root -g storywall {temporary} /etc/storywall/kiosk.toml"
    assert install in plan[fetch + 2 :]


def test_help_shows_every_option_on_stdout() -> None:
    result = installer("--help")
    assert result.returncode == 0
    assert result.stderr == ""
    for option in ("--config", "--provision", "--dry-run", "--read-only-root", "--data-partition"):
        assert f"  {option}" in result.stdout, option
    assert "Re-running is safe" in result.stdout
    assert "set -euo" not in result.stdout


def test_a_dry_run_ends_saying_nothing_was_changed(config: Path) -> None:
    result = installer("--dry-run", "--config", str(config))
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    assert (
        last
        == "install-kiosk: dry run: nothing was changed; run again without --dry-run to install"
    )
    assert "done" not in result.stdout


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("", ""), 'hub_url = "https://hub.example.org" is the example\'s placeholder'),
        (("https://hub.example.org", "http://kiosk-hub.EXAMPLE.com:8000"), "placeholder"),
        (
            ('token_file = "/etc/storywall/kiosk-token"', 'token = "sw_k_..."'),
            'token = "sw_k_..." is the example\'s placeholder',
        ),
    ],
    ids=["example-hub", "other-example-domain", "example-token"],
)
def test_the_examples_placeholders_are_refused_before_anything_happens(
    tmp_path: Path, replace: tuple[str, str], message: str
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    if "token" in replace[1]:
        text = text.replace("https://hub.example.org", "https://wall.riverside.test")
    path = tmp_path / "kiosk.toml"
    path.write_text(text.replace(*replace), encoding="utf-8")
    result = installer("--dry-run", "--config", str(path))
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert "would:" not in result.stdout


def test_the_example_with_a_real_hub_and_token_file_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    path.write_text(text.replace("https://hub.example.org", "https://wall.riverside.test"))
    result = installer("--dry-run", "--config", str(path))
    assert result.returncode == 0, result.stderr


@pytest.fixture
def unprivileged() -> Iterator[tuple[Sandbox, dict[str, str]]]:
    """A copy of the scripts that a user who cannot change the system runs, told by a
    fake `id` that it is root (so it gets to the fetch)."""
    with unprivileged_checkout("deploy", "firmware_config") as sandbox:
        bin_dir = sandbox.tmp / "bin"
        bin_dir.mkdir(mode=0o755)
        fake_id = bin_dir / "id"
        fake_id.write_text(
            '#!/bin/sh\n[ "$1" = -u ] && { echo 0; exit 0; }\nexec /usr/bin/id "$@"\n'
        )
        fake_id.chmod(0o755)
        yield sandbox, {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (404, "not found\n", "ask the organiser for a new one"),
        (200, "<html>Storywall</html>\n", "is not a kiosk.toml"),
    ],
)
def test_a_used_link_or_a_body_that_is_not_a_kiosk_toml_stops_the_install_first(
    unprivileged: tuple[Sandbox, dict[str, str]],
    hub_factory: list[Hub],
    status: int,
    body: str,
    message: str,
) -> None:
    hub = Hub(status, body)
    hub_factory.append(hub)
    sandbox, env = unprivileged
    before = state()
    script = sandbox.root / INSTALLER.relative_to(ROOT)
    result = sandbox.run(["bash", str(script), "--provision", hub.url], env=env)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert hub.requests == 1
    assert "apt-get" not in result.stdout + result.stderr
    assert state() == before


READONLY = ROOT / "deploy" / "kiosk-readonly.sh"


def readonly(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(READONLY), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_read_only_root_needs_a_data_partition_by_label_or_uuid() -> None:
    for args, message in (
        ((), "name the data partition"),
        (("/dev/mmcblk0p3",), "unknown argument: /dev/mmcblk0p3"),
        (("LABEL=a", "UUID=b"), "one data partition only"),
    ):
        result = readonly("--dry-run", *args)
        assert result.returncode == 2, args
        assert message in result.stderr
        assert "would:" not in result.stdout


def test_the_read_only_root_plan_keeps_the_outbox_on_the_data_partition() -> None:
    before = state()
    result = readonly("--dry-run", "LABEL=storywall-data")
    assert result.returncode == 0, result.stderr
    assert state() == before
    plan = steps(result)
    fstab = (
        "append to /etc/fstab: LABEL=storywall-data /var/lib/storywall ext4 "
        "defaults,noatime,nofail,x-systemd.device-timeout=10s 0 2"
    )
    assert fstab in plan or "already mounts LABEL=storywall-data" in result.stdout
    # The kiosk is stopped while its data moves, and the overlay leaves other mounts alone.
    assert plan.index("systemctl stop storywall-kiosk.service") < plan.index(
        "mount /var/lib/storywall"
    )
    assert "raspi-config nonint enable_overlayfs" in plan
    assert any("overlayroot=tmpfs:recurse=0" in step for step in plan)


def test_the_read_only_root_can_be_turned_off() -> None:
    result = readonly("--dry-run", "--disable")
    assert result.returncode == 0, result.stderr
    assert steps(result) == [
        "raspi-config nonint disable_overlayfs",
        "raspi-config nonint disable_bootro",
    ]


def test_the_read_only_root_help_shows_the_whole_header() -> None:
    result = readonly("--help")
    assert result.returncode == 0 and result.stderr == ""
    for text in ("--disable", "mkfs.ext4 -L storywall-data", "nofail", "Updating the kiosk"):
        assert text in result.stdout, text


def test_a_missing_partition_is_reported_before_the_plan_and_the_dry_run_says_so() -> None:
    result = readonly("--dry-run", "LABEL=storywall-no-such-partition")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    remark = next(i for i, line in enumerate(lines) if "no partition" in line)
    assert "a real run would stop now, changing nothing" in lines[remark]
    assert remark < min(i for i, line in enumerate(lines) if line.startswith("would: "))
    assert "nofail,x-systemd.device-timeout=" in result.stdout
    assert lines[-1].startswith("kiosk-readonly: dry run: nothing was changed")
    assert "reboot to start" not in result.stdout


FSTAB = "proc /proc proc defaults 0 0\nPARTUUID=abc-01 /boot/firmware vfat defaults 0 2\n"
MARKER = "# Storywall: the kiosk outbox, writable under a read-only root\n"
STALE = "LABEL=storywall-dat /var/lib/storywall ext4 defaults,noatime 0 2\n"
FAKES = {
    # The one partition this machine has: LABEL=storywall-data.
    "findfs": '[ "$1" = LABEL=storywall-data ] && { echo /dev/fake-data; exit 0; }\nexit 1\n',
    "raspi-config": "exit 0\n",
    "systemctl": "exit 0\n",
    "mount": "exit 0\n",
    "chown": "exit 0\n",
}


def readonly_for_real(tmp_path: Path, fstab: str, spec: str) -> tuple[int, str, str]:
    """Run kiosk-readonly.sh (no dry run) in a private mount namespace: /etc is a copy,
    /boot and /var/lib are empty tmpfs, and the commands that would touch the machine are
    fakes. Returns (exit status, stderr, the fstab afterwards)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to give the script its own /etc/fstab")
    fakes = tmp_path / "bin"
    fakes.mkdir(parents=True)
    for name, body in FAKES.items():
        (fakes / name).write_text(f"#!/bin/sh\n{body}")
        (fakes / name).chmod(0o755)
    etc = tmp_path / "etc"
    shutil.copytree("/etc", etc, symlinks=True)
    (etc / "fstab").write_text(fstab)
    script = f"""
        mount --bind {etc} /etc && mount -t tmpfs tmpfs /boot && mount -t tmpfs tmpfs /var/lib &&
        mkdir /boot/firmware &&
        echo 'console=tty1 root=PARTUUID=abc-02' >/boot/firmware/cmdline.txt &&
        PATH={fakes}:$PATH bash {READONLY} {spec}
    """
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "--", "bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if "unshare failed" in result.stderr:
        pytest.skip(f"no private mount namespace here: {result.stderr.strip()}")
    return result.returncode, result.stderr, (etc / "fstab").read_text()


def test_a_mistyped_partition_leaves_fstab_alone(tmp_path: Path) -> None:
    status, stderr, fstab = readonly_for_real(tmp_path, FSTAB, "LABEL=storywall-dat")
    assert status == 2
    assert "no partition LABEL=storywall-dat: nothing changed" in stderr
    assert fstab == FSTAB


def test_the_data_partition_is_added_with_nofail(tmp_path: Path) -> None:
    status, stderr, fstab = readonly_for_real(tmp_path, FSTAB, "LABEL=storywall-data")
    assert status == 0, stderr
    line = (
        "LABEL=storywall-data /var/lib/storywall ext4 "
        "defaults,noatime,nofail,x-systemd.device-timeout=10s 0 2\n"
    )
    assert fstab == FSTAB + MARKER + line


def test_a_stale_line_this_script_wrote_is_replaced_and_a_foreign_one_kept(
    tmp_path: Path,
) -> None:
    status, stderr, fstab = readonly_for_real(
        tmp_path / "own", FSTAB + MARKER + STALE, "LABEL=storywall-data"
    )
    assert status == 0, stderr
    assert fstab == FSTAB + MARKER + (
        "LABEL=storywall-data /var/lib/storywall ext4 "
        "defaults,noatime,nofail,x-systemd.device-timeout=10s 0 2\n"
    )
    status, stderr, fstab = readonly_for_real(
        tmp_path / "foreign", FSTAB + STALE, "LABEL=storywall-data"
    )
    assert status == 2
    assert "mounts LABEL=storywall-dat on /var/lib/storywall, not LABEL=storywall-data" in stderr
    assert fstab == FSTAB + STALE


@pytest.mark.skipif(shutil.which("findfs") is None, reason="findfs (util-linux) is not installed")
def test_a_missing_data_partition_stops_the_install_before_the_link_is_used(
    unprivileged: tuple[Sandbox, dict[str, str]], hub_factory: list[Hub]
) -> None:
    hub = Hub(200, KIOSK_TOML)
    hub_factory.append(hub)
    sandbox, env = unprivileged
    before = state()
    script = sandbox.root / INSTALLER.relative_to(ROOT)
    spec = "LABEL=storywall-no-such-partition"
    result = sandbox.run(
        ["bash", str(script), "--read-only-root", "--data-partition", spec, "--provision", hub.url],
        env=env,
    )
    assert result.returncode == 2, result.stderr
    assert f"no partition {spec} for --read-only-root" in result.stderr
    assert hub.requests == 0
    assert state() == before
