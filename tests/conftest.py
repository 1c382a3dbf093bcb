"""Suite-wide set-up. Headless pygame is set here, not only in CI, so every run is alike."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# gpiozero falls back to MockFactory only when told; tests never touch real pins.
os.environ.setdefault("GPIOZERO_PIN_FACTORY", "mock")
