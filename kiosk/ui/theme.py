"""The kiosk's look as data: colours, proportions and timings, read from assets/theme.json.

Sizes are fractions of the screen's short side (its height when landscape), so one theme serves
an 800x480 landscape panel and a 720x1280 portrait one alike: a portrait panel is the same glass
turned, and its text should not grow because the long side did. The default colours are dark on
light: in sunlight a light screen shows fewer reflections and dark text keeps its contrast (the
prompt, button and thanks colours are all above 7:1; the caretaker's status line is quieter).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RGB = tuple[int, int, int]

ASSETS_ENV = "STORYWALL_ASSETS_DIR"
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


class ThemeError(ValueError):
    """A theme file that cannot be read or holds an unknown key or a bad value."""


def default_assets_dir() -> Path:
    """assets/ at the project root, or $STORYWALL_ASSETS_DIR when set.

    The kiosk runs from a checkout (editable install) on the Pi, so the repository's assets/
    folder is found next to the kiosk package; an installed wheel points the variable at a copy.
    """
    override = os.environ.get(ASSETS_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "assets"


@dataclass(frozen=True)
class Theme:
    """Everything the screens need to know about how to look. Build with load_theme()."""

    # Colours (RGB). Strong contrast for sunlight; nothing alarming (no red) anywhere.
    background: RGB = (255, 251, 240)
    text: RGB = (17, 24, 39)
    button_face: RGB = (255, 255, 255)
    button_border: RGB = (30, 58, 95)
    button_shadow: RGB = (196, 188, 168)
    button_pressed: RGB = (255, 210, 63)
    thanks_background: RGB = (10, 94, 66)
    thanks_text: RGB = (255, 255, 255)
    status_text: RGB = (92, 92, 92)
    status_online: RGB = (46, 125, 50)
    status_offline: RGB = (150, 150, 150)

    # Font sizes as fractions of the screen's short side (the height of a landscape screen).
    prompt_font: float = 0.13
    prompt_font_min: float = 0.06  # 28.8 px at 480: readable from a metre
    thanks_font: float = 0.13
    waiting_font: float = 0.085
    status_font: float = 0.04

    # Proportions of the layout.
    margin: float = 0.04  # of the screen's short side
    button_gap: float = 0.035  # of the screen's short side
    prompt_share_landscape: float = 0.34  # of the content height given to the prompt
    prompt_share_portrait: float = 0.30
    button_radius: float = 0.16  # corner radius as a fraction of the button's short side
    button_border_width: float = 0.025  # of the button's short side
    button_max_aspect: float = 1.6  # long side / short side, so buttons stay button-shaped
    emoji_scale: float = 0.70  # emoji size as a fraction of the button's short side

    # Timings, in seconds.
    thanks_seconds: float = 1.5
    pressed_seconds: float = 0.35

    # Words the passer-by reads.
    waiting_text: str = "Today's question is on its way"
    waiting_emoji: str = "\N{BLACK SUN WITH RAYS}\N{VARIATION SELECTOR-16}"
    thanks_word: str = "Thanks!"
    counted_word: str = "counted"
    offline_word: str = "offline"
    pending_word: str = "to send"

    # -- The screen flow (attract, results, follow-up, house rules, language, play) --------
    # Every foreground/background pair the screens draw is checked for WCAG AA contrast
    # (tests/kiosk/ui/test_contrast.py).
    muted_text: RGB = (55, 65, 81)  # secondary words on the background
    focus_ring: RGB = (29, 78, 216)  # the buttons-only focus, on the background and buttons
    card_background: RGB = (241, 234, 214)  # the rotating note, the wall placeholder
    reply_text: RGB = (10, 94, 66)  # "you said, we did": the organiser's reply, on the card
    bar_fill: RGB = (30, 58, 95)  # tally bars
    bar_chosen: RGB = (10, 94, 66)  # the bar of the answer just given
    bar_track: RGB = (224, 216, 196)
    play_background: RGB = (255, 236, 170)
    qr_dark: RGB = (0, 0, 0)
    qr_light: RGB = (255, 255, 255)
    title_font: float = 0.085
    body_font: float = 0.062  # 30 px at 480: nothing a passer-by reads is under 28 px
    body_font_min: float = 0.059
    touch_target: float = 0.13  # smallest button side: 62 px at 480, 10 mm on a 7" panel
    side_share_landscape: float = 0.45  # the wall picture and notes column
    quiet_dim: float = 0.55  # how dark quiet hours make the screen (0 none, 1 black)
    note_seconds: float = 8.0  # each approved note shows this long
    results_seconds: float = 15.0  # the results and follow-up offer, then back to idle
    play_seconds: float = 3.0
    thanks_title: str = "Thanks! Your answer counts."

    # Note composer and doodle canvas (kiosk/ui/keyboard.py, screens/note.py, screens/doodle.py).
    compose_focus: RGB = (11, 87, 208)  # the focus ring for button-only use
    compose_warning: RGB = (154, 77, 0)  # the length counter near the limit (amber, not red)
    compose_disabled: RGB = (118, 118, 118)  # labels of buttons that cannot be used yet
    compose_selected: RGB = (219, 234, 254)  # a chosen template, colour or width
    doodle_paper: RGB = (255, 255, 255)
    doodle_ink_1: RGB = (17, 24, 39)
    doodle_ink_2: RGB = (29, 78, 216)
    doodle_ink_3: RGB = (21, 128, 61)
    doodle_ink_4: RGB = (234, 88, 12)
    doodle_ink_5: RGB = (190, 24, 93)
    doodle_widths: str = "0.012 0.03 0.07"  # pen widths, fractions of the canvas's short side

    # A fridge kiosk (attract's drop-off button, screens/dropoff*.py): a food-safety warning
    # from the hub ("too warm: ...") in a banner that stands out without alarming.
    warning_background: RGB = (253, 230, 138)
    warning_text: RGB = (66, 32, 6)

    # Where the emoji pictures are; None means draw from fonts or fallback tiles only.
    emoji_dir: Path | None = field(default_factory=lambda: default_assets_dir() / "emoji")

    def replace(self, **changes: Any) -> Theme:
        """A copy with some fields changed (validated like a theme file)."""
        return _from_mapping(self, changes, base_dir=None)


def load_theme(path: Path | None = None, *, assets_dir: Path | None = None) -> Theme:
    """The default theme overlaid with a JSON file (default: <assets>/theme.json).

    A missing file gives the defaults. Colours are "#rrggbb" strings or [r, g, b] lists; a
    relative emoji_dir is taken from the file's folder. Unknown keys and bad values raise
    ThemeError, so a typo is noticed rather than silently ignored.
    """
    assets = assets_dir if assets_dir is not None else default_assets_dir()
    base = Theme(emoji_dir=assets / "emoji")
    path = path if path is not None else assets / "theme.json"
    if not path.is_file():
        return base
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ThemeError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ThemeError(f"{path}: expected a JSON object")
    data = {k: v for k, v in data.items() if not k.startswith("_")}  # "_comment" keys
    try:
        return _from_mapping(base, data, base_dir=path.parent)
    except ThemeError as exc:
        raise ThemeError(f"{path}: {exc}") from None


def _from_mapping(base: Theme, data: dict[str, Any], *, base_dir: Path | None) -> Theme:
    fields = {f.name: f for f in dataclasses.fields(Theme)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            raise ThemeError(f"unknown theme key {key!r}")
        current = getattr(base, key)
        if key == "emoji_dir":
            changes[key] = _path(value, base_dir)
        elif isinstance(current, tuple):
            changes[key] = _colour(key, value)
        elif isinstance(current, float):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ThemeError(f"{key} must be a non-negative number, not {value!r}")
            changes[key] = float(value)
        elif isinstance(current, str):
            if not isinstance(value, str):
                raise ThemeError(f"{key} must be a string, not {value!r}")
            changes[key] = value
    return dataclasses.replace(base, **changes)


def _colour(key: str, value: Any) -> RGB:
    if isinstance(value, str):
        match = _HEX.match(value)
        if match:
            digits = match.group(1)
            return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    elif (
        isinstance(value, list | tuple)
        and len(value) == 3
        and all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 255 for c in value)
    ):
        return (int(value[0]), int(value[1]), int(value[2]))
    raise ThemeError(f"{key} must be '#rrggbb' or [r, g, b], not {value!r}")


def _path(value: Any, base_dir: Path | None) -> Path | None:
    if value is None:
        return None
    if isinstance(value, Path):
        return value
    if not isinstance(value, str):
        raise ThemeError(f"emoji_dir must be a path string or null, not {value!r}")
    path = Path(value).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path
