"""The backup package's exceptions: each message says what was refused and what to do."""

from __future__ import annotations

from server.errors import HubError


class BackupError(HubError):
    """A backup or a restore could not be done; nothing the hub holds was changed."""


class NotABackup(BackupError):
    """The file is not a Storywall backup (not a tar, or no Storywall manifest first)."""


class BackupDamaged(BackupError):
    """The backup's members do not match its manifest: truncated, altered or unsafe."""


class BackupTooNew(BackupError):
    """The backup was made by a newer storywall (a format or revision this code lacks)."""


class EngineMismatch(BackupError):
    """The backup is of one database engine and the hub is configured for the other."""


class TargetHoldsData(BackupError):
    """The hub's database or media folder already holds data and --force was not given."""


class TargetInUse(BackupError):
    """Another process (a running hub) has the database open; stop it before restoring."""


class NoDatabase(BackupError):
    """There is no hub database to back up where the settings point."""


class ToolFailed(BackupError):
    """pg_dump or pg_restore is missing or failed; its own message is included."""
