"""The backup tar: written atomically, read back with every member checked.

Layout: `manifest.json` first, then the database member the manifest names, then
`media/<first two hex digits>/<sha256>` for each media file. A reader trusts nothing
in the tar: names are matched against that layout (no absolute paths, no `..`, no
links or devices), sizes against the manifest and the hub's media limit, and every
byte against a SHA-256 (the database's is in the manifest, a media file's is its name).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tarfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from server.backup.errors import BackupDamaged, NotABackup
from server.backup.manifest import MANIFEST_NAME, MAX_MANIFEST_BYTES, Manifest, parse
from storywall.durable import replacing

CHUNK = 1024 * 1024
MEDIA_DIR = "media"
_MEDIA_MEMBER = re.compile(r"media/([0-9a-f]{2})/([0-9a-f]{64})")


@dataclass(frozen=True)
class MediaFile:
    """One media file to put in a backup: its name (its SHA-256) and where it is."""

    sha256: str
    path: Path

    @property
    def member(self) -> str:
        return f"{MEDIA_DIR}/{self.sha256[:2]}/{self.sha256}"


def _info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    # Owner and mode are the restoring hub's business, not the backed-up machine's.
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = 0o600
    return info


def write_archive(
    target: Path, manifest: Manifest, database: Path, media: Iterable[MediaFile], mtime: int
) -> int:
    """Write the backup tar at `target` atomically (mode 0600: it holds token hashes);
    return its size. The media files' sizes were counted into the manifest already."""
    with replacing(target) as raw:
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            data = manifest.to_json()
            tar.addfile(_info(MANIFEST_NAME, len(data), mtime), io.BytesIO(data))
            with database.open("rb") as db:
                size = os.fstat(db.fileno()).st_size
                tar.addfile(_info(manifest.database.member, size, mtime), db)
            for item in media:
                with item.path.open("rb") as source:
                    size = os.fstat(source.fileno()).st_size
                    tar.addfile(_info(item.member, size, mtime), source)
        return raw.tell()


@contextmanager
def _open(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        tar = tarfile.open(path, mode="r:")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise NotABackup(f"{path} does not exist") from None
    except IsADirectoryError:
        raise NotABackup(f"{path} is a folder, not a backup file") from None
    except tarfile.ReadError:
        raise NotABackup(f"{path} is not a tar file") from None
    with tar:
        yield tar


def _checked_name(member: tarfile.TarInfo) -> str:
    name = member.name
    parts = PurePosixPath(name).parts
    if name.startswith("/") or PurePosixPath(name).is_absolute() or ".." in parts:
        raise BackupDamaged(f"it has a member outside the backup ({name[:200]!r}); refused")
    if not member.isreg():
        raise BackupDamaged(f"its member {name[:200]!r} is not a plain file; refused")
    return name


def _first_member(tar: tarfile.TarFile, path: Path) -> tarfile.TarInfo:
    try:
        first = tar.next()
    except (tarfile.TarError, EOFError, OSError):
        raise BackupDamaged(f"{path} ends before its manifest") from None
    if first is None or first.name != MANIFEST_NAME:
        raise NotABackup(f"{path} does not start with a Storywall {MANIFEST_NAME}")
    _checked_name(first)
    if first.size > MAX_MANIFEST_BYTES:
        raise NotABackup(f"{path}: its {MANIFEST_NAME} is {first.size} bytes, too large")
    return first


def read_manifest(path: Path) -> Manifest:
    """The manifest of the backup at `path` (NotABackup, BackupDamaged, BackupTooNew)."""
    with _open(path) as tar:
        first = _first_member(tar, path)
        source = tar.extractfile(first)
        assert source is not None  # a regular file, checked
        try:
            data = source.read()
        except (tarfile.TarError, EOFError, OSError):
            raise BackupDamaged(f"{path} ends inside its manifest") from None
    try:
        return parse(data)
    except NotABackup as error:
        raise NotABackup(f"{path}: {error}") from None


def _copy(source: IO[bytes], target: Path, size: int) -> str:
    """Copy exactly `size` bytes into a new file at `target` (fsynced); their SHA-256."""
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as out:
        left = size
        while left:
            chunk = source.read(min(CHUNK, left))
            if not chunk:
                raise EOFError
            digest.update(chunk)
            out.write(chunk)
            left -= len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def extract(
    path: Path, manifest: Manifest, *, database_to: Path, media_to: Path, max_media_bytes: int
) -> None:
    """Copy the database member to `database_to` and the media into the folder `media_to`,
    checking every member on the way; BackupDamaged at the first that is wrong (the
    caller removes what was copied). The manifest was read by read_manifest()."""
    try:
        with _open(path) as tar:
            _first_member(tar, path)
            _extract_members(tar, manifest, database_to, media_to, max_media_bytes)
    except (tarfile.TarError, EOFError) as error:
        reason = str(error) or "unexpected end"
        raise BackupDamaged(f"{path} is truncated or damaged ({reason})") from None


def _extract_members(
    tar: tarfile.TarFile,
    manifest: Manifest,
    database_to: Path,
    media_to: Path,
    max_media_bytes: int,
) -> None:
    database = manifest.database
    seen: set[str] = set()
    media_files = media_bytes = 0
    # The iterator starts again at the manifest, already read and checked.
    for index, member in enumerate(tar):
        name = _checked_name(member)
        if index == 0:
            seen.add(name)
            continue
        if name in seen:
            raise BackupDamaged(f"it holds {name!r} twice; refused")
        seen.add(name)
        source = tar.extractfile(member)
        assert source is not None
        if name == database.member:
            if member.size != database.bytes:
                raise BackupDamaged(
                    f"its database is {member.size} bytes, the manifest says {database.bytes}"
                )
            if _copy(source, database_to, member.size) != database.sha256:
                raise BackupDamaged("its database does not match the manifest's checksum")
            continue
        match = _MEDIA_MEMBER.fullmatch(name)
        if match is None or match[1] != match[2][:2]:
            raise BackupDamaged(f"it has a member a Storywall backup never holds: {name[:200]!r}")
        if member.size > max_media_bytes:
            raise BackupDamaged(
                f"its media file {name} is {member.size} bytes, over the hub's "
                f"limit of {max_media_bytes}"
            )
        sha256 = match[2]
        if _copy(source, media_to / sha256[:2] / sha256, member.size) != sha256:
            raise BackupDamaged(f"its media file {name} does not match its name (SHA-256)")
        media_files += 1
        media_bytes += member.size
    if database.member not in seen:
        raise BackupDamaged(f"it has no {database.member}: truncated?")
    if (media_files, media_bytes) != (manifest.media.files, manifest.media.bytes):
        raise BackupDamaged(
            f"it holds {media_files} media files ({media_bytes} bytes), the manifest says "
            f"{manifest.media.files} ({manifest.media.bytes} bytes): truncated?"
        )
