"""The hub's deployment files: installer plan, units, env example, proxies, compose.

Nothing here installs anything: the installer runs in --dry-run (as a user without
root when the tests run as root, to prove it needs none), and the machine's
/etc, /opt and /var are checked unchanged afterwards. Tools that may be missing
(shellcheck, systemd-analyze, nginx, caddy, docker compose) skip their test, saying so.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest
import yaml

from cli.main import build_parser
from server.core.config import Settings
from server.launch import HubProcess, free_port
from storywall.protocol.limits import MAX_DOODLE_BYTES, MAX_PHOTO_BYTES
from tests.deploy.systemd_units import unit_settings
from tests.deploy.unprivileged import unprivileged_checkout

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALLER = DEPLOY / "install-hub.sh"
HUB_UNIT = DEPLOY / "systemd" / "storywall-hub.service"
BACKUP_UNITS = [
    DEPLOY / "systemd" / name for name in ("storywall-backup.service", "storywall-backup.timer")
]
ENV_EXAMPLE = DEPLOY / "hub.env.example"
COMPOSE = DEPLOY / "compose" / "compose.yaml"
DOCKERFILE = DEPLOY / "compose" / "Dockerfile"
INSTALLED_PROGRAM = "/opt/storywall/venv/bin/storywall"
# Where a real install writes: a dry run must leave every one of them as it was.
TOUCHED = [
    "/etc/storywall",
    "/opt/storywall",
    "/var/lib/storywall",
    "/var/backups/storywall",
    "/usr/local/sbin/storywall-admin",
    "/etc/systemd/system/storywall-hub.service",
    "/etc/systemd/system/storywall-backup.timer",
    "/etc/caddy/Caddyfile",
    "/etc/nginx/sites-available/storywall",
]


# -- helpers ------------------------------------------------------------------------


def env_example() -> tuple[dict[str, str], dict[str, str]]:
    """(set, commented-out) KEY=value lines of the example."""
    active: dict[str, str] = {}
    commented: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(#?)([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            (commented if match[1] else active)[match[2]] = match[3]
    return active, commented


def setting_names() -> set[str]:
    return {f"STORYWALL_{name.upper()}" for name in Settings.model_fields}


def run_installer(*args: str) -> subprocess.CompletedProcess[str]:
    """The installer run as nobody when the tests run as root (to show it needs no root),
    from a world-readable copy: the checkout itself may sit in a folder only root enters."""
    with unprivileged_checkout("deploy", "pyproject.toml") as sandbox:
        return sandbox.run(["bash", str(sandbox.root / "deploy" / "install-hub.sh"), *args])


def machine_state() -> dict[str, object]:
    state: dict[str, object] = {}
    for name in TOUCHED:
        path = Path(name)
        state[name] = (path.stat().st_mtime_ns, path.stat().st_mode) if path.exists() else None
    return state


# -- the installer --------------------------------------------------------------------


def test_dry_run_prints_the_plan_changes_nothing_and_needs_no_root() -> None:
    before = machine_state()
    done = run_installer("--dry-run")
    assert done.returncode == 0, done.stderr
    assert machine_state() == before
    lines = done.stdout.splitlines()
    assert lines[-1] == "dry run: nothing was changed"
    steps = [line for line in lines if line.startswith("would: ")]
    assert all(line.startswith(("would: ", "keep: ", "install-hub: ")) for line in lines[:-1])
    expected_in_order = [
        r"apt-get install .*python3-venv .*postgresql-client",
        r"(useradd --system .*storywall|keep: user storywall)",
        r"install -d -o storywall -g storywall -m 0750 /var/lib/storywall$",
        r"install -d -o storywall -g storywall -m 0750 /var/backups/storywall$",
        r"install -d -o root -g storywall -m 0750 /etc/storywall$",
        r"(python3 -m venv /opt/storywall/venv|keep: venv)",
        r"/opt/storywall/venv/bin/pip install --quiet --upgrade \S+\\\[hub\\,postgres\\\]$",
        r"(write /etc/storywall/hub\.env from deploy/hub\.env\.example with a new "
        r"STORYWALL_SECRET_KEY.*mode 0640|keep: /etc/storywall/hub\.env)",
        r"systemd-run .*--uid=storywall .*EnvironmentFile=/etc/storywall/hub\.env .*"
        r"/opt/storywall/venv/bin/storywall admin db upgrade$",
        r"write /usr/local/sbin/storywall-admin",
        r"install -m 0644 \S+/deploy/systemd/storywall-hub\.service "
        r"/etc/systemd/system/storywall-hub\.service$",
        r"storywall-backup\.timer /etc/systemd/system/storywall-backup\.timer$",
        r"systemctl daemon-reload$",
        r"systemctl enable storywall-hub\.service storywall-backup\.timer$",
        r"systemctl restart storywall-hub\.service$",
    ]
    position = 0
    for pattern in expected_in_order:
        while position < len(lines) and not re.search(pattern, lines[position]):
            position += 1
        assert position < len(lines), f"no step matching {pattern!r} in order:\n{done.stdout}"
    assert len(steps) >= 14
    assert "no proxy installed" in done.stdout


CADDY_PLAN = [
    r"apt-get install .* caddy$",
    r"would: install \S+/deploy/proxy/Caddyfile as /etc/caddy/storywall\.caddy for the site "
    r"hub\.test$",
    r"(would: add the line 'import /etc/caddy/storywall\.caddy' to /etc/caddy/Caddyfile.*its "
    r"other sites stay|keep: /etc/caddy/Caddyfile imports /etc/caddy/storywall\.caddy)",
    r"caddy validate --config /etc/caddy/Caddyfile",
    r"reload-or-restart caddy",
]
NGINX_PLAN = [
    r"apt-get install .* nginx$",
    r"would: install \S+/deploy/proxy/nginx\.conf as /etc/nginx/sites-available/storywall "
    r"for the site hub\.test$",
]


@pytest.mark.parametrize(("proxy", "expected"), [("caddy", CADDY_PLAN), ("nginx", NGINX_PLAN)])
def test_dry_run_with_a_proxy(proxy: str, expected: list[str]) -> None:
    before = machine_state()
    done = run_installer("--dry-run", "--proxy", proxy, "--domain", "hub.test")
    assert done.returncode == 0, done.stderr
    assert machine_state() == before
    for pattern in expected:
        assert re.search(pattern, done.stdout, re.MULTILINE), (pattern, done.stdout)
    assert "STORYWALL_PUBLIC_URL=https://hub.test" in done.stdout
    assert "replaced by" not in done.stdout
    if proxy == "nginx":  # no certificate for hub.test here: the site is not enabled
        assert "sites-enabled" not in done.stdout and "nginx -t" not in done.stdout
        assert CERTBOT_HINT.format(domain="hub.test") in done.stderr


def test_help_is_asked_for_so_it_goes_to_stdout_and_succeeds() -> None:
    done = run_installer("--help")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith("Usage: sudo deploy/install-hub.sh ")
    script = INSTALLER.read_text(encoding="utf-8")
    parser = script[script.index("parse_options() {") :].split("\n}\n")[0]
    accepted = set(re.findall(r"^ +(?:-h \| )?(--[a-z-]+)(?:=\*)?\)", parser, re.MULTILINE))
    assert accepted >= {"--dry-run", "--proxy", "--domain", "--help"}
    for option in accepted:  # every option the installer takes is explained
        assert re.search(rf"^ +(-h, )?{option} ", done.stdout, re.MULTILINE), option
    wrong = run_installer("--frobnicate")
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert "Usage: " in wrong.stderr


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        ([], 1, "run as root (sudo), or try --dry-run"),
        (["--dry-run", "--proxy", "apache"], 2, "--proxy must be caddy, nginx or none"),
        (["--dry-run", "--proxy", "caddy"], 2, "--proxy caddy needs --domain NAME"),
        (["--dry-run", "--proxy", "nginx", "--domain", "a b;rm"], 2, "is not a host name"),
        (["--dry-run", "--frobnicate"], 2, "unknown option --frobnicate"),
        (["--dry-run", "--domain"], 2, "Usage: "),
    ],
)
def test_installer_refusals(args: list[str], code: int, says: str) -> None:
    before = machine_state()
    done = run_installer(*args)
    assert done.returncode == code and says in done.stderr, done.stderr
    assert "would:" not in done.stdout
    assert machine_state() == before


def _write_env_file(conf: Path, domain: str) -> subprocess.CompletedProcess[str]:
    """The installer's env-file step, sourced and pointed at a scratch folder."""
    group = subprocess.run(["id", "-gn"], capture_output=True, text=True, check=True).stdout
    script = (
        f'source "{INSTALLER}"; CONF_DIR="{conf}"; ENV_FILE="{conf}/hub.env"; '
        f'SERVICE_USER="{group.strip()}"; DOMAIN="{domain}"; write_env_file'
    )
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)


def test_the_env_file_is_made_once_with_a_kept_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "etc-storywall"
    conf.mkdir()
    first = _write_env_file(conf, "wall.test")
    assert first.returncode == 0, first.stderr
    env_file = conf / "hub.env"
    written = env_file.read_text(encoding="utf-8")
    assert oct(env_file.stat().st_mode & 0o777) == "0o640"
    values = dict(re.findall(r"^([A-Z_]+)=(.*)$", written, re.MULTILINE))
    assert len(values["STORYWALL_SECRET_KEY"]) >= 48
    assert values["STORYWALL_PUBLIC_URL"] == "https://wall.test"
    assert [p.name for p in conf.iterdir()] == ["hub.env"]  # no draft left behind

    again = _write_env_file(conf, "other.test")
    assert again.returncode == 0 and "keep: " in again.stdout
    assert env_file.read_text(encoding="utf-8") == written  # the secret stays the same

    for key in list(os.environ):
        if key.startswith("STORYWALL_"):
            monkeypatch.delenv(key)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(tmp_path / "data"))
    assert Settings().env == "production"  # the made file is one a production hub accepts


def test_installer_keeps_its_constants_on_top_and_is_strict() -> None:
    text = INSTALLER.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    head = text[: text.index("\nstep()")]
    assert "\nset -euo pipefail\n" in head
    for constant in ("SERVICE_USER=storywall", "PREFIX=/opt/storywall", "CONF_DIR=/etc/storywall"):
        assert f"\n{constant}\n" in head
    assert INSTALLER.stat().st_mode & 0o111


def test_shellcheck_passes() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    done = subprocess.run(
        [shellcheck, "--external-sources", str(INSTALLER)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout


# -- the proxy steps, run for real on a scratch /etc ---------------------------------

CERTBOT_HINT = (
    "sudo certbot certonly --standalone -d {domain} "
    '--pre-hook "systemctl stop nginx" --post-hook "systemctl start nginx"'
)


def _proxy_step(etc: Path, proxy: str, domain: str) -> subprocess.CompletedProcess[str]:
    """The installer's proxy step, sourced and pointed at a scratch /etc, with the real
    caddy and nginx checking the configs there and a `systemctl` that only logs."""
    bin_dir = etc / "bin"
    bin_dir.mkdir(exist_ok=True)
    systemctl = bin_dir / "systemctl"
    systemctl.write_text(f'#!/bin/sh\necho "$*" >>"{etc}/systemctl.log"\n')
    nginx = shutil.which("nginx")
    if nginx is not None:  # nginx -t on the scratch tree: its sites-enabled, nothing else
        main = etc / "nginx" / "nginx.conf"
        main.parent.mkdir(exist_ok=True)
        main.write_text(
            f"pid {etc}/nginx.pid;\nerror_log {etc}/nginx-error.log;\nevents {{}}\n"
            f"http {{\naccess_log off;\ninclude {etc}/nginx/sites-enabled/*;\n}}\n"
        )
        (bin_dir / "nginx").write_text(f'#!/bin/sh\nexec {nginx} -c {main} -p {etc}/ "$@"\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    for folder in ("caddy", "nginx/sites-available", "nginx/sites-enabled", "letsencrypt/live"):
        (etc / folder).mkdir(parents=True, exist_ok=True)
    script = (
        f'source "{INSTALLER}"; CADDY_CONFIG="{etc}/caddy/Caddyfile"; '
        f'CADDY_SITE="{etc}/caddy/storywall.caddy"; '
        f'NGINX_SITE="{etc}/nginx/sites-available/storywall"; '
        f'NGINX_ENABLED="{etc}/nginx/sites-enabled/storywall"; '
        f'CERT_DIR="{etc}/letsencrypt/live"; ACME_WEBROOT="{etc}/www"; '
        f'PROXY="{proxy}"; DOMAIN="{domain}"; install_proxy'
    )
    # caddy keeps its state under the home folder: a scratch one.
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(etc),
           "XDG_DATA_HOME": str(etc / "data"), "XDG_CONFIG_HOME": str(etc / "config")}  # fmt: skip
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def _systemctl_calls(etc: Path) -> list[str]:
    log = etc / "systemctl.log"
    return log.read_text().splitlines() if log.exists() else []


def _needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed: the installer's {tool} step cannot be run")
    return path


OTHER_SITE = 'other.test {\n\trespond "another site on this Caddy"\n}'  # no last newline


def _caddy_hosts(caddy: str, config: Path, etc: Path) -> set[str]:
    adapted = subprocess.run(
        [caddy, "adapt", "--config", str(config), "--adapter", "caddyfile"],
        capture_output=True, text=True, check=True, env={**os.environ, "HOME": str(etc)},
    )  # fmt: skip
    return set(re.findall(r'"host":\["([^"]+)"\]', adapted.stdout))


def test_caddy_gets_its_own_site_file_and_the_caddyfile_keeps_its_other_sites(
    tmp_path: Path,
) -> None:
    caddy = _needs("caddy")
    caddyfile = tmp_path / "caddy" / "Caddyfile"
    caddyfile.parent.mkdir()
    caddyfile.write_text(OTHER_SITE)
    first = _proxy_step(tmp_path, "caddy", "hub.test")
    assert first.returncode == 0, first.stderr
    site = (tmp_path / "caddy" / "storywall.caddy").read_text()
    assert "hub.test {" in site and "wall.example.org" not in site
    text = caddyfile.read_text()
    assert text.startswith(OTHER_SITE + "\n")
    assert _caddy_hosts(caddy, caddyfile, tmp_path) == {"other.test", "hub.test"}
    assert _systemctl_calls(tmp_path)[-1] == "reload-or-restart caddy.service"

    again = _proxy_step(tmp_path, "caddy", "hub.test")
    assert again.returncode == 0, again.stderr
    assert "keep: " in again.stdout and caddyfile.read_text() == text  # imported once
    assert [p.name for p in caddyfile.parent.iterdir()] == ["Caddyfile", "storywall.caddy"]


def test_caddy_refusing_the_import_leaves_the_caddyfile_as_it_was(tmp_path: Path) -> None:
    _needs("caddy")
    caddyfile = tmp_path / "caddy" / "Caddyfile"
    caddyfile.parent.mkdir()
    clash = 'hub.test {\n\trespond "the same name, served already"\n}\n'
    caddyfile.write_text(clash)
    done = _proxy_step(tmp_path, "caddy", "hub.test")
    assert done.returncode == 1 and "/Caddyfile is unchanged" in done.stderr, done.stderr
    assert caddyfile.read_text() == clash
    assert sorted(p.name for p in caddyfile.parent.iterdir()) == ["Caddyfile", "storywall.caddy"]
    assert _systemctl_calls(tmp_path) == []


def test_a_caddyfile_an_earlier_install_replaced_gets_its_sites_back(tmp_path: Path) -> None:
    caddy = _needs("caddy")
    caddyfile = tmp_path / "caddy" / "Caddyfile"
    caddyfile.parent.mkdir()
    old = (DEPLOY / "proxy" / "Caddyfile").read_text().replace("wall.example.org", "hub.test")
    old = re.sub(r"^#.*\n(#.*\n)*", "# Caddy in front of the Storywall hub: /etc/caddy/"
                 "Caddyfile (deploy/install-hub.sh\n", old)  # fmt: skip
    caddyfile.write_text(old)
    (caddyfile.parent / "Caddyfile.before-storywall").write_text(OTHER_SITE + "\n")
    done = _proxy_step(tmp_path, "caddy", "hub.test")
    assert done.returncode == 0, done.stderr
    assert caddyfile.read_text().startswith(OTHER_SITE + "\n")
    assert _caddy_hosts(caddy, caddyfile, tmp_path) == {"other.test", "hub.test"}


def test_nginx_without_a_certificate_gets_the_site_but_not_enabled(tmp_path: Path) -> None:
    _needs("nginx")
    enabled = tmp_path / "nginx" / "sites-enabled" / "storywall"
    enabled.parent.mkdir(parents=True)
    enabled.symlink_to(tmp_path / "nginx" / "sites-available" / "storywall")  # an earlier run's
    done = _proxy_step(tmp_path, "nginx", "hub.test")
    assert done.returncode == 0, done.stderr
    assert "hub.test" in (tmp_path / "nginx" / "sites-available" / "storywall").read_text()
    assert not enabled.is_symlink() and not enabled.exists()
    assert CERTBOT_HINT.format(domain="hub.test") in done.stderr
    assert f"sudo ln -sfn {tmp_path}/nginx/sites-available/storywall {enabled} " in done.stderr
    assert _systemctl_calls(tmp_path) == []
    # The server's config is as sound as before: every other site keeps running.
    checked = subprocess.run([tmp_path / "bin" / "nginx", "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_deployment_guide_gives_the_installers_certbot_command() -> None:
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert CERTBOT_HINT.format(domain="wall.example.org") in guide
    assert "import /etc/caddy/storywall.caddy" in guide


def test_nginx_with_its_certificate_enables_the_site_and_reloads(tmp_path: Path) -> None:
    _needs("nginx")
    openssl = _needs("openssl")
    live = tmp_path / "letsencrypt" / "live" / "hub.test"
    live.mkdir(parents=True)
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=hub.test",
         "-keyout", str(live / "privkey.pem"), "-out", str(live / "fullchain.pem"), "-days", "1"],
        check=True, capture_output=True,
    )  # fmt: skip
    done = _proxy_step(tmp_path, "nginx", "hub.test")
    assert done.returncode == 0, done.stderr
    enabled = tmp_path / "nginx" / "sites-enabled" / "storywall"
    assert enabled.resolve() == tmp_path / "nginx" / "sites-available" / "storywall"
    assert "+ nginx -t" in done.stdout and "certbot" not in done.stderr
    assert _systemctl_calls(tmp_path)[-1] == "reload-or-restart nginx.service"


# -- the units ------------------------------------------------------------------------


def _verify(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (no systemd on this machine)")
    return subprocess.run(
        [analyze, "verify", *map(str, paths)], capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip


def test_systemd_analyze_verify_with_the_program_stubbed(tmp_path: Path) -> None:
    # The units run /opt/storywall/venv/bin/storywall, which exists only once installed,
    # and systemd-analyze refuses a missing program; so copies name an existing one.
    program = shutil.which("true") or "/bin/true"
    copies = []
    for unit in [HUB_UNIT, *BACKUP_UNITS]:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text(encoding="utf-8").replace(INSTALLED_PROGRAM, program))
        copies.append(copy)
    done = _verify(copies)
    own = [line for line in done.stderr.splitlines() if "storywall-" in line]
    assert done.returncode == 0 and not own, done.stderr


def test_systemd_analyze_verify_as_shipped_fails_only_on_the_uninstalled_program() -> None:
    if Path(INSTALLED_PROGRAM).exists():
        pytest.skip(f"{INSTALLED_PROGRAM} exists here: the stubbed test covers it")
    done = _verify([HUB_UNIT])
    problems = [line for line in done.stderr.splitlines() if "storywall-hub" in line]
    assert problems == [
        f"storywall-hub.service: Command {INSTALLED_PROGRAM} is not executable: "
        "No such file or directory"
    ], done.stderr


def test_the_hub_unit_is_hardened() -> None:
    settings = unit_settings(HUB_UNIT)
    for key, value in {
        "User": "storywall",
        "Group": "storywall",
        "ProtectSystem": "strict",
        "NoNewPrivileges": "yes",
        "PrivateDevices": "yes",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
        "CapabilityBoundingSet": "",
        "StateDirectory": "storywall",
        "Restart": "on-failure",
        "EnvironmentFile": "/etc/storywall/hub.env",
    }.items():
        assert settings.get(key) == [value], key
    assert "@system-service" in settings["SystemCallFilter"]
    assert settings["RestrictAddressFamilies"] == ["AF_INET AF_INET6 AF_UNIX"]


def test_the_hub_units_command_line_is_real_and_fed_by_the_env_file() -> None:
    settings = unit_settings(HUB_UNIT)
    argv = shlex.split(settings["ExecStart"][0])
    assert argv[0] == INSTALLED_PROGRAM
    variables = set(re.findall(r"\$\{(\w+)\}", settings["ExecStart"][0]))
    assert variables == {
        "STORYWALL_HUB_HOST", "STORYWALL_HUB_PORT", "STORYWALL_HUB_WORKERS",
        "STORYWALL_HUB_FORWARDED_ALLOW_IPS",
    }  # fmt: skip
    defaults = dict(item.split("=", 1) for line in settings["Environment"] for item in line.split())
    active, _ = env_example()
    assert variables <= set(defaults) and variables <= set(active)
    # systemd substitutes ${VAR} as one word each; so does this.
    words = [re.sub(r"\$\{(\w+)\}", lambda m: active[m[1]], word) for word in argv[1:]]
    args = build_parser().parse_args(words)
    assert (args.command, args.host, args.port, args.workers) == ("hub", "127.0.0.1", 8000, 1)
    assert args.forwarded_allow_ips == "127.0.0.1"


def test_the_backup_timer_runs_the_backup_service_nightly() -> None:
    service, timer = (unit_settings(path) for path in BACKUP_UNITS)
    assert timer["OnCalendar"] and timer["Persistent"] == ["true"]
    assert service["User"] == ["storywall"] and service["Type"] == ["oneshot"]
    assert f"{INSTALLED_PROGRAM} admin backup" in service["ExecStart"][0]
    assert "/var/backups/storywall" in service["ReadWritePaths"][0]
    assert "STORYWALL_BACKUP_KEEP" in service["ExecStartPost"][0]
    active, _ = env_example()
    assert "STORYWALL_BACKUP_KEEP" in active


def _shell_of(line: str, backups: Path, keep: str) -> str:
    """The `sh -c` script of a unit's Exec line, as systemd would hand it to sh."""
    script = shlex.split(line)[2]
    script = script.replace("%%", "%").replace("${STORYWALL_BACKUP_KEEP}", keep)
    return script.replace("/var/backups/storywall", str(backups))


def test_the_backup_rotation_keeps_the_newest(tmp_path: Path) -> None:
    service = unit_settings(BACKUP_UNITS[0])
    backups = tmp_path / "backups"
    backups.mkdir()
    # The names the ExecStart line makes sort by time.
    name_script = _shell_of(service["ExecStart"][0], backups, "3")
    made = re.search(r'"(\S+hub-\$\(date [^)]*\)\.tar)"', name_script)
    assert made
    name = subprocess.run(["sh", "-c", f'echo "{made[1]}"'], capture_output=True, text=True)
    assert re.fullmatch(rf"{backups}/hub-\d{{8}}T\d{{6}}Z\.tar\n", name.stdout)
    for day in range(1, 6):
        (backups / f"hub-202612{day:02d}T033000Z.tar").write_bytes(b"x")
    (backups / ".hub-20261206T033000Z.tar.abc.tmp").write_bytes(b"partial")
    rotate = _shell_of(service["ExecStartPost"][0], backups, "3")
    done = subprocess.run(["sh", "-c", rotate], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in backups.iterdir()) == [
        ".hub-20261206T033000Z.tar.abc.tmp",
        "hub-20261203T033000Z.tar",
        "hub-20261204T033000Z.tar",
        "hub-20261205T033000Z.tar",
    ]


# -- the env file ---------------------------------------------------------------------


def test_the_env_example_documents_every_setting_and_only_real_ones() -> None:
    active, commented = env_example()
    documented = {key for key in {*active, *commented} if key.startswith("STORYWALL_")}
    unit_variables = {
        key for key in documented if key.startswith(("STORYWALL_HUB_", "STORYWALL_BACKUP_"))
    }
    assert setting_names() <= documented, setting_names() - documented
    assert documented - unit_variables == setting_names(), documented - unit_variables
    # The unit-only variables are each used by a unit, or they document nothing.
    units = "".join(p.read_text(encoding="utf-8") for p in [HUB_UNIT, *BACKUP_UNITS])
    assert all(key in units for key in unit_variables)


def test_the_env_example_shows_true_defaults_and_is_valid_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    active, commented = env_example()
    for key, value in commented.items():
        field = key.removeprefix("STORYWALL_").lower()
        assert value == str(Settings.model_fields[field].default), key
    for key in list(os.environ):
        if key.startswith("STORYWALL_"):
            monkeypatch.delenv(key)
    for key, value in active.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="STORYWALL_SECRET_KEY must be set"):
        Settings()  # the placeholder is refused, so a forgotten secret cannot serve
    monkeypatch.setenv("STORYWALL_SECRET_KEY", "a-long-random-value-the-installer-writes")
    settings = Settings()
    assert settings.env == "production"
    assert settings.database_url == f"sqlite:///{tmp_path / 'hub.sqlite3'}"


# -- storywall hub --forwarded-allow-ips -----------------------------------------------


@pytest.mark.parametrize(
    ("trusted", "client"), [("127.0.0.1", "203.0.113.7"), ("10.9.9.9", "127.0.0.1")]
)
def test_forwarded_allow_ips_decides_whose_forwarded_for_is_believed(
    tmp_path: Path, trusted: str, client: str
) -> None:
    port = free_port()
    log = tmp_path / "hub.log"
    hub = HubProcess(
        [sys.executable, "-m", "cli", "hub", "--port", str(port), "--data-dir",
         str(tmp_path / "data"), "--forwarded-allow-ips", trusted],
        url=f"http://127.0.0.1:{port}", log=log, cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(("STORYWALL_", "FORWARDED"))},
    )  # fmt: skip
    with hub:
        answer = httpx.get(
            f"{hub.url}/healthz",
            headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
        )
        assert answer.status_code == 200
    access = [line for line in log.read_text().splitlines() if "GET /healthz" in line]
    assert access and access[-1].split()[1].startswith(f"{client}:"), access


# -- proxies --------------------------------------------------------------------------


def _bytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)\s*([kKmM]?)[bB]?", size).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def test_proxies_pass_the_forwarded_headers_and_bodies_the_hub_takes() -> None:
    caddy = (DEPLOY / "proxy" / "Caddyfile").read_text(encoding="utf-8")
    nginx = (DEPLOY / "proxy" / "nginx.conf").read_text(encoding="utf-8")
    hub_limit = Settings.model_fields["max_body_bytes"].default
    caddy_limit = _bytes(re.search(r"max_size (\S+)", caddy)[1])  # type: ignore[index]
    nginx_limit = _bytes(re.search(r"client_max_body_size (\S+);", nginx)[1])  # type: ignore[index]
    for limit in (caddy_limit, nginx_limit):
        assert limit >= hub_limit >= MAX_DOODLE_BYTES
        assert limit >= MAX_PHOTO_BYTES  # a photo upload's own, larger limit
    active, _ = env_example()
    upstream = f"{active['STORYWALL_HUB_HOST']}:{active['STORYWALL_HUB_PORT']}"
    assert f"reverse_proxy {upstream}" in caddy
    assert f"proxy_pass http://{upstream};" in nginx
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Host"):
        assert re.search(rf"proxy_set_header {header} \$", nginx), header
    assert "listen 443 ssl" in nginx and "ssl_certificate " in nginx
    assert "return 301 https://" in nginx
    assert "header_up X-Forwarded-Proto" in caddy


def test_nginx_accepts_its_config(tmp_path: Path) -> None:
    nginx = shutil.which("nginx")
    if nginx is None:
        pytest.skip("nginx is not installed: its config is checked by reading only")
    site = (DEPLOY / "proxy" / "nginx.conf").read_text(encoding="utf-8")
    # Its own certificate paths exist only after certbot; a throw-away pair stands in.
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a throw-away certificate for nginx -t")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=t",
         "-keyout", str(tmp_path / "k.pem"), "-out", str(tmp_path / "c.pem"), "-days", "1"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = re.sub(r"/etc/letsencrypt/live/\S+/fullchain\.pem", str(tmp_path / "c.pem"), site)
    site = re.sub(r"/etc/letsencrypt/live/\S+/privkey\.pem", str(tmp_path / "k.pem"), site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n{site}\n}}\n")
    done = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_caddy_accepts_its_config() -> None:
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy is not installed: its config is checked by reading only")
    done = subprocess.run(
        [caddy, "adapt", "--config", str(DEPLOY / "proxy" / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


# -- containers -----------------------------------------------------------------------


def test_compose_runs_the_hub_beside_postgres_15() -> None:
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    db, hub = compose["services"]["db"], compose["services"]["hub"]
    assert db["image"] == "postgres:15"
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert hub["depends_on"]["db"]["condition"] == "service_healthy"
    assert hub["env_file"] == ["hub.env"]
    assert (
        COMPOSE.parent / hub["build"]["context"] / hub["build"]["dockerfile"]
    ).resolve() == DOCKERFILE
    assert "/healthz" in " ".join(hub["healthcheck"]["test"])
    assert set(compose["volumes"]) >= {v.split(":")[0] for v in db["volumes"] + hub["volumes"]}
    # It names only settings the hub has, and its database URL is one the hub accepts.
    environment = hub["environment"]
    assert set(environment) <= setting_names()
    url = environment["STORYWALL_DATABASE_URL"].replace("${POSTGRES_PASSWORD}", "pw")
    settings = Settings(database_url=url, data_dir=Path(environment["STORYWALL_DATA_DIR"]))
    assert "@db:5432/" in settings.database_url
    assert db["environment"]["POSTGRES_USER"] in url and db["environment"]["POSTGRES_DB"] in url


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True,
                                        check=False).returncode != 0:  # fmt: skip
        pytest.skip("docker compose is not installed: compose.yaml is checked by reading only")
    env = {**os.environ, "POSTGRES_PASSWORD": "pw"}
    (COMPOSE.parent / "hub.env").touch()
    done = subprocess.run([docker, "compose", "-f", str(COMPOSE), "config", "--quiet"],
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_dockerfile_installs_the_hub_and_runs_a_real_command() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", text, re.MULTILINE)
    extras = re.search(r'pip install [^\n]*"/src\[([a-z,]+)\]"', text)
    assert extras and extras[1] == "hub,postgres"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(extras[1].split(",")) <= set(pyproject["project"]["optional-dependencies"])
    assert "storywall" in pyproject["project"]["scripts"]
    command = json.loads(re.search(r"^CMD (\[.*\])$", text, re.MULTILINE)[1])  # type: ignore[index]
    assert command[0] == "storywall"
    args = build_parser().parse_args(command[1:])
    assert args.command == "hub" and args.host == "0.0.0.0"  # noqa: S104 - inside a container
    assert re.search(r"^USER storywall$", text, re.MULTILINE)
    assert "postgresql-client-15" in text  # pg_dump for backups of the compose database
