"""Draw the kiosk's wiring diagram, docs/screens/wiring.png.

    .venv/bin/python -m tools.wiring [--out docs/screens/wiring.png]

Headless (Pillow only draws; pygame's surface is used just to reach the screenshot writer),
deterministic, and a small palette PNG like the kiosk screenshots. Every pin comes from
tools/wiring_pins.py, which tests/tools/test_wiring.py holds equal to the kiosk's own pins.
The colours are the Okabe-Ito set, which colour-blind readers can tell apart, and every wire
is also named in words, so nothing depends on colour alone.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tools.screen_png import save_png
from tools.wiring_pins import (
    BUTTON_BCM,
    DOOR_BCM,
    DROPOFF_BCM,
    HEADER,
    LED_BCM,
    ONE_WIRE_BCM,
    SHUTDOWN_BCM,
    WIRES,
    physical_pin,
)

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "screens" / "wiring.png"
FONTS = REPO_ROOT / "assets" / "fonts"

RGB = tuple[int, int, int]
Point = tuple[int, int]
WIDTH, HEIGHT = 1400, 1180
PITCH = 40  # between two rows of the header
TOP = 200  # y of row 1 (pins 1 and 2)
LEFT_PIN_X, RIGHT_PIN_X = 560, 840  # the odd and the even column of pins

WHITE: RGB = (255, 255, 255)
INK: RGB = (25, 25, 25)
MUTED: RGB = (95, 95, 95)
BOARD: RGB = (232, 232, 226)
# Okabe-Ito colours: one per kind of wire (legend at the bottom).
COLOURS: dict[str, RGB] = {
    "3v3": (213, 94, 0),  # vermillion
    "5v": (204, 121, 167),  # reddish purple
    "gnd": (0, 0, 0),
    "one_wire": (0, 114, 178),  # blue
    "button": (0, 158, 115),  # bluish green
    "led": (230, 159, 0),  # orange
    "door": (86, 180, 233),  # sky blue
    "shutdown": (240, 228, 66),  # yellow
}
LEGEND = {
    "3v3": "3.3 V",
    "5v": "5 V",
    "gnd": "ground (GND)",
    "one_wire": "thermometer data (1-wire)",
    "button": "button switch",
    "led": "button LED",
    "door": "door switch",
    "shutdown": "shutdown button",
}


def row_y(pin: int) -> int:
    """The y of a header pin's row: pins 1 and 2 share row 1, pins 39 and 40 row 20."""
    return TOP + (pin - 1) // 2 * PITCH


def pin_x(pin: int) -> int:
    return LEFT_PIN_X if pin % 2 else RIGHT_PIN_X


class Sheet:
    """The picture being drawn: Pillow's ImageDraw with the few strokes a wiring diagram needs."""

    def __init__(self) -> None:
        from PIL import Image, ImageDraw

        self.image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
        self.draw: ImageDraw.ImageDraw = ImageDraw.Draw(self.image)
        self._fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        from PIL import ImageFont

        key = (size, bold)
        if key not in self._fonts:
            name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
            self._fonts[key] = ImageFont.truetype(str(FONTS / name), size)
        return self._fonts[key]

    def text(
        self,
        xy: Point,
        words: str,
        size: int = 17,
        *,
        bold: bool = False,
        fill: RGB = INK,
        anchor: str = "ls",
    ) -> None:
        self.draw.text(xy, words, font=self.font(size, bold), fill=fill, anchor=anchor)

    def lines(self, xy: Point, rows: Sequence[str], size: int = 17, fill: RGB = INK) -> None:
        """Left-aligned lines, the first one's baseline at xy."""
        for index, words in enumerate(rows):
            self.text((xy[0], xy[1] + index * (size + 6)), words, size, fill=fill)

    def wire(self, points: Sequence[Point], kind: str) -> None:
        """A wire through `points`, in its kind's colour, outlined so light colours show."""
        colour = COLOURS[kind]
        for width, fill in ((9, INK), (5, colour)):
            self.draw.line(list(points), fill=fill, width=width)
            for x, y in points[1:-1]:  # round the corners
                r = width // 2
                self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def dot(self, xy: Point, fill: RGB = INK, r: int = 6) -> None:
        x, y = xy
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def box(self, box: tuple[int, int, int, int], outline: RGB = INK, fill: RGB = WHITE) -> None:
        self.draw.rounded_rectangle(box, radius=8, outline=outline, fill=fill, width=2)

    def switch(self, x: int, y: int, kind: str) -> None:
        """A push button across a horizontal wire at y, its contacts at x and x + 44."""
        self.draw.rectangle((x - 2, y - 14, x + 46, y + 14), fill=WHITE)
        for cx in (x, x + 44):
            self.draw.ellipse((cx - 5, y - 5, cx + 5, y + 5), outline=INK, width=3, fill=WHITE)
        self.draw.line((x - 2, y - 10, x + 46, y - 10), fill=COLOURS[kind], width=5)
        self.draw.line((x + 22, y - 10, x + 22, y - 18), fill=INK, width=3)
        self.draw.line((x + 12, y - 18, x + 32, y - 18), fill=INK, width=3)

    def resistor(self, x: int, y: int, vertical: bool = False, length: int = 40) -> None:
        """A resistor (IEC box) centred on (x, y)."""
        half, thick = length // 2, 8
        box = (x - thick, y - half, x + thick, y + half)
        if not vertical:
            box = (x - half, y - thick, x + half, y + thick)
        self.draw.rectangle(box, fill=WHITE, outline=INK, width=3)

    def led(self, x: int, y: int) -> None:
        """An LED pointing right along a wire at y, from x to x + 26."""
        self.draw.polygon([(x, y - 12), (x, y + 12), (x + 22, y)], fill=COLOURS["led"], outline=INK)
        self.draw.line((x + 22, y - 12, x + 22, y + 12), fill=INK, width=4)
        for dx in (6, 14):  # light leaving it
            self.draw.line((x + dx, y - 14, x + dx + 8, y - 22), fill=INK, width=2)

    def ground(self, x: int, y: int) -> None:
        """The ground symbol hanging below (x, y)."""
        self.draw.line((x, y, x + 0, y + 10), fill=INK, width=3)
        for index, half in enumerate((12, 8, 4)):
            yy = y + 10 + index * 5
            self.draw.line((x - half, yy, x + half, yy), fill=INK, width=3)


def draw_header(sheet: Sheet) -> None:
    """The 40-pin header: odd pins on the left, even on the right, names and numbers inside."""
    used = {wire.pin: wire.kind for wire in WIRES}
    sheet.box((LEFT_PIN_X - 22, TOP - 32, RIGHT_PIN_X + 22, row_y(40) + 32), fill=BOARD)
    sheet.text((700, TOP - 44), "Raspberry Pi 40-pin header", 19, bold=True, anchor="ms")
    for pin, name in HEADER.items():
        y, x, left = row_y(pin), pin_x(pin), pin % 2 == 1
        kind = used.get(pin)
        fill = COLOURS[kind] if kind else BOARD
        r = 9
        shape = (x - r, y - r, x + r, y + r)
        if pin == 1:  # the square pad marks pin 1 on the board
            sheet.draw.rectangle(shape, fill=fill, outline=INK, width=2)
        else:
            sheet.draw.ellipse(shape, fill=fill, outline=INK if kind else MUTED, width=2)
        colour, bold = (INK, True) if kind else (MUTED, False)
        number_x, name_x = (x + 18, x + 48) if left else (x - 18, x - 48)
        sheet.text(
            (number_x, y), str(pin), 16, bold=bold, fill=colour, anchor="lm" if left else "rm"
        )
        sheet.text((name_x, y), name, 16, bold=bold, fill=colour, anchor="lm" if left else "rm")


def label(sheet: Sheet, pin: int, words: str) -> None:
    """A wire's name just above it, ending a little short of its pin on the left side."""
    sheet.text((pin_x(pin) - 32, row_y(pin) - 10), words, 16, anchor="rs")


def draw_thermometer(sheet: Sheet) -> None:
    power, data, gnd = 1, physical_pin(ONE_WIRE_BCM), 9
    probe_x, pullup_x = 250, 372
    sheet.wire([(pin_x(power), row_y(power)), (probe_x, row_y(power))], "3v3")
    sheet.wire([(pin_x(data), row_y(data)), (probe_x, row_y(data))], "one_wire")
    sheet.wire([(pin_x(gnd), row_y(gnd)), (probe_x, row_y(gnd))], "gnd")
    sheet.resistor(pullup_x, (row_y(power) + row_y(data)) // 2, vertical=True, length=52)
    sheet.draw.line((pullup_x, row_y(power), pullup_x, row_y(data)), fill=INK, width=3)
    sheet.resistor(pullup_x, (row_y(power) + row_y(data)) // 2, vertical=True, length=52)
    for pin in (power, data):
        sheet.dot((pullup_x, row_y(pin)))
    sheet.lines((pullup_x + 16, row_y(power) + 38), ["4.7 kOhm", "pull-up"], 16)
    top, bottom = row_y(power) - 30, row_y(gnd) + 30
    sheet.box((24, top, probe_x, bottom))
    sheet.text((36, top + 52), "DS18B20", 18, bold=True)
    sheet.text((36, top + 76), "thermometer", 18, bold=True)
    sheet.lines((36, top + 104), ["waterproof probe,", "in the fridge"], 16, MUTED)
    for pin, words in ((power, "red: 3.3 V"), (data, "yellow: data"), (gnd, "black: GND")):
        sheet.text((probe_x + 12, row_y(pin) - 10), words, 16)
    label(sheet, data, f"GPIO{ONE_WIRE_BCM}, pin {data}")


def draw_door(sheet: Sheet) -> None:
    signal, gnd = physical_pin(DOOR_BCM), 25
    x, top, bottom = 260, row_y(signal) + 60, row_y(signal) + 150
    sheet.wire([(pin_x(signal), row_y(signal)), (x, row_y(signal)), (x, top)], "door")
    sheet.wire([(pin_x(gnd), row_y(gnd)), (x, row_y(gnd)), (x, bottom)], "gnd")
    # A reed switch: two contacts in a glass tube, closed by the magnet on the door.
    sheet.draw.rounded_rectangle(
        (x - 16, top - 4, x + 16, bottom + 4), 14, fill=WHITE, outline=INK, width=3
    )
    sheet.draw.line((x, top, x, top + 40), fill=INK, width=4)
    sheet.draw.line((x, bottom, x + 7, bottom - 44), fill=INK, width=4)
    sheet.draw.rectangle((x - 64, top + 20, x - 30, bottom - 20), fill=MUTED)
    sheet.text((x - 47, bottom + 24), "magnet", 15, fill=MUTED, anchor="ms")
    sheet.text((24, top - 28), "Door reed switch", 18, bold=True)
    sheet.lines(
        (24, top - 4),
        ["fridge kiosks only", f"GPIO{DOOR_BCM} (pin {signal})", f"to GND (pin {gnd})"],
        16,
    )
    label(sheet, signal, f"GPIO{DOOR_BCM}, pin {signal}")


def draw_dropoff(sheet: Sheet) -> None:
    """The optional drop-off button, its ground joined to the door switch's (pin 25)."""
    signal, gnd = physical_pin(DROPOFF_BCM), 25
    switch_x, join_x = 400, 340
    y = row_y(signal)
    sheet.wire([(pin_x(signal), y), (switch_x + 44, y)], "button")
    sheet.wire([(switch_x, y), (join_x, y), (join_x, row_y(gnd))], "gnd")
    sheet.switch(switch_x, y, "button")
    sheet.dot((join_x, row_y(gnd)))
    sheet.lines(
        (join_x + 14, y + 30),
        ["Drop-off button", f"GPIO{DROPOFF_BCM} (pin {signal}),", "optional"],
        16,
    )


def draw_switches(sheet: Sheet) -> None:
    """The arcade buttons' switches and the shutdown button, their grounds chained to pin 39."""
    chain_x, switch_x, gnd = 124, 200, 39
    rows = [
        (physical_pin(bcm), "button", f"Button {n} switch", bcm)
        for n, bcm in enumerate(BUTTON_BCM, 1)
    ]
    rows.append((physical_pin(SHUTDOWN_BCM), "shutdown", "Shutdown (hold 3 s)", SHUTDOWN_BCM))
    for pin, kind, name, bcm in rows:
        y = row_y(pin)
        sheet.wire([(pin_x(pin), y), (switch_x + 44, y)], kind)
        sheet.wire([(switch_x, y), (chain_x, y)], "gnd")
        sheet.switch(switch_x, y, kind)
        sheet.text((switch_x + 62, y - 9), f"{name}: GPIO{bcm}", 16, bold=True)
    first = row_y(rows[0][0])
    sheet.wire([(chain_x, first), (chain_x, row_y(gnd)), (pin_x(gnd), row_y(gnd))], "gnd")
    for pin, *_ in rows:
        sheet.dot((chain_x, row_y(pin)))
    sheet.text((switch_x + 62, row_y(gnd) - 9), "GND chain: every switch's other leg", 16)
    sheet.lines(
        (24, first + 6), ["one ground", "wire for all", "switches,", f"to pin {gnd}"], 16, MUTED
    )


def draw_leds(sheet: Sheet) -> None:
    """Each button's LED through its own resistor, their grounds chained to pin 30."""
    chain_x, resistor_x, led_x, gnd = 1300, 1120, 1180, 30
    for number, bcm in enumerate(LED_BCM, start=1):
        pin = physical_pin(bcm)
        y = row_y(pin)
        sheet.wire([(pin_x(pin), y), (resistor_x, y)], "led")
        sheet.wire([(resistor_x, y), (chain_x, y)], "gnd")
        sheet.resistor(resistor_x, y, length=36)
        sheet.led(led_x, y)
        sheet.text((RIGHT_PIN_X + 32, y - 9), f"Button {number} LED: GPIO{bcm}", 16, bold=True)
    first = row_y(physical_pin(LED_BCM[-1]))
    sheet.wire([(chain_x, first), (chain_x, row_y(gnd)), (pin_x(gnd), row_y(gnd))], "gnd")
    for bcm in LED_BCM:
        sheet.dot((chain_x, row_y(physical_pin(bcm))))
    sheet.text((RIGHT_PIN_X + 32, row_y(gnd) - 9), "GND chain: every LED's other leg", 16)
    sheet.lines(
        (1310, row_y(gnd) + 54),
        ["one", "ground", "wire for", "all LEDs,", f"to pin {gnd}"],
        16,
        MUTED,
    )
    sheet.text(
        (resistor_x, row_y(40) + 34), "resistor (in the button)", 15, fill=MUTED, anchor="ms"
    )


def draw_screen_and_camera(sheet: Sheet) -> None:
    power, gnd, left = 2, 6, 1040
    sheet.wire([(pin_x(power), row_y(power)), (left, row_y(power))], "5v")
    sheet.wire([(pin_x(gnd), row_y(gnd)), (left, row_y(gnd))], "gnd")
    sheet.text((RIGHT_PIN_X + 32, row_y(power) - 10), f"5 V, pin {power}", 16)
    sheet.text((RIGHT_PIN_X + 32, row_y(gnd) - 10), f"GND, pin {gnd}", 16)
    top = row_y(power) - 30
    sheet.box((left, top, 1376, top + 186))
    sheet.text((left + 14, top + 28), "Touchscreen", 18, bold=True)
    sheet.lines(
        (left + 14, top + 54),
        [
            "Official 7-inch display: power",
            "from pins 2 and 6, picture and",
            "touch on the DSI ribbon into",
            "the board's DISPLAY port.",
            "HDMI panel: HDMI + USB touch,",
            "no header wires.",
        ],
        16,
    )
    top = row_y(gnd) + 120
    sheet.box((left, top, 1376, top + 150))
    sheet.draw.rectangle((left - 140, top + 60, left, top + 88), fill=BOARD, outline=INK, width=2)
    for x in range(left - 134, left, 12):  # the ribbon's conductors
        sheet.draw.line((x, top + 64, x, top + 84), fill=MUTED, width=2)
    sheet.text((left - 70, top + 50), "ribbon", 15, fill=MUTED, anchor="ms")
    sheet.text((left + 14, top + 28), "Camera Module 3", 18, bold=True)
    sheet.lines(
        (left + 14, top + 54),
        [
            "ribbon into the CAMERA port,",
            "not the header. Points at the",
            "fridge shelves, never at people.",
        ],
        16,
    )


def draw_frame(sheet: Sheet) -> None:
    sheet.text((24, 44), "Storywall kiosk wiring", 30, bold=True)
    sheet.text(
        (24, 80),
        "The header seen from above, the same on Pi 4, Pi 5 and Zero 2 W: "
        "pin 1 (square pad) is the 3.3 V pin nearest the corner.",
        17,
    )
    sheet.text(
        (24, 106),
        "Numbers are physical pins; GPIOn names are the BCM numbers kiosk.toml uses. "
        "Each arcade button has a switch (left) and an LED (right).",
        17,
    )
    y = row_y(40) + 80
    sheet.text((24, y), "Wire colours", 17, bold=True)
    for index, (kind, words) in enumerate(LEGEND.items()):
        x, yy = 24 + (index % 4) * 330, y + 30 + (index // 4) * 32
        sheet.wire([(x, yy - 6), (x + 46, yy - 6)], kind)
        sheet.text((x + 58, yy), words, 17)
    sheet.text(
        (24, y + 112),
        "Buttons, door and shutdown switches use the Pi's internal pull-ups: no resistor. "
        "LEDs that need more than 3.3 V: see docs/deployment.md.",
        17,
    )


def render() -> object:
    """The wiring diagram as a Pillow image."""
    sheet = Sheet()
    draw_frame(sheet)
    draw_header(sheet)
    draw_thermometer(sheet)
    draw_door(sheet)
    draw_dropoff(sheet)
    draw_switches(sheet)
    draw_leds(sheet)
    draw_screen_and_camera(sheet)
    return sheet.image


def write(out: Path) -> int:
    """Draw the diagram to `out` as a palette PNG; returns its size in bytes."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame
    from PIL import Image

    image = render()
    assert isinstance(image, Image.Image)
    surface = pygame.image.frombytes(image.tobytes(), image.size, "RGB")
    exact = [WHITE, INK, MUTED, BOARD, *COLOURS.values()]
    out.parent.mkdir(parents=True, exist_ok=True)
    return save_png(surface, out, exact=exact)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the PNG")
    args = parser.parse_args(argv)
    size = write(args.out)
    print(f"wrote {args.out} ({size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
