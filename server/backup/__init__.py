"""Backing the hub up into one tar, and restoring it (`storywall admin backup|restore`).

create.py takes the database at one moment (SQLite's online backup API, or pg_dump in
a snapshot) and then the media folder; restore.py checks a tar completely before it
changes anything. archive.py is the tar, manifest.py its manifest.json, sqlite.py and
postgres.py the two engines, media.py the media folder.
"""

from server.backup.create import BackupDone, create_backup
from server.backup.errors import (
    BackupDamaged,
    BackupError,
    BackupTooNew,
    EngineMismatch,
    NoDatabase,
    NotABackup,
    TargetHoldsData,
    TargetInUse,
    ToolFailed,
)
from server.backup.restore import RestoreDone, restore_backup

__all__ = [
    "BackupDamaged",
    "BackupDone",
    "BackupError",
    "BackupTooNew",
    "EngineMismatch",
    "NoDatabase",
    "NotABackup",
    "RestoreDone",
    "TargetHoldsData",
    "TargetInUse",
    "ToolFailed",
    "create_backup",
    "restore_backup",
]
