"""Screenshots of the note composer and the doodle canvas, for tools/screens.py.

Rendered at both panel sizes into the same folder as the other kiosk screens, with the same
palette PNG writer (every theme colour kept exact).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pygame

from kiosk.ui.screens.doodle import DoodleScreen
from kiosk.ui.screens.note import NoteScreen
from kiosk.ui.theme import Theme
from storywall.protocol.limits import MAX_NOTE_CHARS
from tools.screen_png import save_png, theme_colours

SIZES: dict[str, tuple[int, int]] = {"landscape": (800, 480), "portrait": (720, 1280)}
PROMPT = "How was the park today?"
NEAR_LIMIT = (
    "Thank you to whoever planted the new trees along the river path. My grandson and I "
    "walk there every morning and he counts the blossoms out loud. Could we have a bench "
    "near the pond too? And maybe a water fountain for the dogs, they get so thirsty in "
    "summer. See you all at the picnic!"
)


def _spanish() -> Callable[[str], str]:
    """The catalogue as a translate function (the kiosk's own loader reads the same file)."""
    path = Path(__file__).resolve().parent.parent / "kiosk/locale/es/LC_MESSAGES/compose.po"
    entries: dict[str, str] = {}
    msgid: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('msgid "'):
            msgid = line[7:-1].replace("\\n", "\n")
        elif line.startswith('msgstr "') and msgid:
            entries[msgid] = line[8:-1].replace("\\n", "\n")
    return lambda m: entries.get(m) or m


def _notes(theme: Theme, size: tuple[int, int]) -> list[tuple[str, str, object]]:
    def note(language: str = "en", translate: Callable[[str], str] = str) -> NoteScreen:
        return NoteScreen(
            theme,
            language=language,
            translate=translate,
            on_done=lambda _t, _k: None,
            on_cancel=lambda: None,
            prompt_text=PROMPT,
            size=size,
        )

    empty = note()
    near = note()
    near.type_text(NEAR_LIMIT[: MAX_NOTE_CHARS - 8])
    for _ in range(3):
        near.nav("next")
    spanish = note("es", _spanish())
    spanish.choose_template("gratitude")
    spanish.type_text("la fuente nueva. ¡Qué alegría para los niños en verano!")
    while spanish.focused_label != "ñ":
        spanish.nav("next")
    symbols = note()
    symbols.type_text("Bench #3 needs fixing :)")
    page = symbols.keyboard.index_of("?123")
    assert page is not None
    symbols.keyboard.press(page)
    return [
        ("note-empty", "the note composer, empty (Done disabled)", empty),
        ("note-near-limit", f"a note 8 characters short of {MAX_NOTE_CHARS}", near),
        ("note-es", "a Spanish thank-you note, focus on the ñ key", spanish),
        ("note-symbols", "the numbers and punctuation page", symbols),
    ]


def _doodles(theme: Theme, size: tuple[int, int]) -> list[tuple[str, str, object]]:
    def doodle() -> DoodleScreen:
        return DoodleScreen(theme, on_done=lambda *_a: None, on_cancel=lambda: None, size=size)

    empty = doodle()
    drawn = doodle()
    w, h = drawn.canvas_rect.size
    cx, cy, r = w // 2, h // 2, min(w, h) // 4
    # A sun, a hill and a tree: what a passer-by might leave.
    strokes: list[tuple[int, int, list[tuple[float, float]]]] = [
        (
            3,
            1,
            [
                (cx + r + r * math.cos(a / 8) // 3, cy - r + r * math.sin(a / 8) // 3)
                for a in range(0, 52)
            ],
        ),
        (
            2,
            2,
            [(x, round(h * 0.8 - h * 0.12 * math.sin(x / w * math.pi))) for x in range(0, w, 12)],
        ),
        (0, 1, [(round(w * 0.25), round(h * 0.74)), (round(w * 0.25), round(h * 0.45))]),
        (
            2,
            2,
            [
                (
                    round(w * 0.25 + r / 3 * math.cos(a / 5)),
                    round(h * 0.42 + r / 3 * math.sin(a / 5)),
                )
                for a in range(0, 33)
            ],
        ),
        (1, 0, [(round(w * 0.55 + 14 * i), round(h * 0.2 + 10 * math.sin(i))) for i in range(12)]),
    ]
    for stroke, (ink, pen, points) in enumerate(strokes):
        for tool in (f"ink{ink}", f"pen{pen}"):
            rect = next(c.rect for c in drawn.controls if c.name == tool)
            drawn.handle_event(_finger(pygame.FINGERDOWN, size, rect.center, stroke))
        left, top = drawn.canvas_rect.topleft
        for i, (x, y) in enumerate(points):
            kind = pygame.FINGERDOWN if i == 0 else pygame.FINGERMOTION
            drawn.handle_event(_finger(kind, size, (left + int(x), top + int(y)), stroke))
        last = (left + int(points[-1][0]), top + int(points[-1][1]))
        drawn.handle_event(_finger(pygame.FINGERUP, size, last, stroke))
    buttons = doodle()
    buttons.nav("select")
    for step in range(18):
        buttons.nav("next")
        if step % 6 == 5:
            buttons.nav("select")
            buttons.nav("select")
    return [
        ("doodle-empty", "the doodle canvas before drawing (focus on the canvas)", empty),
        ("doodle-drawn", "a doodle with five strokes in three colours", drawn),
        ("doodle-buttons", "drawing with the buttons only: the pen and its heading", buttons),
    ]


def _finger(
    kind: int, size: tuple[int, int], pos: tuple[int, int], finger_id: int
) -> pygame.event.Event:
    x, y = pos[0] / size[0], pos[1] / size[1]
    return pygame.event.Event(kind, x=x, y=y, finger_id=finger_id, touch_id=1, dx=0, dy=0)


def render_compose(out: Path, theme: Theme) -> list[Path]:
    """Render the composer's and the canvas's screenshots into `out`; the paths written."""
    written: list[Path] = []
    for orientation, size in SIZES.items():
        for name, description, screen in _notes(theme, size) + _doodles(theme, size):
            assert isinstance(screen, NoteScreen | DoodleScreen)
            surface = pygame.Surface(size)
            screen.draw(surface)
            path = out / f"kiosk-{orientation}-{name}.png"
            nbytes = save_png(surface, path, exact=theme_colours(theme))
            print(f"{path.name}  {nbytes:>6} B  {description}")
            written.append(path)
    return written
