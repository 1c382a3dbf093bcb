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


def _crc8_maxim(data: bytes) -> int:
    """The DS18B20's CRC (Dallas/Maxim, x^8 + x^5 + x^4 + 1, reflected)."""
    crc = 0
    for byte in data:
        for _ in range(8):
            mix = (crc ^ byte) & 1
            crc >>= 1
            if mix:
                crc ^= 0x8C
            byte >>= 1
    return crc


def w1_slave_text(millidegrees: int, *, crc_ok: bool = True) -> str:
    """A DS18B20's w1_slave as the kernel prints it: the 12-bit scratchpad for `millidegrees`
    (TH, TL, configuration 0x7f, reserved bytes, CRC) with its verdict, then `t=`."""
    raw = int(millidegrees * 16 / 1000) & 0xFFFF
    scratchpad = bytes([raw & 0xFF, raw >> 8, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10])
    crc = _crc8_maxim(scratchpad)
    if not crc_ok:
        scratchpad = bytes([scratchpad[0] ^ 0x01, *scratchpad[1:]])  # a bit flipped on the wire
    hexed = " ".join(f"{byte:02x}" for byte in [*scratchpad, crc])
    verdict = "YES" if crc_ok else "NO"
    return f"{hexed} : crc={crc:02x} {verdict}\n{hexed} t={millidegrees}\n"


class FakeW1Bus:
    """/sys/bus/w1/devices in tmp_path: DS18B20 folders whose w1_slave plays a script.

    The kernel runs a fresh conversion on every read of w1_slave; here each call of
    `tick` (given to the thermometer as its `sleep`, the pause between attempts) moves
    every sensor on to its next text, the last one staying. `sleeps` records the pauses.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        # What the real folder holds besides the slaves.
        (root / "w1_bus_master1").mkdir(exist_ok=True)
        self.sleeps: list[float] = []
        self._scripts: dict[str, list[str]] = {}

    def add(self, sensor_id: str, *texts: str) -> Path:
        """A sensor whose w1_slave reads `texts` in turn, one per tick."""
        device = self.root / sensor_id
        device.mkdir()
        (device / "name").write_text(f"{sensor_id}\n")
        self._scripts[sensor_id] = list(texts)
        (device / "w1_slave").write_text(texts[0])
        return device

    def _write(self, sensor_id: str) -> None:
        script = self._scripts[sensor_id]
        if len(script) > 1:  # else the last text stays
            script.pop(0)
            (self.root / sensor_id / "w1_slave").write_text(script[0])

    def remove(self, sensor_id: str) -> None:
        """The kernel dropping a slave it no longer finds on the bus."""
        device = self.root / sensor_id
        for child in device.iterdir():
            child.unlink()
        device.rmdir()
        del self._scripts[sensor_id]

    def tick(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        for sensor_id in self._scripts:
            self._write(sensor_id)
