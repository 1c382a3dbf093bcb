"""The local media store: content-addressed, whole files only, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.media import LocalMediaStore, MediaStore
from storywall.protocol.media import sha256_hex


def test_put_read_has_and_a_second_put_changes_nothing(tmp_path: Path) -> None:
    store: MediaStore = LocalMediaStore(tmp_path / "media")
    data = b"\x89PNG pretend bytes"
    name = sha256_hex(data)
    assert not store.has(name)
    assert store.put(name, data) is True
    assert store.has(name)
    assert store.read(name) == data
    assert store.put(name, data) is False
    folder = tmp_path / "media" / name[:2]
    # Only the file itself: no temporary file is left behind.
    assert [path.name for path in folder.iterdir()] == [name]


def test_read_of_absent_bytes_and_bad_names(tmp_path: Path) -> None:
    store = LocalMediaStore(tmp_path / "media")
    with pytest.raises(FileNotFoundError):
        store.read("0" * 64)
    for bad in ("../../etc/passwd", "A" * 64, "0" * 63):
        with pytest.raises(ValueError, match="not a media name"):
            store.has(bad)
