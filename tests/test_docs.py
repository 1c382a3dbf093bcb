"""The docs cannot fall behind: every setting, endpoint and kiosk key is documented."""

from __future__ import annotations

import tomllib
from pathlib import Path

from fastapi.testclient import TestClient

from server.app import create_app
from server.core.config import Settings
from tests.support.hub_db import hub_database

ROOT = Path(__file__).resolve().parent.parent


def test_every_hub_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        f"STORYWALL_{name.upper()}"
        for name in Settings.model_fields
        if f"`STORYWALL_{name.upper()}`" not in readme
    ]
    assert not missing, f"README's configuration table lacks {missing}"


def test_every_endpoint_is_in_the_protocol_doc(tmp_path: Path) -> None:
    protocol = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    hub_database(tmp_path / "hub.sqlite3")
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert paths, "the hub publishes no paths"
    missing = [path for path in paths if f"`{path}" not in protocol and f" {path}`" not in protocol]
    assert not missing, f"docs/protocol.md does not mention {missing}"


def test_the_kiosk_example_file_is_valid_and_complete(tmp_path: Path) -> None:
    from kiosk.settings import load_settings

    example = ROOT / "firmware_config" / "kiosk.example.toml"
    parsed = tomllib.loads(example.read_text(encoding="utf-8"))
    # The example names a token file; point it at one so it loads as a Pi would.
    token = tmp_path / "token"
    token.write_text("sw_k_example\n")
    text = example.read_text(encoding="utf-8").replace("/etc/storywall/kiosk-token", str(token))
    copy = tmp_path / "kiosk.toml"
    copy.write_text(text, encoding="utf-8")
    settings = load_settings(copy)
    assert settings.kiosk_id == parsed["kiosk"]["id"]
    assert set(parsed) == {"kiosk", "hardware", "display", "sync"}


def test_every_event_type_is_in_the_protocol_doc() -> None:
    from server.events import kinds
    from storywall.protocol import event_models

    protocol = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    missing = [name for name in event_models() if f"| `{name}` |" not in protocol]
    assert not missing, f"docs/protocol.md's table of event types lacks {missing}"
    assert set(kinds()) == set(event_models()), "a protocol type has no hub module, or back"
