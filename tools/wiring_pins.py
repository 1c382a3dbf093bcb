"""The kiosk's wiring as data: the Raspberry Pi 40-pin header and which pin goes where.

tools/wiring.py draws docs/screens/wiring.png from these tables only, and
tests/tools/test_wiring.py compares them with the pins the kiosk really uses
(kiosk/defaults.py, firmware_config/kiosk.example.toml, firmware_config/config.txt) and
with gpiozero's own map of the header, so the picture cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BUTTON_BCM",
    "DOOR_BCM",
    "DROPOFF_BCM",
    "HEADER",
    "LED_BCM",
    "ONE_WIRE_BCM",
    "SHUTDOWN_BCM",
    "WIRES",
    "Wire",
    "bcm_of",
    "physical_pin",
]

# The 40-pin header of every Raspberry Pi since the B+ (Pi 4, Pi 5, Zero 2 W alike), by
# physical pin number: odd pins in the row away from the board's edge, pin 1 is 3V3.
HEADER: dict[int, str] = {
    1: "3V3", 2: "5V", 3: "GPIO2", 4: "5V", 5: "GPIO3", 6: "GND",
    7: "GPIO4", 8: "GPIO14", 9: "GND", 10: "GPIO15", 11: "GPIO17", 12: "GPIO18",
    13: "GPIO27", 14: "GND", 15: "GPIO22", 16: "GPIO23", 17: "3V3", 18: "GPIO24",
    19: "GPIO10", 20: "GND", 21: "GPIO9", 22: "GPIO25", 23: "GPIO11", 24: "GPIO8",
    25: "GND", 26: "GPIO7", 27: "GPIO0", 28: "GPIO1", 29: "GPIO5", 30: "GND",
    31: "GPIO6", 32: "GPIO12", 33: "GPIO13", 34: "GND", 35: "GPIO19", 36: "GPIO16",
    37: "GPIO26", 38: "GPIO20", 39: "GND", 40: "GPIO21",
}  # fmt: skip

# BCM numbers, as kiosk.toml writes them. Buttons and LEDs left to right on the kiosk.
BUTTON_BCM: tuple[int, ...] = (5, 6, 13, 19)
LED_BCM: tuple[int, ...] = (12, 16, 20, 21)
ONE_WIRE_BCM = 4  # DS18B20 data: config.txt's dtoverlay=w1-gpio,gpiopin=4
DOOR_BCM = 17  # the fridge door's reed switch
DROPOFF_BCM = 22  # the fridge kiosk's optional drop-off button
SHUTDOWN_BCM = 26  # the safe-shutdown button (held 3 s)


def physical_pin(bcm: int) -> int:
    """The header pin (1-40) that carries GPIO `bcm`."""
    for pin, name in HEADER.items():
        if name == f"GPIO{bcm}":
            return pin
    raise ValueError(f"GPIO{bcm} is not on the 40-pin header")


def bcm_of(pin: int) -> int | None:
    """The BCM number of header pin `pin`, or None for a power or ground pin."""
    name = HEADER[pin]
    return int(name[4:]) if name.startswith("GPIO") else None


@dataclass(frozen=True)
class Wire:
    """One wire from the header: its pin, what it carries and the part at its other end."""

    pin: int
    kind: str  # a key of tools.wiring.COLOURS: what the wire carries
    part: str  # the part it goes to, as the picture names it


def _wires() -> tuple[Wire, ...]:
    wires = [
        Wire(1, "3v3", "DS18B20 thermometer: power (and the 4.7 kOhm pull-up)"),
        Wire(physical_pin(ONE_WIRE_BCM), "one_wire", "DS18B20 thermometer: data"),
        Wire(9, "gnd", "DS18B20 thermometer: ground"),
        Wire(physical_pin(DOOR_BCM), "door", "door reed switch (fridge kiosks)"),
        Wire(25, "gnd", "door reed switch and drop-off button: ground"),
        Wire(physical_pin(DROPOFF_BCM), "button", "drop-off button (fridge kiosks, optional)"),
        Wire(physical_pin(SHUTDOWN_BCM), "shutdown", "shutdown button"),
        Wire(39, "gnd", "ground chain of the button switches and the shutdown button"),
        Wire(2, "5v", "touchscreen power (official display)"),
        Wire(6, "gnd", "touchscreen ground (official display)"),
        Wire(30, "gnd", "ground chain of the button LEDs"),
    ]
    for number, bcm in enumerate(BUTTON_BCM, start=1):
        wires.append(Wire(physical_pin(bcm), "button", f"button {number}: switch"))
    for number, bcm in enumerate(LED_BCM, start=1):
        wires.append(Wire(physical_pin(bcm), "led", f"button {number}: LED"))
    return tuple(sorted(wires, key=lambda wire: wire.pin))


WIRES: tuple[Wire, ...] = _wires()
