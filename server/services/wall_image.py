"""The wall image a kiosk shows on its attract screen: a plain placeholder, drawn with
Pillow (the site, today's prompt, today's tallies as bars).

A kiosk shows it to people who have not answered yet, so the bars are drawn only for
a prompt whose results the organiser revealed and which takes no more answers
(locked); otherwise the answers are drawn without counts (docs/prompts.md).

What the image shows is gathered first (`WallPicture`) and its ETag derived from
that, so an unchanged image is answered 304 without drawing anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlmodel import Session

from server import crud
from server.models import Kiosk, Site
from server.services.tallies import answer_keys, today_at, today_counts

# The kiosks' screens (800x480 and 720x1280), either way round.
WALL_SIZES = frozenset({(800, 480), (480, 800), (720, 1280), (1280, 720)})
# Bumped when the drawing changes, so kiosks fetch the new look.
RENDERER = "placeholder-2"

ROOT = Path(__file__).resolve().parents[2]
EMOJI_DIR = ROOT / "assets" / "emoji"
FONT_CANDIDATES = (
    ROOT / "assets" / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
)

BACKGROUND = (18, 32, 40)
INK = (244, 241, 232)
MUTED = (168, 184, 190)
BAR = (255, 196, 61)
TRACK = (40, 58, 68)

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


class UnknownLanguage(ValueError):
    """The language asked for is not one the site speaks."""


@dataclass(frozen=True)
class Answer:
    """One answer as drawn: its label (an emoji or a poll option) and today's count."""

    label: str
    emoji: bool
    count: int


@dataclass(frozen=True)
class WallPicture:
    """Everything the image shows; equal pictures draw equal images."""

    width: int
    height: int
    site_name: str
    day: str
    language: str
    prompt: str | None
    answers: tuple[Answer, ...]
    play: int
    # Today's opinion answers in all; each answer's count is 0 unless show_counts.
    answered: int = 0
    show_counts: bool = True

    @property
    def etag(self) -> str:
        """A strong ETag of what is shown (and of the drawing code's version)."""
        data = json.dumps([RENDERER, asdict(self)], ensure_ascii=False, sort_keys=True)
        return '"' + hashlib.sha256(data.encode()).hexdigest() + '"'


def describe(
    session: Session, kiosk: Kiosk, *, now_ms: int, size: tuple[int, int], language: str | None
) -> WallPicture:
    """What the kiosk's wall image shows now, in `language` (default the site's first)."""
    site = session.get(Site, kiosk.site_id)
    assert site is not None and site.id is not None  # foreign key
    if language is not None and language not in site.languages:
        raise UnknownLanguage(f"not one of the site's languages ({', '.join(site.languages)})")
    language = language or site.languages[0]
    today = today_at(site, now_ms)
    prompt = crud.current_prompt(session=session, site_id=site.id, now_ms=now_ms)
    text: str | None = None
    answers: tuple[Answer, ...] = ()
    play = answered = 0
    show = False
    if prompt is not None and prompt.id is not None:
        text = prompt.texts.get(language, prompt.text)
        counts = today_counts(session, prompt, today, site_id=site.id)
        show = prompt.results_revealed and prompt.locked_ms is not None
        answered = sum(counts.tallies.values())
        if prompt.kind == "poll":
            labels = prompt.option_texts.get(language) or prompt.options
        else:
            labels = prompt.emoji
        answers = tuple(
            Answer(label, prompt.kind != "poll", counts.tallies[key] if show else 0)
            for key, label in zip(answer_keys(prompt), labels, strict=True)
        )
        play = counts.play
    return WallPicture(
        width=size[0],
        height=size[1],
        site_name=site.name,
        day=today.day.isoformat(),
        language=language,
        prompt=text,
        answers=answers,
        play=play,
        answered=answered,
        show_counts=show,
    )


@cache
def _font(size: int, bold: bool = False) -> FontType:
    names = ("DejaVuSans-Bold.ttf",) if bold else ("DejaVuSans.ttf",)
    for folder in FONT_CANDIDATES:
        found = sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.otf"))
        preferred = [path for path in found if path.name in names] or found
        for path in preferred:
            try:
                return ImageFont.truetype(str(path), size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


@cache
def _emoji_picture(emoji: str, side: int) -> Image.Image | None:
    name = "-".join(f"{ord(char):x}" for char in emoji if ord(char) != 0xFE0F) + ".png"
    path = EMOJI_DIR / name
    if not path.is_file():
        return None
    with Image.open(path) as picture:
        return picture.convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)


def _emoji_words(emoji: str) -> str:
    """An emoji with no artwork, in words ("grinning face"), never a blank tile."""
    names = [unicodedata.name(char, "") for char in emoji if ord(char) not in (0xFE0F, 0x200D)]
    return " ".join(name.lower() for name in names if name) or emoji


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: FontType, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def render(picture: WallPicture) -> bytes:
    """The picture as PNG bytes."""
    width, height = picture.width, picture.height
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = max(16, width // 25)
    inner = width - 2 * margin
    unit = min(width, height)
    y = margin
    title = _font(max(20, unit // 18), bold=True)
    draw.text((margin, y), picture.site_name, font=title, fill=INK)
    small = _font(max(16, unit // 28))
    draw.text((width - margin, y), picture.day, font=small, fill=MUTED, anchor="ra")
    y += int(title.size * 1.6) if isinstance(title, ImageFont.FreeTypeFont) else 40
    if picture.prompt is None:
        draw.text((margin, y), "No question here yet.", font=_font(unit // 12), fill=MUTED)
        return _png(image)
    question = _font(max(28, unit // 13), bold=True)
    for line in _wrap(draw, picture.prompt, question, inner)[:3]:
        draw.text((margin, y), line, font=question, fill=INK)
        y += int(question.size * 1.25) if isinstance(question, ImageFont.FreeTypeFont) else 36
    y += margin // 2
    footer = int(small.size * 2) if isinstance(small, ImageFont.FreeTypeFont) else 40
    rows = max(1, len(picture.answers))
    row = max(28, min((height - y - margin - footer) // rows, max(unit // 6, height // 9)))
    pictured = all(
        answer.emoji and _emoji_picture(answer.label, int(row * 0.8)) is not None
        for answer in picture.answers
    )
    label_width = row if pictured else int(inner * (0.4 if height > width else 0.3))
    most = max((answer.count for answer in picture.answers), default=0) or 1
    number = _font(max(18, int(row * 0.45)), bold=True)
    label_font = _font(max(16, int(row * 0.36)))
    for answer in picture.answers:
        middle = y + row // 2
        art = _emoji_picture(answer.label, int(row * 0.8)) if answer.emoji else None
        if art is not None:
            image.paste(art, (margin, y + (row - art.height) // 2), art)
        else:
            words = _emoji_words(answer.label) if answer.emoji else answer.label
            lines = _wrap(draw, words, label_font, label_width - 8)
            if len(lines) > 2:
                lines = [lines[0], lines[1] + " …"]
            draw.multiline_text(
                (margin, middle), "\n".join(lines), font=label_font, fill=INK, anchor="lm"
            )
        if not picture.show_counts:
            y += row
            continue
        left = margin + label_width + 12
        right = width - margin - int(row * 1.3)
        bar_height = max(8, row // 3)
        top = middle - bar_height // 2
        draw.rounded_rectangle((left, top, right, top + bar_height), bar_height // 2, fill=TRACK)
        filled = left + (right - left) * answer.count // most
        if answer.count:
            draw.rounded_rectangle(
                (left, top, max(filled, left + bar_height), top + bar_height),
                bar_height // 2,
                fill=BAR,
            )
        draw.text((width - margin, middle), str(answer.count), font=number, fill=INK, anchor="rm")
        y += row
    summary = f"{picture.answered} answers today"
    if not picture.show_counts:
        summary += " · results after you answer"
    if picture.play:
        summary += f" · {picture.play} playful presses"
    draw.text((margin, height - margin), summary, font=small, fill=MUTED, anchor="ld")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
