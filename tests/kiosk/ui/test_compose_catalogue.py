"""The Spanish catalogue covers every string the note and doodle screens show."""

from __future__ import annotations

import pygame

from kiosk.ui.screens.doodle import DoodleScreen
from kiosk.ui.screens.note import NoteScreen
from kiosk.ui.theme import Theme
from tests.kiosk.ui.compose_helpers import read_po, source_msgids
from tests.kiosk.ui.helpers import SIZES


def test_every_marked_string_has_a_spanish_translation() -> None:
    catalogue = read_po()
    used = source_msgids()
    assert "A volunteer reads every note before it appears on the wall." in used
    missing = sorted(m for m in used if not catalogue.get(m))
    assert missing == []


def test_every_string_asked_for_at_run_time_is_in_the_catalogue(theme: Theme) -> None:
    asked: list[str] = []

    def translate(msgid: str) -> str:
        asked.append(msgid)
        return msgid

    for size in SIZES:
        note = NoteScreen(
            theme,
            language="es",
            translate=translate,
            on_done=lambda _t, _k: None,
            on_cancel=lambda: None,
            prompt_text="¿Qué te gusta del parque?",
            size=size,
        )
        for template in ("gratitude", "haiku", "reply"):
            note.choose_template(template)  # type: ignore[arg-type]
        note.draw(pygame.Surface(size))
        doodle = DoodleScreen(
            theme, translate=translate, on_done=lambda *_a: None, on_cancel=lambda: None, size=size
        )
        doodle.draw(pygame.Surface(size))
        doodle.nav("select")
        doodle.draw(pygame.Surface(size))
    catalogue = read_po()
    assert set(asked) - set(catalogue) == set()
    assert {"Cancel", "Done", "Undo", "space", "My answer: "} <= set(asked)


def test_the_catalogue_is_spanish_not_a_copy() -> None:
    catalogue = read_po()
    assert catalogue["Cancel"] == "Cancelar"
    same = [m for m, s in catalogue.items() if m == s]
    assert same == ["Haiku"]  # the one word Spanish borrows unchanged
