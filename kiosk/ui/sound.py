"""Optional sound feedback: a short click when an answer is counted.

Off unless the settings ask for it (`sound = true`), and never a reason to fail: a Pi with no
audio device, a missing file or a mixer that will not start all mean silence, logged once.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pygame

from kiosk.ui.theme import default_assets_dir

logger = logging.getLogger(__name__)


class Sounds:
    """Plays assets/sounds/*.wav through pygame.mixer when enabled and possible."""

    def __init__(self, enabled: bool, sound_dir: Path | None = None) -> None:
        self.enabled = enabled
        self._dir = sound_dir if sound_dir is not None else default_assets_dir() / "sounds"
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._broken = False

    @property
    def available(self) -> bool:
        return self.enabled and not self._broken

    def play(self, name: str) -> bool:
        """Play `name`.wav; False (and quiet) when sound is off or cannot work here."""
        if not self.available:
            return False
        try:
            sound: pygame.mixer.Sound | None = self._sounds.get(name)
            if sound is None:
                pygame.mixer.init()  # a no-op when it is already running
                sound = pygame.mixer.Sound(str(self._dir / f"{name}.wav"))
                self._sounds[name] = sound
            sound.play()
            return True
        except (pygame.error, FileNotFoundError, OSError) as exc:
            self._broken = True
            logger.info("no sound feedback: %s", exc)
            return False
