"""The wiring diagram: the pins the kiosk really uses, on the real header, drawn headless."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from gpiozero.pins.mock import MockFactory
from PIL import Image

from kiosk.defaults import DEFAULTS
from tools.wiring import BOARD, COLOURS, LEFT_PIN_X, RIGHT_PIN_X, pin_x, row_y, write
from tools.wiring_pins import (
    BUTTON_BCM,
    DOOR_BCM,
    DROPOFF_BCM,
    HEADER,
    LED_BCM,
    ONE_WIRE_BCM,
    SHUTDOWN_BCM,
    WIRES,
    bcm_of,
    physical_pin,
)

ROOT = Path(__file__).resolve().parents[2]
CONFIG_TXT = ROOT / "firmware_config" / "config.txt"
EXAMPLE = ROOT / "firmware_config" / "kiosk.example.toml"
# Board revisions as the firmware reports them: Pi 4 B, Pi 5 B, Zero 2 W.
BOARDS = {"Pi 4": "d03114", "Pi 5": "d04170", "Zero 2 W": "902120"}


def _hardware_keys_of_the_example(wanted: str = "hardware") -> dict[str, object]:
    """A section of kiosk.example.toml ([hardware] unless named), commented-out examples
    included (`# shutdown_pin = 26`)."""
    keys: dict[str, object] = {}
    section = None
    for raw in EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if header := re.fullmatch(r"\[(\w+)\]", line):
            section = header.group(1)
            continue
        if section != wanted:
            continue
        match = re.fullmatch(r"#?\s*([a-z_]+)\s*=\s*(.+)", line)
        if match is None:
            continue
        try:
            keys.update(tomllib.loads(f"{match.group(1)} = {match.group(2)}"))
        except tomllib.TOMLDecodeError:
            continue  # prose in a comment that happens to contain "="
    return keys


def _w1_gpio_pin() -> int:
    """The data pin of config.txt's 1-wire overlay (the overlay's own default is GPIO 4)."""
    overlays = re.findall(r"^dtoverlay=w1-gpio(.*)$", CONFIG_TXT.read_text(), flags=re.MULTILINE)
    assert len(overlays) == 1, f"config.txt should load w1-gpio once, found {overlays}"
    named = re.search(r"gpiopin=(\d+)", overlays[0])
    return int(named.group(1)) if named else 4


@pytest.mark.parametrize("board", sorted(BOARDS))
def test_the_header_drawn_is_the_boards_header(board: str) -> None:
    pins = MockFactory(revision=BOARDS[board]).board_info.headers["J8"].pins
    assert {number: info.name for number, info in pins.items()} == HEADER


def test_buttons_and_leds_are_the_kiosks_default_pins() -> None:
    assert tuple(DEFAULTS.hardware.buttons) == BUTTON_BCM
    assert tuple(DEFAULTS.hardware.leds) == LED_BCM
    example = _hardware_keys_of_the_example()
    assert list(BUTTON_BCM) == example["buttons"]
    assert list(LED_BCM) == example["leds"]


def test_the_thermometer_is_on_config_txts_one_wire_pin() -> None:
    assert _w1_gpio_pin() == ONE_WIRE_BCM
    assert physical_pin(ONE_WIRE_BCM) == 7


def test_the_shutdown_button_is_the_pin_the_kiosk_settings_name() -> None:
    configured = DEFAULTS.hardware.shutdown_pin
    if configured is None:  # no button by default: the example suggests the pin
        configured = _hardware_keys_of_the_example().get("shutdown_pin")
    assert configured == SHUTDOWN_BCM


def test_the_door_switch_is_the_kiosks_door_pin_or_free() -> None:
    named = {
        item.name: getattr(section, item.name)
        for section in (DEFAULTS.hardware, DEFAULTS.fridge)
        for item in dataclasses.fields(section)
        if item.name.endswith("_pin") and "door" in item.name
    }
    for wanted in ("hardware", "fridge"):
        example = _hardware_keys_of_the_example(wanted)
        named.update({k: v for k, v in example.items() if "door_pin" in k})
    assert named, "neither the defaults nor the example name the door pin"
    for key, value in named.items():
        if value is not None:
            assert value == DOOR_BCM, f"{key} = {value}, the picture shows GPIO{DOOR_BCM}"
    others = {*BUTTON_BCM, *LED_BCM, ONE_WIRE_BCM, SHUTDOWN_BCM, DROPOFF_BCM}
    assert DOOR_BCM not in others


def test_the_dropoff_button_is_the_pin_the_example_suggests() -> None:
    assert DEFAULTS.fridge.dropoff_button_pin is None  # optional: no button by default
    assert _hardware_keys_of_the_example("fridge")["dropoff_button_pin"] == DROPOFF_BCM
    assert DROPOFF_BCM not in {*BUTTON_BCM, *LED_BCM, ONE_WIRE_BCM, SHUTDOWN_BCM, DOOR_BCM}


def test_every_wire_goes_to_a_pin_that_carries_what_it_needs() -> None:
    pins = [wire.pin for wire in WIRES]
    assert len(pins) == len(set(pins)), "two wires on one pin"
    for wire in WIRES:
        name = HEADER[wire.pin]
        wanted = {"gnd": "GND", "3v3": "3V3", "5v": "5V"}.get(wire.kind)
        if wanted:
            assert name == wanted, wire
        else:
            assert bcm_of(wire.pin) is not None, wire
    gpio = {bcm_of(wire.pin) for wire in WIRES} - {None}
    assert gpio == {*BUTTON_BCM, *LED_BCM, ONE_WIRE_BCM, DOOR_BCM, SHUTDOWN_BCM, DROPOFF_BCM}


def test_the_png_is_drawn_headless_and_marks_exactly_the_used_pins(tmp_path: Path) -> None:
    out = tmp_path / "wiring.png"
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("SDL_VIDEODRIVER", None)
    done = subprocess.run(
        [sys.executable, "-m", "tools.wiring", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    with Image.open(out) as png:
        assert png.size[0] == 1400
        assert png.mode == "P"  # a small palette PNG, like the screenshots
        rgb = png.convert("RGB")
    assert out.stat().st_size < 150_000
    used = {wire.pin: COLOURS[wire.kind] for wire in WIRES}
    for pin in HEADER:
        centre = (pin_x(pin), row_y(pin))
        assert rgb.getpixel(centre) == used.get(pin, BOARD), f"pin {pin}"
    assert (pin_x(1), pin_x(2)) == (LEFT_PIN_X, RIGHT_PIN_X)  # odd pins on the left

    again = tmp_path / "again.png"
    write(again)
    assert again.read_bytes() == out.read_bytes()  # deterministic: no date, no randomness
