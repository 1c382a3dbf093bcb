"""Render every kiosk screen, both panels and both languages, to docs/screens/kiosk-*.png.

    .venv/bin/python -m tools.screens          (or: make screens)

Runs headless (SDL dummy driver, off-screen surfaces), so it works in CI and over SSH. The PNGs
are committed, so they are 256-colour palette PNGs to stay small, but never at the cost of what
the screen shows: every colour of the theme (the background, the buttons, the green status
dot...) is pinned in the palette, and each file is read back and checked to keep every pixel
the screen drew in a theme colour exactly that colour. Only the emoji artwork's own shading
may move to a neighbouring colour.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.screen_png import save_png, theme_colours

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "screens"
SIZES: dict[str, tuple[int, int]] = {"landscape": (800, 480), "portrait": (720, 1280)}
LANGUAGES = ("en", "es")

FACES = ["\U0001f600", "\U0001f642", "\U0001f610", "\U0001f641"]
SIX = ["\U0001f333", "\u2600\ufe0f", "\U0001f34e", "\U0001f35e", "\u2764\ufe0f", "\U0001f44d"]
SLIDER = ["\U0001f622", "\U0001f641", "\U0001f610", "\U0001f642", "\U0001f60d"]


@dataclass(frozen=True)
class Shot:
    """One screenshot: a name, what it shows, the configuration, and how to get there."""

    name: str
    description: str
    config: dict[str, Any]
    steps: Callable[[Any, Any], None] = lambda manager, feed: None
    status: tuple[bool, int, bool] = (True, 0, False)
    quiet: bool = False
    wall: bool = False


def _answer(manager: Any, feed: Any) -> None:
    manager.route_button(0)  # the first arcade button, on the attract screen: an answer
    manager.poll()


def _next_slot(manager: Any, feed: Any) -> None:
    manager.update(manager.theme.note_seconds + 0.1)  # the wall picture, then the first note


SPOTLIGHT_NOTE = {
    "id": 1,
    "kind": "note",
    "text": "Could the path by the pond have lights? It is so dark after five.",
    "reply": "Six lamps go in next week: thank you for asking.",
}
# The doodle's hash names the picture _doodle_picture draws (a stand-in for the fetch).
DOODLE_SHA = "d" * 64
SPOTLIGHT_DOODLE = {"id": 2, "kind": "doodle", "media": DOODLE_SHA, "width": 320, "height": 240}


FRIDGE = {
    "accepts": ["Fruit and vegetables", "Bread", "Sealed packets and tins", "Dairy in date"],
    "refuses": [
        "Raw meat or fish",
        "Anything past its use-by date",
        "Alcohol",
        "Prepared food without a label (ingredients, date made)",
    ],
    "condition": "good",
    "level": 1,
    "page_url": "https://storywall.example/f/elm-street",
    "sticker_url": "https://storywall.example/d/elm-street",
}
WARNING = "Too warm: please do not drop off chilled food"


def _dropoff(*taps: str, photo: bool = False) -> Callable[[Any, Any], None]:
    """Open the drop-off flow and press its buttons by key, waiting for the camera."""

    def steps(manager: Any, feed: Any) -> None:
        manager.open_dropoff()
        for key in taps:
            screen = manager.current
            if hasattr(screen, "wait"):
                screen.wait()
            screen.on_button(key)
        if photo and hasattr(manager.current, "wait"):
            manager.current.wait()

    return steps


def _items() -> list[str]:
    taps = ["confirm", "photo", "next"]
    taps += ["plus:produce"] * 6 + ["plus:bread"] * 2 + ["plus:dairy"] * 3 + ["level:2"]
    return taps


def _shots() -> list[Shot]:
    emoji = {
        "prompt": {
            "id": 3,
            "text": "How was the park today?",
            "texts": {"es": "¿Qué tal el parque hoy?"},
            "emoji": FACES,
            "tallies": {FACES[0]: 14, FACES[1]: 9, FACES[2]: 3, FACES[3]: 1},
        }
    }
    six = {
        "prompt": {
            "id": 4,
            "text": "What did you enjoy most today?",
            "texts": {"es": "¿Qué es lo que más te ha gustado hoy?"},
            "emoji": SIX,
        }
    }
    poll = {
        "prompt": {
            "id": 5,
            "kind": "poll",
            "emoji": [],
            "text": "What should the new corner of the park have?",
            "texts": {"es": "¿Qué debería tener el nuevo rincón del parque?"},
            "options": ["Benches", "A water fountain", "More trees", "A little stage"],
            "option_texts": {"es": ["Bancos", "Una fuente", "Más árboles", "Un pequeño escenario"]},
            "tallies": {"#0": 8, "#1": 12, "#2": 21, "#3": 4},
        }
    }
    slider = {
        "prompt": {
            "id": 6,
            "kind": "slider",
            "emoji": SLIDER,
            "text": "How safe does the playground feel?",
            "texts": {"es": "¿Qué tan seguro te parece el parque infantil?"},
            "tallies": {SLIDER[3]: 6, SLIDER[4]: 4, SLIDER[2]: 2},
        }
    }
    no_follow = {"prompt": {**emoji["prompt"], "follow_up": False}}

    def play(manager: Any, feed: Any) -> None:
        feed.play_next = True
        _answer(manager, feed)
        manager.update(0.35)

    def results_then(key: str) -> Callable[[Any, Any], None]:
        def steps(manager: Any, feed: Any) -> None:
            _answer(manager, feed)
            manager.current.on_button(key)

        return steps

    return [
        Shot("attract", "idle: today's prompt, answerable at once", emoji),
        Shot("attract-wall", "idle with the hub's wall picture", emoji, wall=True),
        Shot(
            "attract-note", "idle, the picture's turn over: a note and its reply", emoji, _next_slot
        ),
        Shot(
            "attract-spotlight",
            "idle: an organiser's spotlight, a note with its reply",
            {**emoji, "spotlights": [SPOTLIGHT_NOTE]},
            _next_slot,
        ),
        Shot(
            "attract-spotlight-doodle",
            "idle: a spotlighted doodle",
            {**emoji, "spotlights": [SPOTLIGHT_DOODLE]},
            _next_slot,
        ),
        Shot("six", "a prompt with 6 emoji", six),
        Shot("poll", "a poll: 4 text options", poll),
        Shot("slider", "an emoji slider: 5 steps", slider),
        Shot(
            "follow-up", "after an answer: tallies, neighbours, QR, note or doodle?", emoji, _answer
        ),
        Shot("thanks", "after an answer, a prompt without the follow-up", no_follow, _answer),
        Shot("poll-results", "a poll's results", poll, _answer),
        Shot(
            "locked",
            "a locked prompt: today's results instead of the answers, no answering",
            {"prompt": {**emoji["prompt"], "locked": True}},
        ),
        Shot(
            "poll-locked",
            "a locked poll: its results instead of the options",
            {"prompt": {**poll["prompt"], "locked": True}},
        ),
        Shot("play", "button mashing: confetti instead of the thanks", emoji, play),
        Shot("house-rules", "house rules and privacy", emoji, results_then("info")),
        Shot("language", "the language picker", emoji, results_then("language")),
        Shot("waiting", "no prompt yet", {}),
        Shot(
            "offline",
            "caretaker's corner: offline, 12 answers to send",
            emoji,
            status=(False, 12, False),
        ),
        Shot(
            "paused",
            "caretaker's corner: this kiosk is paused (token refused)",
            emoji,
            status=(False, 3, True),
        ),
        Shot("quiet", "quiet hours: dimmed, nothing moves", emoji, quiet=True),
        Shot("fridge", "a fridge kiosk: the drop-off button", {**emoji, "fridge": FRIDGE}),
        Shot(
            "fridge-warning",
            "a fridge kiosk while the hub holds the fridge too warm",
            {**emoji, "fridge": {**FRIDGE, "warning": WARNING}},
        ),
        Shot(
            "dropoff-rules",
            "drop-off: the fridge's rules to confirm, the QR code for the phone form",
            {**emoji, "fridge": {**FRIDGE, "warning": WARNING}},
            _dropoff("confirm"),
        ),
        Shot(
            "dropoff-photo",
            "drop-off: the shelf photo (mock camera)",
            {**emoji, "fridge": FRIDGE},
            _dropoff("confirm", "photo", photo=True),
        ),
        Shot(
            "dropoff-items",
            "drop-off: counts per category and the food level",
            {**emoji, "fridge": FRIDGE},
            _dropoff(*_items()),
        ),
        Shot(
            "dropoff-thanks",
            "drop-off: recorded, thanks",
            {**emoji, "fridge": FRIDGE},
            _dropoff(*_items(), "done"),
        ),
    ]


def _config(extra: dict[str, Any]) -> Any:
    from storywall.protocol.config import KioskConfig

    return KioskConfig.model_validate(
        {
            "kiosk_id": "elm-1",
            "kiosk_name": "Elm Park gate",
            "site": {
                "slug": "elm",
                "name": "Elm Park",
                "timezone": "Europe/London",
                "operator": "Friends of Elm Park",
                "contact": "hello@elmpark.example",
            },
            "languages": list(LANGUAGES),
            "wall_url": "https://storywall.example/w/elm",
            "quiet_hours": {"start": "21:00", "end": "07:00"},
            "notes": [
                {
                    "id": "n1",
                    "text": "More benches near the pond, please!",
                    "reply": "Two new benches went in on Monday.",
                }
            ],
            **extra,
        }
    )


def _fixed_time(at: Any) -> Callable[[Any], Any]:
    return lambda _zone: at


def _wall_picture(path: Path) -> Path:
    """A stand-in for the hub's rendered wall: coloured note cards on a cork board."""
    import pygame

    surface = pygame.Surface((640, 400))
    surface.fill((196, 154, 108))
    colours = [(255, 236, 170), (190, 227, 248), (198, 246, 213), (254, 215, 226)]
    for i in range(8):
        rect = pygame.Rect(30 + (i % 4) * 150, 30 + (i // 4) * 180, 130, 150)
        pygame.draw.rect(surface, colours[i % 4], rect, border_radius=6)
        for line in range(4):
            pygame.draw.line(
                surface,
                (120, 110, 100),
                (rect.left + 14, rect.top + 30 + line * 26),
                (rect.right - 14 - (line % 2) * 30, rect.top + 30 + line * 26),
                3,
            )
    pygame.image.save(surface, str(path))
    return path


def _doodle_picture(path: Path) -> Path:
    """A stand-in for a spotlighted doodle: a sun over a tree, in felt-tip strokes."""
    import pygame

    surface = pygame.Surface((320, 240))
    surface.fill((255, 255, 255))
    pygame.draw.circle(surface, (255, 196, 0), (250, 60), 34)
    pygame.draw.rect(surface, (120, 72, 30), pygame.Rect(110, 130, 26, 90))
    pygame.draw.circle(surface, (46, 160, 67), (123, 110), 56)
    pygame.draw.line(surface, (46, 160, 67), (10, 222), (310, 222), 6)
    pygame.image.save(surface, str(path))
    return path


def render_all(out: Path, names: set[str] | None = None) -> list[Path]:
    """Render every shot (or those in `names`) in both orientations and languages; a full
    run also removes the kiosk PNGs it no longer makes."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import tempfile
    from datetime import time

    import pygame

    from kiosk.ui.feed import FeedStatus, StaticFeed
    from kiosk.ui.manager import ScreenManager
    from kiosk.ui.theme import load_theme
    from tools.screens_compose import render_compose

    pygame.font.init()
    theme = load_theme()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        wall = _wall_picture(Path(tmp) / "wall.png")
        doodles = {DOODLE_SHA: _doodle_picture(Path(tmp) / "doodle.png")}
        for orientation, size in SIZES.items():
            for language in LANGUAGES:
                for shot in _shots():
                    if names is not None and shot.name not in names:
                        continue
                    feed = StaticFeed(
                        _config(shot.config),
                        status=FeedStatus(*shot.status),
                        wall_image=wall if shot.wall else None,
                        spotlight_images=doodles,
                    )
                    hour = time(23, 0) if shot.quiet else time(15, 0)
                    manager = ScreenManager(
                        theme,
                        feed,
                        button_count=4,
                        language=language,
                        size=size,
                        local_time=_fixed_time(hour),
                    )
                    feed.on_recorded = manager.on_recorded
                    shot.steps(manager, feed)
                    surface = pygame.Surface(size)
                    manager.draw(surface)
                    path = out / f"kiosk-{orientation}-{language}-{shot.name}.png"
                    nbytes = save_png(surface, path, exact=theme_colours(theme))
                    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
                    print(f"{shown}  {nbytes:>6} B  {shot.description}")
                    written.append(path)
    if names is None:
        written += render_compose(out, theme)
        for stale in sorted(set(out.glob("kiosk-*.png")) - set(written)):
            stale.unlink()  # a screen the tool no longer makes
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", action="append", help="render only this shot (repeatable)")
    args = parser.parse_args(argv)
    render_all(args.out, set(args.only) if args.only else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
