"""The kiosk's exceptions: one hierarchy, so callers can catch KioskError."""

from __future__ import annotations

from pathlib import Path


class KioskError(Exception):
    """Something went wrong on the kiosk."""


class SettingsError(KioskError):
    """The kiosk's settings file is missing, unreadable or wrong."""

    def __init__(self, path: Path, key: str | None, message: str) -> None:
        self.path = path
        self.key = key
        where = f"{path}: {key}" if key else str(path)
        super().__init__(f"{where}: {message}")


class OutboxError(KioskError):
    """The on-disk outbox cannot be used as asked."""


class ConfigStoreError(KioskError):
    """The last configuration cannot be written to disk."""


class SyncError(KioskError):
    """A push or pull to the hub did not succeed; nothing was acknowledged."""


class HubUnavailable(SyncError):
    """The hub cannot be reached or asked us to come back later (network, 5xx, 429)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class AuthRejected(SyncError):
    """The hub refused the kiosk's token (401/403): missing, unknown or revoked."""


class ProtocolError(SyncError):
    """The hub answered something docs/protocol.md does not allow."""


class InvalidContribution(KioskError):
    """A note or doodle cannot be recorded as given (empty, too long, not a PNG...)."""


class MediaRefused(SyncError):
    """The hub refused a media upload for good (a 4xx other than 401/403): bad bytes."""
