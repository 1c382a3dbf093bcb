"""Charts drawn on the hub as inline SVG: no JavaScript, nothing from elsewhere.

Each function returns markup for one `<svg>` with a `viewBox` (so it scales to a
phone's width through the page's CSS), `role="img"`, a `<title>` and a `<desc>`
that name what it shows, and axis labels. Colours come from the Okabe-Ito palette,
told apart by people with the common colour-vision deficiencies, and every series
is also named in a legend; the page puts a table or a sentence beside each chart
(docs/charts.md). Every text is escaped here; presentation attributes, not style
attributes, so the page's CSP (no inline styles) holds. Emoji are drawn as text.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

# Okabe-Ito, without its yellow (too pale on white).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
THRESHOLD_COLOUR = "#D55E00"
AXIS_COLOUR = "#444444"
GRID_COLOUR = "#dddddd"
FONT = 'font-family="sans-serif"'
# The drawing area, in viewBox units: narrow enough that a 360 px phone shows it
# at about two thirds of its size (labels of 15 units stay 10 px), and the page's
# CSS caps its width on a desktop so the text does not grow huge.
WIDTH, HEIGHT = 480, 270
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 56
TEXT = 15
_ids = itertools.count(1)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"


def _markup(parts: list[str]) -> Markup:
    # Every text in `parts` went through escape() and every number is formatted here.
    return Markup("".join(parts))  # noqa: S704 - built from escaped pieces only


def nice_max(value: float, ticks: int = 4) -> float:
    """A round axis maximum at or above `value` whose `ticks` steps are round too
    (1, 2, 2.5 or 5 times a power of ten each, whole numbers), so the labels read 0,
    5, 10, 15, 20: no chart here counts or measures in fractions of a tick."""
    if value <= 0:
        return float(ticks)
    power = 1.0
    while power * 10 <= value / ticks:
        power *= 10
    # 2.5 only from 25 up, where its ticks are still whole numbers.
    steps = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)
    for step in steps:
        if step * power * ticks >= value:
            return step * power * ticks
    return 10 * power * ticks


def _open(title: str, desc: str, width: int = WIDTH, height: int = HEIGHT) -> tuple[str, str]:
    number = next(_ids)
    title_id, desc_id = f"chart-{number}-title", f"chart-{number}-desc"
    head = (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
    )
    return head, "</svg>"


def _y_axis(top: float, y_label: str, height: int = HEIGHT, low: float = 0.0) -> list[str]:
    """Grid lines and labels of a 0..top (or low..top) axis, and its name."""
    parts = []
    plot_h = height - TOP - BOTTOM
    for tick in range(5):
        value = low + (top - low) * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end" font-size="{TEXT}" {FONT} '
            f'fill="{AXIS_COLOUR}">{escape(_number(value))}</text>'
        )
    middle = TOP + plot_h / 2
    parts.append(
        f'<text x="14" y="{middle:.1f}" transform="rotate(-90 14 {middle:.1f})" '
        f'text-anchor="middle" font-size="{TEXT}" {FONT} fill="{AXIS_COLOUR}">'
        f"{escape(y_label)}</text>"
    )
    return parts


def _x_labels(labels: Sequence[str], x_of: list[float], height: int = HEIGHT) -> list[str]:
    """At most six labels along the bottom, evenly spread, first and last included."""
    if not labels:
        return []
    count = len(labels)
    # Fewer labels when they are long, so they never run into each other.
    longest = max(len(label) for label in labels)
    wanted = min(count, 5 if longest <= 6 else 3)
    picks = sorted({round(i * (count - 1) / max(wanted - 1, 1)) for i in range(wanted)})
    y = height - BOTTOM + 20
    parts = []
    for index in picks:
        anchor = "start" if index == 0 and count > 1 else "end" if index == count - 1 else "middle"
        if count == 1:
            anchor = "middle"
        parts.append(
            f'<text x="{x_of[index]:.1f}" y="{y}" text-anchor="{anchor}" font-size="{TEXT}" {FONT} '
            f'fill="{AXIS_COLOUR}">{escape(labels[index])}</text>'
        )
    return parts


def _legend(names: Sequence[str], height: int = HEIGHT) -> list[str]:
    parts = []
    x = LEFT
    y = height - 14
    for index, name in enumerate(names):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y - 11}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y}" font-size="{TEXT}" {FONT} fill="#000000">'
            f"{escape(name)}</text>"
        )
        x += 40 + 9 * len(name)
    return parts


def _axis_box(height: int = HEIGHT) -> str:
    return (
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{height - BOTTOM}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{height - BOTTOM}" y2="{height - BOTTOM}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )


def bar_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    y_label: str,
) -> Markup:
    """Stacked bars, one per label (a day), one colour per series, with a legend."""
    head, tail = _open(title, desc)
    count = len(labels)
    totals = [sum(values[i] for values in series.values()) for i in range(count)]
    top = nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(count, 1)
    bar_w = max(step * 0.8, 0.5)
    x_of = [LEFT + step * i + step / 2 for i in range(count)]
    parts = [head, *_y_axis(top, y_label)]
    base = [0.0] * count
    for index, (name, values) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        for i, value in enumerate(values):
            if not value:
                continue
            h = plot_h * value / top
            y = TOP + plot_h - base[i] - h
            parts.append(
                f'<rect x="{x_of[i] - bar_w / 2:.2f}" y="{y:.2f}" width="{bar_w:.2f}" '
                f'height="{h:.2f}" fill="{colour}"><title>{escape(labels[i])}: '
                f"{escape(name)} {value}</title></rect>"
            )
            base[i] += h
    parts += [_axis_box(), *_x_labels(labels, x_of), *_legend(list(series)), tail]
    return _markup(parts)


def line_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    y_label: str,
    threshold: float | None = None,
    threshold_label: str = "",
    band: Sequence[tuple[float, float]] | None = None,
) -> Markup:
    """Lines, one per series (gaps where a value is None), with an optional
    horizontal threshold line and a shaded low..high band under the first series."""
    head, tail = _open(title, desc)
    count = len(labels)
    values = [v for line in series.values() for v in line if v is not None]
    if band:
        values += [high for _low, high in band] + [low for low, _high in band]
    if threshold is not None:
        values.append(threshold)
    low = min(0.0, min(values, default=0.0))
    top = nice_max(max(values, default=0.0) - low) + low
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(count - 1, 1)
    x_of = [LEFT + step * i if count > 1 else LEFT + plot_w / 2 for i in range(count)]

    def y_of(value: float) -> float:
        return TOP + plot_h - plot_h * (value - low) / (top - low)

    parts = [head, *_y_axis(top, y_label, low=low)]
    if band and count:
        upper = " ".join(f"{x_of[i]:.1f},{y_of(high):.1f}" for i, (_l, high) in enumerate(band))
        lower = " ".join(
            f"{x_of[i]:.1f},{y_of(lo):.1f}" for i, (lo, _h) in reversed(list(enumerate(band)))
        )
        parts.append(f'<polygon points="{upper} {lower}" fill="{PALETTE[4]}" fill-opacity="0.3"/>')
    for index, (_name, line) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        run: list[str] = []
        runs: list[list[str]] = []
        for i, value in enumerate(line):
            if value is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{x_of[i]:.1f},{y_of(value):.1f}")
        if run:
            runs.append(run)
        for points in runs:
            if len(points) == 1:
                cx, cy = points[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
            else:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2" stroke-linejoin="round"/>'
                )
    if threshold is not None:
        y = y_of(threshold)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="8 5"/>'
            f'<text x="{WIDTH - RIGHT - 4}" y="{y - 6:.1f}" text-anchor="end" font-size="{TEXT}" '
            f'{FONT} fill="{THRESHOLD_COLOUR}">{escape(threshold_label)}</text>'
        )
    parts += [_axis_box(), *_x_labels(labels, x_of), *_legend(list(series)), tail]
    return _markup(parts)


def _shade(value: int, top: int) -> str:
    """White to dark blue, by value against the top."""
    if value <= 0 or top <= 0:
        return "#f4f4f4"
    share = value / top
    light, dark = (0xDE, 0xEB, 0xF7), (0x08, 0x30, 0x6B)
    mixed = [round(a + (b - a) * share) for a, b in zip(light, dark, strict=True)]
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def heatmap(
    *,
    title: str,
    desc: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
) -> Markup:
    """A grid of shaded cells (rows by columns), darker for more; labels on both axes."""
    height = TOP + 28 * len(rows) + 40
    head, tail = _open(title, desc, height=height)
    top = max((max(row, default=0) for row in values), default=0)
    cell_w = (WIDTH - LEFT - RIGHT) / max(len(columns), 1)
    parts = [head]
    for r, name in enumerate(rows):
        y = TOP + 28 * r
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 19}" text-anchor="end" font-size="{TEXT}" {FONT} '
            f'fill="{AXIS_COLOUR}">{escape(name)}</text>'
        )
        for c, column in enumerate(columns):
            value = values[r][c]
            parts.append(
                f'<rect x="{LEFT + c * cell_w:.1f}" y="{y}" width="{cell_w - 1:.1f}" height="27" '
                f'fill="{_shade(value, top)}"><title>{escape(name)} {escape(column)}: '
                f"{value}</title></rect>"
            )
    for c, column in enumerate(columns):
        if c % 3 == 0:
            parts.append(
                f'<text x="{LEFT + c * cell_w + cell_w / 2:.1f}" y="{TOP + 28 * len(rows) + 18}" '
                f'text-anchor="middle" font-size="{TEXT}" {FONT} fill="{AXIS_COLOUR}">'
                f"{escape(column)}</text>"
            )
    parts.append(tail)
    return _markup(parts)


def hbar_chart(*, title: str, desc: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """Horizontal bars, one per label (a poll's options), with the count at the end."""
    height = TOP + 40 * len(labels) + 16
    head, tail = _open(title, desc, height=height)
    top = max(values, default=0) or 1
    label_w = 170
    plot_w = WIDTH - label_w - 60
    parts = [head]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + 40 * i
        w = plot_w * value / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 22}" text-anchor="end" font-size="{TEXT}" {FONT} '
            f'fill="#000000">{escape(label[:20])}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="26" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 22}" font-size="{TEXT}" {FONT} '
            f'fill="#000000">{value}</text>'
        )
    parts.append(tail)
    return _markup(parts)
