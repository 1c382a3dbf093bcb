"""Reading a systemd unit file the way the deploy tests check it: key -> every value it has."""

from __future__ import annotations

from pathlib import Path


def unit_settings(path: Path) -> dict[str, list[str]]:
    """Each `Key=value` of the unit (comments and section headers skipped), values in order:
    a key may appear more than once (Environment=, ReadWritePaths=)."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings
