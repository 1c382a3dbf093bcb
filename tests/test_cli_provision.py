"""`storywall admin add-kiosk/rotate-token --kiosk-config` and `provision-kiosk`, as typed.

The files written are checked the way a kiosk and a phone would use them: the
kiosk.toml loads with the kiosk's own loader and its token pushes to the hub; the
link, fetched from the hub, answers a kiosk.toml; the QR code's modules are those of
the link.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import qrcode
from PIL import Image
from sqlalchemy import create_engine, text

from cli.main import main
from server.app import create_app
from server.core.config import Settings
from tests.server.factories import push, reaction

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PUBLIC_URL = "https://wall.example.org"
LINK = re.compile(r"^https://wall\.example\.org/api/v1/provision/(sw_p_[A-Za-z0-9_-]{32})$")


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hub database with site riverside, and the hub's public address set."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.setenv("STORYWALL_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    assert main(["admin", "add-site", "riverside", "--name", "Riverside Park"]) == 0
    assert main(["admin", "set-prompt", "--site", "riverside", "--text", "Sunny?"]) == 0
    return data


@pytest.fixture
def hub(hub_env: Path) -> Iterator[TestClient]:
    """The hub on that database, as `storywall hub` would serve it."""
    app = create_app(Settings(data_dir=hub_env, public_url=PUBLIC_URL))
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.engine.dispose()


def _rows(data: Path, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(f"sqlite:///{data / 'hub.sqlite3'}")
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


def _prompt_id(data: Path) -> int:
    return int(str(_rows(data, "SELECT id FROM prompt")[0][0]))


def _pushes(client: TestClient, data: Path, token: str, seq: int = 1) -> int:
    event = reaction(kiosk_id="gate", prompt_id=_prompt_id(data), emoji="😀", seq=seq)
    return push(client, token, [event]).status_code


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _token_out(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_add_kiosk_writes_a_kiosk_toml_the_kiosk_loads_and_the_hub_accepts(
    hub_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.settings import load_settings

    config = tmp_path / "gate" / "kiosk.toml"
    code = main(
        ["admin", "add-kiosk", "gate", "--site", "riverside", "--kiosk-config", str(config)]
    )
    assert code == 0
    captured = capsys.readouterr()
    token = captured.out.strip()  # stdout as before: the token alone
    assert token.startswith("sw_k_")
    assert str(config) in captured.err
    assert _mode(config) == 0o600
    assert tomllib.loads(config.read_text(encoding="utf-8")) == {
        "kiosk": {"id": "gate", "hub_url": PUBLIC_URL, "token": token}
    }
    loaded = load_settings(config, env={})
    assert (loaded.kiosk_id, loaded.hub_url, loaded.token) == ("gate", PUBLIC_URL, token)
    app = create_app(Settings(data_dir=hub_env))
    try:
        with TestClient(app) as client:
            assert _pushes(client, hub_env, loaded.token) == 200
    finally:
        app.state.engine.dispose()


def test_add_kiosk_without_the_flag_is_as_before(
    hub_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    assert _token_out(capsys).startswith("sw_k_")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["hub"]


def test_an_existing_file_is_kept_without_force(
    hub_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    first = _token_out(capsys)
    config = tmp_path / "kiosk.toml"
    config.write_text("# someone's settings\n", encoding="utf-8")
    config.chmod(0o644)
    assert main(["admin", "rotate-token", "gate", "--kiosk-config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "exists already" in err
    assert "--force" in err
    assert config.read_text(encoding="utf-8") == "# someone's settings\n"
    stored = _rows(hub_env, "SELECT token_hash FROM kiosk")
    assert stored == [(hashlib.sha256(first.encode()).hexdigest(),)]  # the token is unchanged
    assert main(["admin", "add-kiosk", "gate-2", "--site", "riverside", "--kiosk-config",
                 str(config)]) == 2  # fmt: skip
    assert [row[0] for row in _rows(hub_env, "SELECT id FROM kiosk")] == ["gate"]

    assert main(["admin", "rotate-token", "gate", "--kiosk-config", str(config), "--force"]) == 0
    second = _token_out(capsys)
    assert second != first
    assert tomllib.loads(config.read_text(encoding="utf-8"))["kiosk"]["token"] == second
    assert _mode(config) == 0o600  # replaced: the old file's 0644 went with it


def test_rotate_token_writes_the_new_token_and_the_old_one_stops(
    hub_env: Path, hub: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    old = _token_out(capsys)
    assert main(["admin", "revoke-kiosk", "gate"]) == 0
    config = tmp_path / "kiosk.toml"
    assert main(["admin", "rotate-token", "gate", "--kiosk-config", str(config)]) == 0
    new = _token_out(capsys)
    assert tomllib.loads(config.read_text(encoding="utf-8"))["kiosk"]["token"] == new
    assert _mode(config) == 0o600
    assert _pushes(hub, hub_env, old) == 401
    assert _pushes(hub, hub_env, new) == 200  # re-enabled, as rotate-token always did


@pytest.mark.parametrize(
    "command",
    [
        ["admin", "add-kiosk", "gate", "--site", "riverside", "--kiosk-config", "k.toml"],
        ["admin", "rotate-token", "gate", "--kiosk-config", "k.toml"],
        ["admin", "provision-kiosk", "gate"],
    ],
)
def test_without_a_public_address_nothing_changes(
    hub_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    if command[1] != "add-kiosk":
        assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    before = _rows(hub_env, "SELECT id, token_hash FROM kiosk")
    capsys.readouterr()
    monkeypatch.delenv("STORYWALL_PUBLIC_URL")
    monkeypatch.chdir(tmp_path)
    assert main(command) == 2
    captured = capsys.readouterr()
    assert "STORYWALL_PUBLIC_URL" in captured.err
    assert captured.out == ""
    assert not (tmp_path / "k.toml").exists()
    assert _rows(hub_env, "SELECT id, token_hash FROM kiosk") == before
    assert _rows(hub_env, "SELECT count(*) FROM provision") == [(0,)]


def test_provision_kiosk_prints_a_one_time_link(
    hub_env: Path, hub: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.settings import load_settings

    assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    old = _token_out(capsys)
    assert main(["admin", "provision-kiosk", "gate", "--valid-hours", "1.5"]) == 0
    captured = capsys.readouterr()
    match = LINK.match(captured.out.strip())
    assert match, captured.out
    code = match.group(1)
    assert "valid until" in captured.err
    # Only its hash is kept, valid for the hours asked.
    stored = _rows(hub_env, "SELECT code_hash, expires_ms - created_ms FROM provision")
    assert stored == [(hashlib.sha256(code.encode()).hexdigest(), 90 * 60_000)]
    assert code.encode() not in (hub_env / "hub.sqlite3").read_bytes()

    path = captured.out.strip().removeprefix(PUBLIC_URL)
    answer = hub.get(path)
    assert answer.status_code == 200
    (hub_env / "kiosk.toml").write_text(answer.text, encoding="utf-8")
    loaded = load_settings(hub_env / "kiosk.toml", env={})
    assert (loaded.kiosk_id, loaded.hub_url) == ("gate", PUBLIC_URL)
    assert _pushes(hub, hub_env, old) == 401
    assert _pushes(hub, hub_env, loaded.token) == 200
    assert hub.get(path).status_code == 404


def test_a_new_link_cancels_the_unused_one(
    hub_env: Path, hub: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    capsys.readouterr()
    links = []
    for _ in range(2):
        assert main(["admin", "provision-kiosk", "gate"]) == 0
        captured = capsys.readouterr()
        links.append(captured.out.strip().removeprefix(PUBLIC_URL))
    assert "1 older unused link(s) cancelled" in captured.err
    assert links[0] != links[1]
    assert hub.get(links[0]).status_code == 404
    assert hub.get(links[1]).status_code == 200


def test_provision_kiosk_refusals(hub_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "provision-kiosk", "nobody"]) == 2
    assert "no kiosk 'nobody'" in capsys.readouterr().err
    assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    assert main(["admin", "provision-kiosk", "gate", "--valid-hours", "721"]) == 2
    assert "--valid-hours: more than 0 and at most 720 hours" in capsys.readouterr().err
    for wrong in ("0", "-2", "soon", "nan"):
        with pytest.raises(SystemExit) as exit_:
            main(["admin", "provision-kiosk", "gate", "--valid-hours", wrong])
        assert exit_.value.code == 2
        assert "--valid-hours" in capsys.readouterr().err
    assert main(["admin", "rotate-token", "gate", "--force"]) == 2
    assert "--kiosk-config" in capsys.readouterr().err
    assert main(["admin", "provision-kiosk", "gate", "--qr", str(hub_env)]) == 2
    assert "--qr" in capsys.readouterr().err
    assert _rows(hub_env, "SELECT count(*) FROM provision") == [(0,)]


def _modules(png: bytes, count: int) -> list[list[bool]]:
    """The dark modules of a QR code image whose side holds `count` modules."""
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.width == image.height
    box, rest = divmod(image.width, count)
    assert rest == 0, "modules of a whole number of pixels"
    return [
        [image.getpixel((x * box + box // 2, y * box + box // 2)) < 128 for x in range(count)]
        for y in range(count)
    ]


def test_provision_kiosk_draws_the_link_as_a_qr_code(
    hub_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add-kiosk", "gate", "--site", "riverside"]) == 0
    capsys.readouterr()
    qr = tmp_path / "cards" / "gate.png"
    assert main(["admin", "provision-kiosk", "gate", "--qr", str(qr)]) == 0
    url = capsys.readouterr().out.strip()
    assert LINK.match(url)
    png = qr.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert _mode(qr) == 0o600
    # No QR decoder is installed: the picture must hold exactly the modules the qrcode
    # package computes for the URL, at any error-correction level and mask it chose.
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    expected.add_data(url)
    expected.make(fit=True)
    matrix = [[bool(cell) for cell in row] for row in expected.get_matrix()]
    assert _modules(png, len(matrix)) == matrix
    # ... and not those of any other link.
    other = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    other.add_data(url[:-1] + ("A" if url[-1] != "A" else "B"))
    other.make(fit=True)
    assert _modules(png, len(matrix)) != [[bool(c) for c in row] for row in other.get_matrix()]


def test_the_help_names_the_new_options(capsys: pytest.CaptureFixture[str]) -> None:
    for action, options in (
        ("add-kiosk", ("--kiosk-config", "--force")),
        ("rotate-token", ("--kiosk-config", "--force")),
        ("provision-kiosk", ("--valid-hours", "--qr")),
    ):
        with pytest.raises(SystemExit):
            main(["admin", action, "--help"])
        shown = capsys.readouterr().out
        assert all(option in shown for option in options), shown
