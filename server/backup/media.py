"""The hub's media folder (server/media/local.py: <root>/<2 hex>/<sha256>) in a backup.

Backing up, the media folder is read after the database snapshot: the hub writes a
file before the row that names it, so every media row in the snapshot finds its file.
Restoring, the extracted folder takes the old one's place with two renames.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

from server.backup.archive import MediaFile
from server.backup.manifest import MediaSummary
from storywall.durable import sync_folder

_SHARD = re.compile(r"[0-9a-f]{2}")
_NAME = re.compile(r"[0-9a-f]{64}")


def media_root(data_dir: Path) -> Path:
    """Where the hub keeps media (as server/app.py builds its LocalMediaStore)."""
    return data_dir / "media"


def list_media(root: Path) -> tuple[list[MediaFile], MediaSummary]:
    """The complete media files under `root`, sorted, with their count and total size.

    Temporary files of a write in progress (`.name.xxx.tmp`) are not media yet."""
    files: list[MediaFile] = []
    total = 0
    if not root.is_dir():
        return files, MediaSummary()
    for shard in sorted(root.iterdir()):
        if not (_SHARD.fullmatch(shard.name) and shard.is_dir()):
            continue
        for path in sorted(shard.iterdir()):
            if _NAME.fullmatch(path.name) and path.name[:2] == shard.name and path.is_file():
                files.append(MediaFile(path.name, path))
                total += path.stat().st_size
    return files, MediaSummary(files=len(files), bytes=total)


def count_media(root: Path) -> int:
    """How many media files the folder holds (0 when there is none)."""
    return len(list_media(root)[0])


def replace_media(root: Path, restored: Path) -> None:
    """Put the folder `restored` in the place of `root`, then remove the old one."""
    root.parent.mkdir(parents=True, exist_ok=True)
    old = root.with_name(f".{root.name}-old-{uuid.uuid4().hex[:8]}")
    if root.exists():
        os.replace(root, old)
    os.replace(restored, root)
    sync_folder(root.parent)
    shutil.rmtree(old, ignore_errors=True)
