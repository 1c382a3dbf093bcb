"""The last configuration pulled from the hub, kept on disk with its ETag.

After a power cut with no network the kiosk still shows today's prompt. The file
is replaced atomically (temporary file, fsync, os.replace, fsync of the folder),
so a crash leaves either the old configuration or the new one, never half of one.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kiosk.errors import ConfigStoreError
from storywall.durable import write_atomically
from storywall.protocol.config import KioskConfig

logger = logging.getLogger(__name__)

FILE_VERSION = 1


@dataclass(frozen=True)
class StoredConfig:
    """A configuration and the ETag the hub served it with."""

    config: KioskConfig
    etag: str | None


class ConfigStore:
    """The kiosk's last known KioskConfig, on disk and cached in memory (thread-safe)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._current: StoredConfig | None = None
        self._loaded = False

    def current(self) -> StoredConfig | None:
        """The last saved configuration (read from disk once), or None if there is none."""
        with self._lock:
            if not self._loaded:
                self._current = self._read()
                self._loaded = True
            return self._current

    @property
    def config(self) -> KioskConfig | None:
        """The last saved KioskConfig, or None."""
        stored = self.current()
        return None if stored is None else stored.config

    @property
    def etag(self) -> str | None:
        """The ETag to send as If-None-Match, or None."""
        stored = self.current()
        return None if stored is None else stored.etag

    def save(self, config: KioskConfig, etag: str | None) -> None:
        """Write `config` and `etag` atomically, then make them current."""
        document = {
            "version": FILE_VERSION,
            "etag": etag,
            "config": config.model_dump(mode="json"),
        }
        data = json.dumps(document, ensure_ascii=False, indent=2).encode()
        with self._lock:
            try:
                write_atomically(self.path, data)
            except OSError as error:
                raise ConfigStoreError(f"cannot write {self.path}: {error}") from error
            self._current = StoredConfig(config=config, etag=etag)
            self._loaded = True

    def _read(self) -> StoredConfig | None:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            # A kiosk with an unreadable file still starts; the next pull replaces it.
            logger.warning("ignoring unreadable kiosk configuration %s: %s", self.path, error)
            return None
        try:
            if not isinstance(document, dict) or document.get("version") != FILE_VERSION:
                raise ValueError("unknown file version")
            etag = document.get("etag")
            config = KioskConfig.model_validate(document["config"])
        except (KeyError, ValueError, ValidationError) as error:
            logger.warning("ignoring invalid kiosk configuration %s: %s", self.path, error)
            return None
        return StoredConfig(config=config, etag=etag if isinstance(etag, str) else None)

    def __repr__(self) -> str:
        return f"<ConfigStore {str(self.path)!r}>"
