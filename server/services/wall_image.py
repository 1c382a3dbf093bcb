"""The wall image a kiosk shows on its attract screen, drawn with Pillow at the kiosk's
screen size and orientation: the site, today's prompt, today's tallies as bars (once the
results are revealed and the prompt is locked: people who have not answered see this
image), and as many of the newest approved notes as fit below them. Emoji
are the hub's pictures (server/services/emoji_art.py), as on the wall page.

What the image shows is gathered first (`WallPicture`) and its ETag derived from
that, so an unchanged image is answered 304 without drawing anything.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass

from PIL import Image, ImageDraw, ImageFont
from sqlmodel import Session

from server import crud
from server.models import Kiosk, Site
from server.services.approved import approved_notes
from server.services.drawing import draw_rich_line, font, rich_wrap, wrap
from server.services.emoji_art import emoji_picture, emoji_words
from server.services.tallies import answer_keys, today_at, today_counts
from server.services.wall import tallies_shown

# The kiosks' screens (800x480 and 720x1280), either way round.
WALL_SIZES = frozenset({(800, 480), (480, 800), (720, 1280), (1280, 720)})
# Bumped when the drawing changes, so kiosks fetch the new look.
RENDERER = "wall-2"
# The newest approved notes the image may show (as many as fit).
MAX_IMAGE_NOTES = 4

BACKGROUND = (18, 32, 40)
INK = (244, 241, 232)
MUTED = (168, 184, 190)
BAR = (255, 196, 61)
TRACK = (40, 58, 68)
PAPER = (255, 251, 234)
PAPER_INK = (43, 43, 43)


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
    # False while the prompt's results are not revealed: the answers, without counts.
    counted: bool = True
    # The newest approved notes' texts, newest first.
    notes: tuple[str, ...] = ()

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
    play = 0
    counted = True
    if prompt is not None and prompt.id is not None:
        # A kiosk shows this to people who have not answered: counts only for a prompt
        # whose results are revealed and which takes no more answers (docs/prompts.md).
        counted = tallies_shown(prompt) and prompt.locked_ms is not None
        text = prompt.texts.get(language, prompt.text)
        # Not even read when they would not be drawn: a kiosk asks after every press.
        counts = today_counts(session, prompt, today, site_id=site.id) if counted else None
        if prompt.kind == "poll":
            labels = prompt.option_texts.get(language) or prompt.options
        else:
            labels = prompt.emoji
        answers = tuple(
            Answer(label, prompt.kind != "poll", counts.tallies[key] if counts is not None else 0)
            for key, label in zip(answer_keys(prompt), labels, strict=True)
        )
        play = counts.play if counts is not None else 0
    return WallPicture(
        width=size[0],
        height=size[1],
        site_name=site.name,
        day=today.day.isoformat(),
        language=language,
        prompt=text,
        answers=answers,
        play=play,
        counted=counted,
        notes=tuple(card.text for card in approved_notes(session, site.id, MAX_IMAGE_NOTES)),
    )


def render(picture: WallPicture) -> bytes:
    """The picture as PNG bytes."""
    width, height = picture.width, picture.height
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = max(16, width // 25)
    inner = width - 2 * margin
    unit = min(width, height)
    y = margin
    title = font(max(20, unit // 18), bold=True)
    draw.text((margin, y), picture.site_name, font=title, fill=INK)
    small = font(max(16, unit // 28))
    draw.text((width - margin, y), picture.day, font=small, fill=MUTED, anchor="ra")
    y += int(title.size * 1.6) if isinstance(title, ImageFont.FreeTypeFont) else 40
    if picture.prompt is None:
        draw.text((margin, y), "No question here yet.", font=font(unit // 12), fill=MUTED)
        return _png(image)
    question = font(max(28, unit // 13), bold=True)
    for line in wrap(draw, picture.prompt, question, inner)[:3]:
        draw.text((margin, y), line, font=question, fill=INK)
        y += int(question.size * 1.25) if isinstance(question, ImageFont.FreeTypeFont) else 36
    y += margin // 2
    footer = int(small.size * 2) if isinstance(small, ImageFont.FreeTypeFont) else 40
    rows = max(1, len(picture.answers))
    row = max(28, min((height - y - margin - footer) // rows, max(unit // 6, height // 9)))
    pictured = all(
        answer.emoji and emoji_picture(answer.label, int(row * 0.8)) is not None
        for answer in picture.answers
    )
    label_width = row if pictured else int(inner * (0.4 if height > width else 0.3))
    most = max((answer.count for answer in picture.answers), default=0) or 1
    number = font(max(18, int(row * 0.45)), bold=True)
    label_font = font(max(16, int(row * 0.36)))
    for answer in picture.answers:
        middle = y + row // 2
        art = emoji_picture(answer.label, int(row * 0.8)) if answer.emoji else None
        if art is not None:
            image.paste(art, (margin, y + (row - art.height) // 2), art)
        else:
            words = emoji_words(answer.label) if answer.emoji else answer.label
            lines = wrap(draw, words, label_font, label_width - 8)
            if len(lines) > 2:
                lines = [lines[0], lines[1] + " …"]
            draw.multiline_text(
                (margin, middle), "\n".join(lines), font=label_font, fill=INK, anchor="lm"
            )
        if picture.counted:
            _bar(draw, answer.count, most, (margin + label_width + 12, middle), row, width - margin)
            draw.text(
                (width - margin, middle), str(answer.count), font=number, fill=INK, anchor="rm"
            )
        y += row
    if picture.counted:
        answered = sum(answer.count for answer in picture.answers)
        summary = f"{answered} answers today"
        if picture.play:
            summary += f" · {picture.play} playful presses"
    else:
        summary = "Results will be shown soon"
    draw.text((margin, height - margin), summary, font=small, fill=MUTED, anchor="ld")
    _notes(image, draw, picture.notes, (margin, y + margin // 2), (inner, height - margin - footer))
    return _png(image)


def _bar(
    draw: ImageDraw.ImageDraw, count: int, most: int, start: tuple[int, int], row: int, end: int
) -> None:
    left, middle = start
    right = end - int(row * 1.3)
    bar_height = max(8, row // 3)
    top = middle - bar_height // 2
    draw.rounded_rectangle((left, top, right, top + bar_height), bar_height // 2, fill=TRACK)
    filled = left + (right - left) * count // most
    if count:
        draw.rounded_rectangle(
            (left, top, max(filled, left + bar_height), top + bar_height),
            bar_height // 2,
            fill=BAR,
        )


def _notes(
    image: Image.Image,
    draw: ImageDraw.ImageDraw,
    notes: tuple[str, ...],
    origin: tuple[int, int],
    room: tuple[int, int],
) -> None:
    """As many of the newest notes as fit, each a paper card of at most three lines."""
    left, y = origin
    width, bottom = room
    size = max(16, min(image.width, image.height) // 24)
    text_font = font(size)
    line = int(size * 1.35)
    pad = size // 2
    heading = font(max(14, size * 3 // 4), bold=True)
    if not notes or y + line * 3 + pad * 2 > bottom:
        return
    draw.text((left, y), "From the wall", font=heading, fill=MUTED)
    y += int(size * 1.4)
    for text in notes:
        lines = rich_wrap(draw, text, text_font, width - 2 * pad, size)
        if len(lines) > 3:
            lines = [*lines[:2], [*lines[2], ("…", False)]]
        card = len(lines) * line + 2 * pad
        if y + card > bottom:
            return
        draw.rounded_rectangle((left, y, left + width, y + card), pad, fill=PAPER)
        for number, tokens in enumerate(lines):
            middle = y + pad + number * line + line // 2
            draw_rich_line(image, draw, tokens, (left + pad, middle), text_font, size, PAPER_INK)
        y += card + pad


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # zlib's default level: optimize=True tried every filter and level for 3% fewer bytes
    # (110 KB against 113 KB at 720x1280) and took 140 ms more, most of the render.
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
