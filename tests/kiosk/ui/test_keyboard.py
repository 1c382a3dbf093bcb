"""The on-screen keyboard on its own: layouts as data, shift and caps lock, pages."""

from __future__ import annotations

import pygame
import pytest

from kiosk.ui import keyboard_layouts
from kiosk.ui.keyboard import Keyboard


def placed(language: str) -> Keyboard:
    board = Keyboard(language)
    board.place(pygame.Rect(10, 200, 780, 270))
    return board


def press(board: Keyboard, label: str) -> str:
    index = board.index_of(label)
    assert index is not None, label
    result = board.press(index)
    return result.text if result.kind == "text" else result.kind


def test_shift_types_one_capital_and_twice_locks() -> None:
    board = placed("es")
    assert press(board, "\u21e7") == "none"
    assert press(board, "Ñ") == "Ñ"
    assert press(board, "ñ") == "ñ"
    press(board, "\u21e7")
    press(board, "\u21e7")
    assert board.shift == "lock"
    assert [press(board, "Á"), press(board, "Ü")] == ["Á", "Ü"]
    press(board, "\u21e7")
    assert press(board, "á") == "á"


def test_pages_switch_and_keys_stay_inside_the_keyboard() -> None:
    board = placed("en")
    area = pygame.Rect(10, 200, 780, 270)
    assert all(area.contains(rect) for _spec, rect in board.keys)
    assert board.index_of("7") is None
    press(board, "?123")
    assert press(board, "7") == "7" and press(board, "@") == "@"
    press(board, "ABC")
    assert board.index_of("q") is not None


def test_done_does_nothing_while_disabled() -> None:
    board = placed("en")
    board.done_enabled = False
    assert press(board, "Done") == "none"
    board.done_enabled = True
    assert press(board, "Done") == "done"


def test_an_unknown_language_gets_english_and_a_bad_row_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert placed("cy").index_of("q") is not None
    monkeypatch.setitem(keyboard_layouts.LAYOUTS, "xx", {"letters": ("a {tab}",), "symbols": ()})
    with pytest.raises(ValueError, match="unknown key '\\{tab\\}'"):
        keyboard_layouts.layout_for("xx")
