"""The last configuration survives a restart, and a broken file does not stop the kiosk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.config_store import ConfigStore
from kiosk.errors import ConfigStoreError
from storywall.protocol.config import KioskConfig

CONFIG = KioskConfig.model_validate(
    {
        "kiosk_id": "riverside-1",
        "kiosk_name": "Riverside gate",
        "site": {"slug": "riverside", "name": "Riverside Park", "timezone": "Europe/London"},
        "prompt": {"id": 7, "text": "How was the park today?", "emoji": ["😀", "😐", "😢", "🌳"]},
    }
)


def test_nothing_saved_yet(config_store: ConfigStore) -> None:
    assert config_store.current() is None
    assert config_store.config is None
    assert config_store.etag is None


def test_saved_config_comes_back_after_a_restart(config_store: ConfigStore) -> None:
    config_store.save(CONFIG, '"v1"')
    assert config_store.config == CONFIG
    again = ConfigStore(config_store.path)
    assert again.config == CONFIG
    assert again.etag == '"v1"'
    assert "config.json" in repr(again)


def test_the_write_is_atomic_and_leaves_no_temporary_files(config_store: ConfigStore) -> None:
    config_store.save(CONFIG, '"v1"')
    config_store.save(CONFIG.model_copy(update={"prompt": None}), None)
    assert sorted(os.listdir(config_store.path.parent)) == ["config.json"]
    assert ConfigStore(config_store.path).config == CONFIG.model_copy(update={"prompt": None})


def test_a_failed_write_keeps_the_old_file(
    config_store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_store.save(CONFIG, '"v1"')

    def power_cut(src: object, dst: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(ConfigStoreError):
        config_store.save(CONFIG.model_copy(update={"kiosk_name": "New"}), '"v2"')
    monkeypatch.undo()
    assert ConfigStore(config_store.path).etag == '"v1"'
    assert sorted(os.listdir(config_store.path.parent)) == ["config.json"]


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"version": 99, "etag": None, "config": {}}),
        json.dumps({"version": 1, "etag": '"x"', "config": {"kiosk_id": "a"}}),
        json.dumps([1, 2]),
    ],
)
def test_an_unreadable_file_is_ignored(tmp_path: Path, content: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(content)
    assert ConfigStore(path).current() is None
