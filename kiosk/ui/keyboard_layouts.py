"""On-screen keyboard layouts as data: one letters page per language, one symbols page.

A row is a string of tokens separated by spaces: a single character types itself, and
`{name}` or `{name:width}` is a special key (width in key units, default 1). Adding a
language is one entry in LAYOUTS; a language without one gets the English layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

KeyKind = Literal["char", "shift", "page", "space", "backspace", "enter", "done"]
Page = Literal["letters", "symbols"]


@dataclass(frozen=True)
class KeySpec:
    """One key: what it does, the character it types (for "char") and its width in units."""

    kind: KeyKind
    char: str = ""
    width: float = 1.0


_SYMBOLS = (
    "1 2 3 4 5 6 7 8 9 0",
    "- / : ; ( ) & @ \" '",
    "{page:1.5} . , ? ! # % + {backspace:1.5}",
    "{enter:1.5} € * {space:3.5} _ {done:2}",
)

LAYOUTS: dict[str, dict[Page, tuple[str, ...]]] = {
    "en": {
        "letters": (
            "q w e r t y u i o p",
            "a s d f g h j k l '",
            "{shift:1.5} z x c v b n m {backspace:1.5}",
            "{page:1.5} {enter:1.5} , {space:2} . ? {done:2}",
        ),
        "symbols": _SYMBOLS,
    },
    # Spanish: ñ beside l as on a Spanish keyboard; the accented vowels, ü and the opening
    # ¿ ¡ have keys of their own, so no long-press is needed to find them.
    "es": {
        "letters": (
            "q w e r t y u i o p á é",
            "a s d f g h j k l ñ í ó",
            "{shift:1.5} z x c v b n m ú ü {backspace:1.5}",
            "{page:1.5} {enter:1.5} ¿ ¡ , {space:2} . ? {done:2}",
        ),
        "symbols": _SYMBOLS,
    },
}


_SPECIAL: dict[str, KeyKind] = {
    "shift": "shift",
    "page": "page",
    "space": "space",
    "backspace": "backspace",
    "enter": "enter",
    "done": "done",
}


def layout_for(language: str) -> dict[Page, tuple[tuple[KeySpec, ...], ...]]:
    """The parsed pages for `language` (English when the language has no layout)."""
    pages = LAYOUTS.get(language, LAYOUTS["en"])
    return {page: tuple(_parse_row(row) for row in rows) for page, rows in pages.items()}


def _parse_row(row: str) -> tuple[KeySpec, ...]:
    keys: list[KeySpec] = []
    for token in row.split(" "):
        if len(token) > 1 and token.startswith("{") and token.endswith("}"):
            name, _, width = token[1:-1].partition(":")
            if name not in _SPECIAL:
                raise ValueError(f"unknown key {token!r} in keyboard row {row!r}")
            keys.append(KeySpec(_SPECIAL[name], "", float(width) if width else 1.0))
        else:
            keys.append(KeySpec("char", token))
    return tuple(keys)
