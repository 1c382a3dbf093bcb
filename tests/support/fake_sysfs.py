"""Fake /sys trees in tmp_path, shaped like the kernel's, for hardware readers and writers."""

from __future__ import annotations

from pathlib import Path


def fake_backlight(root: Path, name: str = "10-0045", *, max_brightness: int = 255) -> Path:
    """What the official 7" display's driver makes: brightness and max_brightness."""
    device = root / name
    device.mkdir(parents=True)
    (device / "max_brightness").write_text(f"{max_brightness}\n")
    (device / "brightness").write_text(f"{max_brightness}\n")
    (device / "bl_power").write_text("0\n")
    return device
