"""Optional sound never breaks a kiosk; the QR code is drawn module by module."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from kiosk.ui.qr import qr_matrix, qr_surface
from kiosk.ui.sound import Sounds
from tests.kiosk.ui.helpers import ASSETS
from tools.make_sounds import write_wav


def test_sound_off_plays_nothing() -> None:
    sounds = Sounds(False, ASSETS / "sounds")
    assert sounds.play("click") is False
    assert not sounds.available


def test_a_missing_sound_or_mixer_means_silence_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    sounds = Sounds(True, tmp_path)
    assert sounds.play("click") is False  # no such file
    assert not sounds.available  # and it does not try again every press
    assert sounds.play("click") is False


def test_the_shipped_sounds_are_short_mono_wavs() -> None:
    for name in ("click", "chime"):
        with wave.open(str(ASSETS / "sounds" / f"{name}.wav")) as wav:
            assert wav.getnchannels() == 1
            assert wav.getframerate() == 22050
            assert 0 < wav.getnframes() / wav.getframerate() <= 0.5


def test_make_sounds_writes_a_wav(tmp_path: Path) -> None:
    size = write_wav(tmp_path / "x.wav", b"\x00\x00" * 100)
    assert size > 200


def test_qr_code_has_whole_pixel_modules_and_its_colours() -> None:
    matrix = qr_matrix("https://storywall.example/w/elm")
    count = len(matrix)
    assert count >= 21 + 8 and all(len(row) == count for row in matrix)
    assert matrix[4][4] and matrix[4][4 + 6]  # the finder pattern's corner, inside the margin
    assert not matrix[0][0]  # the quiet zone
    surface = qr_surface(
        "https://storywall.example/w/elm", 200, dark=(0, 0, 0), light=(255, 255, 255)
    )
    module = surface.get_width() // count
    assert surface.get_width() == module * count <= 200
    assert tuple(surface.get_at((4 * module, 4 * module)))[:3] == (0, 0, 0)
    assert tuple(surface.get_at((0, 0)))[:3] == (255, 255, 255)
