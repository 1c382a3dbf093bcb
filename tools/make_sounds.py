"""Make assets/sounds/click.wav and chime.wav: short, soft feedback sounds (CC0, made here).

    .venv/bin/python -m tools.make_sounds

Pure standard library (math + wave): 16-bit mono at 22.05 kHz, a few kilobytes each.
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "assets" / "sounds"
RATE = 22050


def tone(notes: list[tuple[float, float]], *, volume: float = 0.35, decay: float = 18.0) -> bytes:
    """Each (frequency Hz, seconds) as a sine with a fast attack and exponential decay."""
    frames = bytearray()
    for frequency, seconds in notes:
        count = int(RATE * seconds)
        for i in range(count):
            t = i / RATE
            envelope = min(1.0, t * 400) * math.exp(-decay * t)
            sample = volume * envelope * math.sin(2 * math.pi * frequency * t)
            frames += struct.pack("<h", int(sample * 32767))
    return bytes(frames)


def write_wav(path: Path, samples: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples)
    return path.stat().st_size


def sounds() -> dict[str, bytes]:
    """A short click for a counted answer, a two-note chime for a finished note or doodle."""
    return {
        "click": tone([(1320.0, 0.06)], decay=60.0),
        "chime": tone([(784.0, 0.12), (1046.5, 0.22)], volume=0.3, decay=12.0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    for name, samples in sounds().items():
        size = write_wav(args.out / f"{name}.wav", samples)
        print(f"{args.out / name}.wav  {size} B")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
