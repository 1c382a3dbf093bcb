"""WCAG AA contrast of every foreground/background pair the screens draw, for the shipped
theme: 4.5:1 for text, 3:1 for large text and for graphics a passer-by must see (focus ring,
bars, button edges, the status dot)."""

from __future__ import annotations

import pytest

from kiosk.ui.theme import RGB, Theme, load_theme
from tests.kiosk.ui.helpers import ASSETS
from tests.kiosk.ui.test_theme import contrast

TEXT = 4.5
GRAPHIC = 3.0
# (foreground field, background field, minimum, where it is drawn)
PAIRS = [
    ("text", "background", TEXT, "prompt, house rules, neighbours line"),
    ("text", "button_face", TEXT, "button labels"),
    ("text", "button_pressed", TEXT, "a pressed poll label; the cue's bright phase"),
    ("text", "card_background", TEXT, "a note; the cue's quiet phase"),
    ("text", "play_background", TEXT, "the play screen's words"),
    ("muted_text", "background", TEXT, "the QR caption"),
    ("muted_text", "card_background", TEXT, "the wall placeholder, the empty note card"),
    ("reply_text", "card_background", TEXT, "an organiser's reply"),
    ("bar_chosen", "background", TEXT, "the thanks title"),
    ("status_text", "background", TEXT, "the caretaker's status line"),
    ("thanks_text", "thanks_background", TEXT, "kept for themes that use the banner"),
    ("focus_ring", "background", GRAPHIC, "the buttons-only focus"),
    ("focus_ring", "button_face", GRAPHIC, "the focus next to a button"),
    ("button_border", "background", GRAPHIC, "button edges"),
    ("button_border", "button_face", GRAPHIC, "button edges"),
    ("bar_fill", "bar_track", GRAPHIC, "a tally bar"),
    ("bar_chosen", "bar_track", GRAPHIC, "your answer's bar"),
    ("bar_chosen", "background", GRAPHIC, "house-rules bullets, the countdown"),
    ("status_online", "background", GRAPHIC, "the status dot"),
    ("qr_dark", "qr_light", GRAPHIC, "the QR code (scanners want strong contrast)"),
    ("compose_focus", "background", GRAPHIC, "the composer's and canvas's focus ring"),
    ("compose_focus", "button_face", GRAPHIC, "the focus ring around a key"),
    ("compose_warning", "background", TEXT, "the length counter near the limit"),
    ("compose_disabled", "button_face", TEXT, "a key or tool that cannot be used yet"),
    ("text", "compose_selected", TEXT, "a chosen template, colour or width"),
    ("warning_text", "warning_background", TEXT, "a fridge's food-safety warning banner"),
    ("warning_text", "background", GRAPHIC, "the warning banner's edge"),
    ("doodle_ink_1", "doodle_paper", GRAPHIC, "ink on the canvas"),
    ("doodle_ink_2", "doodle_paper", GRAPHIC, "ink on the canvas"),
    ("doodle_ink_3", "doodle_paper", GRAPHIC, "ink on the canvas"),
    ("doodle_ink_4", "doodle_paper", GRAPHIC, "ink on the canvas"),
    ("doodle_ink_5", "doodle_paper", GRAPHIC, "ink on the canvas"),
]


@pytest.fixture(scope="module")
def shipped() -> Theme:
    return load_theme(assets_dir=ASSETS)


@pytest.mark.parametrize(("fg", "bg", "minimum", "where"), PAIRS, ids=lambda v: str(v))
def test_shipped_theme_pairs_meet_wcag_aa(
    shipped: Theme, fg: str, bg: str, minimum: float, where: str
) -> None:
    ratio = contrast(getattr(shipped, fg), getattr(shipped, bg))
    assert ratio >= minimum, f"{fg} on {bg} ({where}): {ratio:.2f}:1 < {minimum}:1"


def test_every_colour_of_the_theme_is_checked_somewhere(shipped: Theme) -> None:
    checked = {name for fg, bg, _m, _w in PAIRS for name in (fg, bg)}
    colours = {
        name
        for name, value in vars(shipped).items()
        if isinstance(value, tuple) and len(value) == 3
    }
    # Decoration only: a shadow under a button and the hollow offline dot carry no meaning.
    assert colours - checked <= {"button_shadow", "status_offline"}


def test_the_check_fails_for_a_pale_theme() -> None:
    pale: RGB = (200, 200, 200)
    theme = Theme(text=pale)
    assert contrast(theme.text, theme.background) < TEXT
