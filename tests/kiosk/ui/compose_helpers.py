"""Builders for the note and doodle tests: a tiny .po reader and real pygame events."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pygame

from tests.kiosk.ui.helpers import REPO_ROOT

COMPOSE_PO = REPO_ROOT / "kiosk" / "locale" / "es" / "LC_MESSAGES" / "compose.po"
COMPOSE_SOURCES = [
    REPO_ROOT / "kiosk" / "ui" / name
    for name in ("controls.py", "keyboard.py", "screens/note.py", "screens/doodle.py")
]
_STRING = re.compile(r'^(msgid|msgstr) "(.*)"$|^"(.*)"$')


def read_po(path: Path = COMPOSE_PO) -> dict[str, str]:
    """msgid -> msgstr of a .po file (enough of the format for our own catalogues)."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    field = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        match = _STRING.match(line.strip())
        if match and match.group(1):
            field = match.group(1)
            current[field] = _unescape(match.group(2))
        elif match and field:
            current[field] += _unescape(match.group(3))
        elif not line.strip() and current:
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", "")
            current, field = {}, ""
    return entries


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def source_msgids() -> set[str]:
    """Every literal given to N_(...), self._t(...) or a translate(...) call in our modules."""
    found: set[str] = set()
    for path in COMPOSE_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0]
            if name in ("N_", "_t", "translate") and isinstance(arg, ast.Constant):
                found.add(str(arg.value))
    return found


def tap(surface_size: tuple[int, int], pos: tuple[int, int], finger: int = 1) -> pygame.event.Event:
    return pygame.event.Event(
        pygame.FINGERDOWN,
        x=pos[0] / surface_size[0],
        y=pos[1] / surface_size[1],
        finger_id=finger,
        touch_id=1,
        dx=0.0,
        dy=0.0,
        pressure=1.0,
    )


def finger(
    kind: int, surface_size: tuple[int, int], pos: tuple[int, int], finger_id: int = 1
) -> pygame.event.Event:
    return pygame.event.Event(
        kind,
        x=pos[0] / surface_size[0],
        y=pos[1] / surface_size[1],
        finger_id=finger_id,
        touch_id=1,
        dx=0.0,
        dy=0.0,
        pressure=1.0,
    )


def click(pos: tuple[int, int], button: int = 1) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)


def mouse_move(pos: tuple[int, int], held: bool = True) -> pygame.event.Event:
    return pygame.event.Event(
        pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(int(held), 0, 0), touch=False
    )


def mouse_up(pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False)
