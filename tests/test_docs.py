"""The docs cannot fall behind: every setting, endpoint and kiosk key is documented."""

from __future__ import annotations

import re
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
    assert set(parsed) == {"kiosk", "hardware", "display", "sync", "fridge"}


# A commented-out key: `# key = value`, a value TOML can read (prose never parses as one).
COMMENTED_KEY = re.compile(r"^#\s*([a-z_]+\s*=\s*.+)$")
SECTION = re.compile(r"^\[([a-z_]+)\]\s*(#.*)?$")


def documented_keys(text: str) -> tuple[set[str], dict[str, dict[str, object]]]:
    """Every `section.key` the example names, set or commented out, and the commented
    ones' values by section."""
    section: str | None = None
    keys: set[str] = set()
    commented: dict[str, dict[str, object]] = {}
    for line in text.splitlines():
        if match := SECTION.match(line):
            section = match[1]
            continue
        if section is None:
            continue
        if match := COMMENTED_KEY.match(line):
            try:
                pair = tomllib.loads(match[1])
            except tomllib.TOMLDecodeError:
                continue
            commented.setdefault(section, {}).update(pair)
            keys.update(f"{section}.{key}" for key in pair)
    parsed = tomllib.loads(text)
    keys.update(f"{name}.{key}" for name, table in parsed.items() for key in table)
    return keys, commented


def test_the_kiosk_example_documents_exactly_the_keys_the_kiosk_reads(tmp_path: Path) -> None:
    from kiosk.settings import load_settings, setting_keys

    text = (ROOT / "firmware_config" / "kiosk.example.toml").read_text(encoding="utf-8")
    documented, commented = documented_keys(text)
    accepted = setting_keys()
    assert accepted, "no settings models found"
    assert not accepted - documented, (
        f"the kiosk reads keys the example omits: {accepted - documented}"
    )
    assert not documented - accepted, (
        f"the example names keys the kiosk ignores: {documented - accepted}"
    )
    # The commented examples are valid values too: each one, set, still loads.
    token = tmp_path / "token"
    token.write_text("sw_k_example\n")
    parsed = tomllib.loads(text.replace("/etc/storywall/kiosk-token", str(token)))
    for section, pairs in commented.items():
        for key, value in pairs.items():
            document = {name: dict(table) for name, table in parsed.items()}
            document[section][key] = value
            if (section, key) == ("kiosk", "token"):
                del document["kiosk"]["token_file"]  # exactly one of the two
            path = tmp_path / f"{section}.{key}.toml"
            path.write_text(_toml(document), encoding="utf-8")
            load_settings(path, env={})


def _toml(document: dict[str, dict[str, object]]) -> str:
    """A tiny TOML writer for the example's value types (str, bool, number, list)."""

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, list):
            return "[" + ", ".join(value(part) for part in item) + "]"
        if isinstance(item, str):
            return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return repr(item)

    return "".join(
        f"[{name}]\n" + "".join(f"{key} = {value(item)}\n" for key, item in table.items())
        for name, table in document.items()
    )


def test_every_event_type_is_in_the_protocol_doc() -> None:
    from server.events import kinds
    from storywall.protocol import event_models

    protocol = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    missing = [name for name in event_models() if f"| `{name}` |" not in protocol]
    assert not missing, f"docs/protocol.md's table of event types lacks {missing}"
    assert set(kinds()) == set(event_models()), "a protocol type has no hub module, or back"


def test_every_field_of_the_open_fridge_list_is_documented() -> None:
    from server.services.fridge_page import FridgeDetail, FridgeList

    doc = (ROOT / "docs" / "fridges-api.md").read_text(encoding="utf-8")
    names: set[str] = set()
    for model in (FridgeList, FridgeDetail):
        schema = model.model_json_schema()
        for part in (schema, *schema.get("$defs", {}).values()):
            names.update(part.get("properties", {}))
    assert {"fridges", "slug", "level_word", "thumb_url", "json_feed"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in doc)
    assert not missing, f"docs/fridges-api.md does not document {missing}"
