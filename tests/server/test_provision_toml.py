"""The hub's kiosk.toml writer: every string survives TOML, and a kiosk accepts the file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.services.provisioning import kiosk_toml, toml_string

# Any text a UTF-8 file can hold: every code point but the lone surrogates.
TEXT = st.text(st.characters(exclude_categories=["Cs"]))


@given(TEXT)
def test_any_text_reads_back_as_written(value: str) -> None:
    assert tomllib.loads(f"value = {toml_string(value)}\n") == {"value": value}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('say "hi"', '"say \\"hi\\""'),
        ("C:\\kiosk", '"C:\\\\kiosk"'),
        ("two\nlines\r\n", '"two\\nlines\\r\\n"'),
        ("tab\there", '"tab\\there"'),
        ("\x00\x1b\x7f", '"\\u0000\\u001B\\u007F"'),
        ("caf\u00e9 \U0001f333", '"caf\u00e9 \U0001f333"'),  # other text as it is
        ("# not = a comment", '"# not = a comment"'),
    ],
)
def test_what_toml_reserves_is_escaped(value: str, written: str) -> None:
    assert toml_string(value) == written


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(ValueError, match=r"U\+D800"):
        toml_string("\ud800")


def test_a_hostile_value_cannot_add_keys() -> None:
    # A value that tries to close its string and start a table stays one string.
    hub_url = 'https://x.example"\n[hardware]\nbackend = "mock'
    text = kiosk_toml(kiosk_id="k1", hub_url=hub_url, token="sw_k_a\\b")
    assert tomllib.loads(text) == {"kiosk": {"id": "k1", "hub_url": hub_url, "token": "sw_k_a\\b"}}


def test_the_kiosk_accepts_the_file(tmp_path: Path) -> None:
    from kiosk.defaults import DEFAULTS
    from kiosk.settings import load_settings

    path = tmp_path / "kiosk.toml"
    path.write_text(
        kiosk_toml(kiosk_id="riverside-1", hub_url="https://wall.example.org/", token="sw_k_x"),
        encoding="utf-8",
    )
    settings = load_settings(path, env={})
    assert settings.kiosk_id == "riverside-1"
    assert settings.hub_url == "https://wall.example.org"
    assert settings.token == "sw_k_x"
    # Everything else is the kiosk's default, as the file's comments say.
    assert settings.data_dir == Path(DEFAULTS.kiosk.data_dir)
    assert settings.button_pins == DEFAULTS.hardware.buttons
