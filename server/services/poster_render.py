"""Drawing the weekly poster: one A3 portrait page at 150 dpi, as PNG and as PDF.

White paper (it is printed), the site and the week in a band at the top, the week's
prompts with their tallies as bars, the organisers' spotlights and replies, then the
week's approved notes and doodles as cards in three columns, as many as fit. Emoji are
the hub's pictures (emoji_art), as on the wall and the kiosks.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from server.services.drawing import FontType, draw_rich_line, font, rich_wrap, wrap
from server.services.emoji_art import emoji_picture, emoji_words
from server.services.poster import Poster, PosterPrompt

DPI = 150
A3_PX = (1754, 2480)  # 297 x 420 mm at 150 dpi
MARGIN = 110
PAPER = (255, 255, 255)
BAND = (16, 35, 26)
BAND_INK = (244, 241, 232)
INK = (33, 37, 35)
MUTED = (96, 106, 100)
BAR = (255, 196, 61)
TRACK = (232, 234, 230)
CARDS = [(255, 244, 194), (232, 244, 255), (255, 251, 234)]
CARD_LINE = (214, 210, 196)
COLUMNS = 3
GUTTER = 36
DASH = "\N{EN DASH}"

# Reads a doodle's PNG by its hash (the media store); None when the bytes are gone.
ReadMedia = Callable[[str], bytes | None]


@dataclass(frozen=True)
class PosterFiles:
    """A drawn poster: its PNG and its one-page PDF, both A3."""

    png: bytes
    pdf: bytes


def _day_span(poster: Poster) -> str:
    first, last = poster.first_day, poster.last_day
    if first.month == last.month:
        return f"{first.day}{DASH}{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} {DASH} {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} {DASH} {last.day} {last:%B %Y}"


def _text_height(font: FontType) -> int:
    return int(getattr(font, "size", 20) * 1.3)


def _draw_prompt(
    image: Image.Image, draw: ImageDraw.ImageDraw, prompt: PosterPrompt, y: int, width: int
) -> int:
    question = font(54, bold=True)
    for line in wrap(draw, prompt.text, question, width)[:3]:
        draw.text((MARGIN, y), line, font=question, fill=INK)
        y += _text_height(question)
    y += 14
    row = 78
    label_font = font(34)
    number = font(40, bold=True)
    most = max((answer.count or 0 for answer in prompt.answers), default=0) or 1
    label_width = 300 if prompt.kind == "poll" else row
    for answer in prompt.answers:
        middle = y + row // 2
        art = emoji_picture(answer.label, row - 12) if answer.emoji else None
        if art is not None:
            image.paste(art, (MARGIN, y + 6), art)
        else:
            words = emoji_words(answer.label) if answer.emoji else answer.label
            draw.text((MARGIN, middle), words[:24], font=label_font, fill=INK, anchor="lm")
            label_width = max(label_width, 300)
        left = MARGIN + label_width + 24
        if prompt.revealed:
            right = MARGIN + width - 150
            top, bottom = middle - 16, middle + 16
            draw.rounded_rectangle((left, top, right, bottom), 16, fill=TRACK)
            if answer.count:
                filled = left + (right - left) * answer.count // most
                draw.rounded_rectangle((left, top, max(filled, left + 32), bottom), 16, fill=BAR)
            draw.text(
                (MARGIN + width, middle), str(answer.count), font=number, fill=INK, anchor="rm"
            )
        y += row
    if not prompt.revealed:
        draw.text((MARGIN, y + 4), "Results not revealed", font=font(30), fill=MUTED)
        y += 50
    return y + 40


def _note_card(
    image: Image.Image,
    draw: ImageDraw.ImageDraw,
    note: tuple[str, str | None],
    box: tuple[int, int, int],
    shade: int,
) -> int:
    """A note (its text and the organiser's reply, if any) at (x, y), `width` wide; its
    height."""
    text, reply = note
    x, y, width = box
    text_font = font(36)
    reply_font = font(32)
    pad = 26
    line = 48
    lines = rich_wrap(draw, text, text_font, width - 2 * pad, 40)
    if len(lines) > 7:
        lines = [*lines[:6], [*lines[6], ("…", False)]]
    answer = rich_wrap(draw, f"Reply: {reply}", reply_font, width - 2 * pad, 36) if reply else []
    if len(answer) > 4:
        answer = [*answer[:3], [*answer[3], ("…", False)]]
    height = (len(lines) + len(answer)) * line + 2 * pad + (pad // 2 if answer else 0)
    draw.rounded_rectangle(
        (x, y, x + width - 1, y + height - 1),
        18,
        fill=CARDS[shade % len(CARDS)],
        outline=CARD_LINE,
    )
    for number, tokens in enumerate(lines):
        middle = y + pad + number * line + line // 2
        draw_rich_line(image, draw, tokens, (x + pad, middle), text_font, 40, INK)
    top = y + pad + len(lines) * line + pad // 2
    for number, tokens in enumerate(answer):
        middle = top + number * line + line // 2
        draw_rich_line(image, draw, tokens, (x + pad, middle), reply_font, 36, MUTED)
    return height


def _doodle_card(
    image: Image.Image, draw: ImageDraw.ImageDraw, data: bytes, box: tuple[int, int, int]
) -> int:
    x, y, width = box
    try:
        with Image.open(io.BytesIO(data)) as opened:
            picture = opened.convert("RGB")
    except (OSError, ValueError):
        return 0
    inner = width - 24
    height = max(1, round(picture.height * inner / max(1, picture.width)))
    picture = picture.resize((inner, height), Image.Resampling.LANCZOS)
    draw.rounded_rectangle(
        (x, y, x + width - 1, y + height + 23), 18, fill=PAPER, outline=CARD_LINE
    )
    image.paste(picture, (x + 12, y + 12))
    return height + 24


def draw_poster(poster: Poster, read_media: ReadMedia) -> Image.Image:
    """The poster as an A3 picture."""
    width, height = A3_PX
    inner = width - 2 * MARGIN
    image = Image.new("RGB", A3_PX, PAPER)
    draw = ImageDraw.Draw(image)
    band = 330
    draw.rectangle((0, 0, width, band), fill=BAND)
    draw.text((MARGIN, 90), poster.site_name, font=font(92, bold=True), fill=BAND_INK)
    week = f"Week {poster.first_day.isocalendar()[1]} · {_day_span(poster)}"
    draw.text((MARGIN, 215), week, font=font(48), fill=BAND_INK)
    y = band + 80
    heading = font(40, bold=True)
    footer_top = height - MARGIN - 60

    draw.text((MARGIN, y), "THIS WEEK WE ASKED", font=heading, fill=MUTED)
    y += 80
    if not poster.prompts:
        draw.text((MARGIN, y), "No question this week.", font=font(44), fill=MUTED)
        y += 100
    for prompt in poster.prompts[:3]:
        y = _draw_prompt(image, draw, prompt, y, inner)

    # Spotlighted notes (PublicSpotlight of wall_extras), with their replies.
    pinned = [spot for spot in poster.spotlights if spot.kind == "note" and spot.text]
    if pinned:
        draw.text((MARGIN, y), "IN THE SPOTLIGHT", font=heading, fill=MUTED)
        y += 80
        for spot in pinned[:2]:
            y += _note_card(image, draw, (spot.text, spot.reply), (MARGIN, y, inner), 0) + 30

    draw.text((MARGIN, y), "YOU TOLD US", font=heading, fill=MUTED)
    y += 80
    column_width = (inner - GUTTER * (COLUMNS - 1)) // COLUMNS
    tops = [y] * COLUMNS
    cards: list[tuple[str, str, str | None]] = []
    doodles = list(poster.doodles)
    for n, note in enumerate(poster.notes):
        cards.append(("note", note.text, note.reply))
        if n % 2 == 1 and doodles:
            cards.append(("doodle", doodles.pop(0).sha256, None))
    cards += [("doodle", doodle.sha256, None) for doodle in doodles]
    if not cards:
        draw.text((MARGIN, y), "Nothing was left on the wall this week.", font=font(40), fill=MUTED)
    for shade, (kind, value, reply) in enumerate(cards):
        column = min(range(COLUMNS), key=lambda c: tops[c])
        x = MARGIN + column * (column_width + GUTTER)
        # Draw on a scratch copy of the column's foot first: a card that does not fit
        # is left out whole rather than cut at the footer.
        trial = Image.new("RGB", (column_width, height), PAPER)
        trial_draw = ImageDraw.Draw(trial)
        if kind == "note":
            card = (value, reply)
            needed = _note_card(trial, trial_draw, card, (0, 0, column_width), shade)
        else:
            data = read_media(value)
            needed = (
                0 if data is None else _doodle_card(trial, trial_draw, data, (0, 0, column_width))
            )
        if needed == 0 or tops[column] + needed > footer_top - 30:
            continue
        image.paste(trial.crop((0, 0, column_width, needed)), (x, tops[column]))
        tops[column] += needed + GUTTER

    draw.line((MARGIN, footer_top, width - MARGIN, footer_top), fill=CARD_LINE, width=3)
    draw.text(
        (MARGIN, footer_top + 24),
        f"Storywall · {poster.site_name} · {poster.week} · "
        "only notes and doodles a person approved",
        font=font(30),
        fill=MUTED,
    )
    return image


def render_poster(poster: Poster, read_media: ReadMedia) -> PosterFiles:
    """The poster as PNG and PDF bytes (the PDF's page is A3 from the resolution)."""
    image = draw_poster(poster, read_media)
    png, pdf = io.BytesIO(), io.BytesIO()
    image.save(png, format="PNG", dpi=(DPI, DPI), compress_level=6)
    image.save(pdf, format="PDF", resolution=DPI, title=f"{poster.site_name}, {poster.week}")
    return PosterFiles(png.getvalue(), pdf.getvalue())
