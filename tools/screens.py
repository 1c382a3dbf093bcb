"""Render every kiosk screen at both panel sizes to docs/screens/kiosk-*.png.

    .venv/bin/python -m tools.screens          (or: make screens)

Runs headless (SDL dummy driver, off-screen surfaces), so it works in CI and over SSH. The PNGs
are committed, so they are palette-quantised to stay small.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "screens"
SIZES: dict[str, tuple[int, int]] = {"landscape": (800, 480), "portrait": (720, 1280)}

FACES = ["\U0001f600", "\U0001f642", "\U0001f610", "\U0001f641"]
SIX = ["\U0001f333", "\u2600\ufe0f", "\U0001f34e", "\U0001f35e", "\u2764\ufe0f", "\U0001f44d"]
LONG_TEXT = (
    "If you could change one thing about this park for the children who play here every "
    "day, and for their grandparents who sit on the benches, what would make you smile most?"
)


@dataclass(frozen=True)
class Shot:
    """One screenshot: a name and how to put a fresh PromptScreen into that state."""

    name: str
    description: str
    prepare: Callable[..., None]


def _prompt(text: str, emoji: list[str]) -> object:
    from storywall.protocol.config import PromptConfig

    return PromptConfig(id=1, text=text, emoji=emoji)


def _shots() -> list[Shot]:
    from kiosk.ui.screens.prompt import PromptScreen

    def prompt4(s: PromptScreen) -> None:
        s.set_prompt(_prompt("How was the park today?", FACES))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    def prompt6(s: PromptScreen) -> None:
        s.set_prompt(_prompt("What did you enjoy most today?", SIX))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    def long_prompt(s: PromptScreen) -> None:
        s.set_prompt(_prompt(LONG_TEXT, [*FACES[:3], "\U0001f60d", "\U0001f62e"]))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    def thanks(s: PromptScreen) -> None:
        prompt4(s)
        s.show_thanks(0)
        s.update(0.1)

    def no_prompt(s: PromptScreen) -> None:
        s.set_prompt(None)
        s.set_status(online=True, pending=0)

    def offline(s: PromptScreen) -> None:
        prompt4(s)
        s.set_status(online=False, pending=12)

    def unknown_emoji(s: PromptScreen) -> None:
        # Emoji without a bundled PNG, on a machine without an emoji font: fallback tiles.
        s.set_prompt(_prompt("Which animal did you see?", ["\U0001f994", "\U0001f986", "A"]))  # type: ignore[arg-type]
        s.set_status(online=True, pending=0)

    return [
        Shot("prompt-4", "today's prompt with 4 faces", prompt4),
        Shot("prompt-6", "a prompt with 6 emoji", prompt6),
        Shot("long-prompt", "a 170-character prompt, shrunk and wrapped", long_prompt),
        Shot("thanks", "thanks after pressing the first button", thanks),
        Shot("no-prompt", "no prompt yet: the waiting screen", no_prompt),
        Shot("offline", "the caretaker's indicator: offline, 12 answers to send", offline),
        Shot("fallback", "emoji with no PNG and no emoji font", unknown_emoji),
    ]


def save_png(surface: object, path: Path) -> int:
    """Save a pygame surface as a palette PNG; returns its size in bytes."""
    import pygame
    from PIL import Image

    assert isinstance(surface, pygame.Surface)
    image = Image.frombytes("RGB", surface.get_size(), pygame.image.tobytes(surface, "RGB"))
    small = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)
    return path.stat().st_size


def render_all(out: Path) -> list[Path]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from kiosk.ui.emoji import EmojiImages
    from kiosk.ui.screens.prompt import PromptScreen
    from kiosk.ui.theme import load_theme

    pygame.font.init()
    theme = load_theme()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for orientation, size in SIZES.items():
        for shot in _shots():
            fonts: tuple[Path, ...] | None = () if shot.name == "fallback" else None
            emoji = (
                EmojiImages(None, font_paths=fonts)
                if fonts is not None
                else EmojiImages(theme.emoji_dir)
            )
            screen = PromptScreen(theme, on_press=lambda _i: None, emoji=emoji, size=size)
            shot.prepare(screen)
            surface = pygame.Surface(size)
            screen.draw(surface)
            path = out / f"kiosk-{orientation}-{shot.name}.png"
            nbytes = save_png(surface, path)
            print(
                f"{path.relative_to(out.parent.parent) if out.is_relative_to(REPO_ROOT) else path}"
                f"  {nbytes:>6} B  {shot.description}"
            )
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    render_all(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
