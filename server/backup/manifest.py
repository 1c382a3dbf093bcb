"""manifest.json: what a backup holds, written first in the tar and checked on restore.

It names the database member with its size and SHA-256 and counts the media files,
so a restore can tell a truncated or altered tar from a whole one before it changes
anything, and it records the schema revision and row counts the database was taken at.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, inspect, select, table

from server.backup.errors import BackupTooNew, NotABackup
from server.core.migrate import VERSION_TABLE

FORMAT = "storywall-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
# A manifest is a few hundred bytes; anything much larger is not ours.
MAX_MANIFEST_BYTES = 1024 * 1024
ENGINES = ("sqlite", "postgresql")
DATABASE_MEMBERS = {"sqlite": "database/hub.sqlite3", "postgresql": "database/hub.pgdump"}
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class DatabaseFile:
    """The database member: its name in the tar, size and SHA-256."""

    member: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class MediaSummary:
    """How many media files the backup holds and their total size."""

    files: int = 0
    bytes: int = 0


@dataclass(frozen=True)
class Manifest:
    """See the module docstring."""

    storywall_version: str
    engine: str
    revision: str
    created: str
    counts: dict[str, int]
    database: DatabaseFile
    media: MediaSummary = field(default_factory=MediaSummary)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), indent=2, sort_keys=True) + "\n").encode()

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        """One line: engine, revision, when, and what it holds."""
        return (
            f"{self.engine} database at revision {self.revision}, taken {self.created} by "
            f"storywall {self.storywall_version}: {describe_counts(self.counts)}; "
            f"{self.media.files} media files ({self.media.bytes} bytes)"
        )


def now_text() -> str:
    """The creation time as RFC 3339 UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def describe_counts(counts: dict[str, int]) -> str:
    """`3 site, 120 event rows`, naming only tables that hold rows."""
    held = [f"{count} {name}" for name, count in sorted(counts.items()) if count]
    return (", ".join(held) + " rows") if held else "no rows"


def table_counts(connection: Connection) -> dict[str, int]:
    """Rows per table (the migration record aside) as this connection sees them."""
    names = sorted(set(inspect(connection).get_table_names()) - {VERSION_TABLE})
    return {
        name: int(connection.execute(select(func.count()).select_from(table(name))).scalar_one())
        for name in names
    }


def parse(data: bytes) -> Manifest:
    """The manifest in `data`, or NotABackup / BackupTooNew saying why not."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NotABackup(f"its {MANIFEST_NAME} is not JSON") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise NotABackup(f"its {MANIFEST_NAME} is not a Storywall backup manifest")
    version = raw.get("format_version")
    if not isinstance(version, int):
        raise NotABackup(f"its {MANIFEST_NAME} has no format_version")
    if version > FORMAT_VERSION:
        raise BackupTooNew(
            f"it is in backup format {version}, made by a newer storywall (this one reads "
            f"format {FORMAT_VERSION}); upgrade storywall to restore it"
        )
    try:
        manifest = Manifest(
            storywall_version=_text(raw, "storywall_version"),
            engine=_text(raw, "engine"),
            revision=_text(raw, "revision"),
            created=_text(raw, "created"),
            counts=_counts(raw.get("counts")),
            database=DatabaseFile(**_object(raw, "database")),
            media=MediaSummary(**_object(raw, "media")),
            format_version=version,
        )
    except (TypeError, ValueError) as error:
        raise NotABackup(f"its {MANIFEST_NAME} is incomplete: {error}") from None
    _check(manifest)
    return manifest


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is missing")
    return value


def _object(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise ValueError(f"{key} is missing")
    return value


def _counts(value: object) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in value.items()
    ):
        raise ValueError("counts is not a table of row counts")
    return dict(value)


def _check(manifest: Manifest) -> None:
    if manifest.engine not in ENGINES:
        raise NotABackup(f"its database engine {manifest.engine!r} is not one the hub runs on")
    database = manifest.database
    expected = DATABASE_MEMBERS[manifest.engine]
    if database.member != expected:
        raise NotABackup(f"its database member is {database.member!r}, not {expected!r}")
    if not isinstance(database.bytes, int) or database.bytes <= 0:
        raise NotABackup("its database size is missing")
    if not isinstance(database.sha256, str) or not _SHA256.fullmatch(database.sha256):
        raise NotABackup("its database checksum is missing")
    media = manifest.media
    if not all(isinstance(n, int) and n >= 0 for n in (media.files, media.bytes)):
        raise NotABackup("its media summary is not two counts")
