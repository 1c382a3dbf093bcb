"""The charts page's content: each chart as an SVG, a summary sentence and a table.

From services/charts.py's figures to what the template shows; no database here.
The summary and the table are the chart's text alternative (docs/charts.md): they
say what the picture shows to someone who cannot see it, or whose screen is small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from server.services.charts import Charts, TemperaturePoint
from server.web import svg_charts

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Table:
    """A chart's numbers as a table: a header row and rows of cells."""

    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ChartView:
    """One chart on the page: its heading, SVG (None: nothing to draw), summary, table."""

    key: str
    title: str
    svg: Markup | None
    summary: str
    table: Table | None = None
    notes: list[str] = field(default_factory=list)


def day_label(day: date) -> str:
    """`21 Jun` (and the year when it is not the range's only year: `21 Jun 2025`)."""
    return f"{day.day} {day:%b}"


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _n(value: int) -> str:
    return f"{value:,}"


def _range_words(charts: Charts) -> str:
    first, last = charts.days[0], charts.days[-1]
    return long_day(first) if first == last else f"{long_day(first)} to {long_day(last)}"


def _labels(charts: Charts) -> list[str]:
    years = {day.year for day in charts.days}
    if len(years) == 1:
        return [day_label(day) for day in charts.days]
    return [f"{day_label(day)} {day.year}" for day in charts.days]


def _busiest(charts: Charts, values: list[int]) -> str:
    if not values or max(values) == 0:
        return ""
    top = max(values)
    return f"; the busiest day was {long_day(charts.days[values.index(top)])} ({_n(top)})"


def _day_table(charts: Charts, series: dict[str, list[int]]) -> Table:
    names = list(series)
    rows = [
        [day.isoformat(), *(_n(series[name][i]) for name in names)]
        for i, day in enumerate(charts.days)
        if any(series[name][i] for name in names)
    ]
    return Table(["day", *names], rows)


def reactions_view(charts: Charts) -> ChartView:
    title = "Reactions per emoji per day"
    totals = {emoji: sum(values) for emoji, values in charts.reactions.items()}
    if not totals:
        return ChartView("reactions", title, None, f"No emoji reactions {_range_words(charts)}.")
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    words = ", ".join(f"{emoji} {_n(count)}" for emoji, count in ranked)
    summary = f"{_n(sum(totals.values()))} opinion presses {_range_words(charts)}: {words}."
    # Most chosen first: the bottom of each stack, the legend's first colour.
    series = {emoji: charts.reactions[emoji] for emoji, _count in ranked}
    svg = svg_charts.bar_chart(
        title=title, desc=summary, labels=_labels(charts), series=series, y_label="presses"
    )
    return ChartView("reactions", title, svg, summary, _day_table(charts, series))


def heatmap_view(charts: Charts) -> ChartView:
    title = "When people answer (weekday by hour)"
    total = sum(map(sum, charts.heatmap))
    if total == 0:
        return ChartView("heatmap", title, None, f"Nobody answered {_range_words(charts)}.")
    busiest = max(
        ((day, hour) for day in range(7) for hour in range(24)),
        key=lambda at: charts.heatmap[at[0]][at[1]],
    )
    day, hour = busiest
    summary = (
        f"{_n(total)} reactions, notes and doodles by local time; the busiest hour was "
        f"{WEEKDAYS[day]} {hour:02d}:00-{(hour + 1) % 24:02d}:00 "
        f"({_n(charts.heatmap[day][hour])})."
    )
    svg = svg_charts.heatmap(
        title=title,
        desc=summary,
        rows=[name[:3] for name in WEEKDAYS],
        columns=[f"{hour:02d}" for hour in range(24)],
        values=charts.heatmap,
    )
    rows = [[WEEKDAYS[d], *(_n(v) for v in charts.heatmap[d])] for d in range(7)]
    table = Table(["", *(f"{hour:02d}" for hour in range(24))], rows)
    return ChartView("heatmap", title, svg, summary, table)


def poll_views(charts: Charts) -> list[ChartView]:
    views: list[ChartView] = []
    for poll in charts.polls:
        title = f"Poll: {poll.text}"
        total = sum(poll.counts)
        words = ", ".join(
            f"{label} {_n(count)}" for label, count in zip(poll.labels, poll.counts, strict=True)
        )
        summary = f"{_n(total)} answers {_range_words(charts)}: {words}."
        svg = svg_charts.hbar_chart(
            title=title, desc=summary, labels=poll.labels, values=poll.counts
        )
        table = Table(
            ["option", "answers"],
            [[label, _n(count)] for label, count in zip(poll.labels, poll.counts, strict=True)],
        )
        views.append(ChartView(f"poll-{poll.prompt_id}", title, svg, summary, table))
    return views


def notes_view(charts: Charts) -> ChartView:
    title = "Notes and doodles per day"
    series = {"notes": charts.notes, "doodles": charts.doodles}
    notes, doodles = sum(charts.notes), sum(charts.doodles)
    combined = [a + b for a, b in zip(charts.notes, charts.doodles, strict=True)]
    summary = (
        f"{_n(notes)} notes and {_n(doodles)} doodles {_range_words(charts)}"
        f"{_busiest(charts, combined)}."
    )
    if notes + doodles == 0:
        return ChartView("notes", title, None, summary)
    svg = svg_charts.bar_chart(
        title=title, desc=summary, labels=_labels(charts), series=series, y_label="count"
    )
    return ChartView("notes", title, svg, summary, _day_table(charts, series))


def play_view(charts: Charts) -> ChartView:
    title = "Opinion and play presses per day"
    series = {"opinion": charts.opinion, "play": charts.play}
    opinion, play = sum(charts.opinion), sum(charts.play)
    share = f" ({play / (opinion + play):.0%} play)" if opinion + play else ""
    summary = (
        f"{_n(opinion)} opinion presses and {_n(play)} play presses "
        f"(button mashing, in no tally){share}."
    )
    if opinion + play == 0:
        return ChartView("play", title, None, summary)
    svg = svg_charts.line_chart(
        title=title, desc=summary, labels=_labels(charts), series=series, y_label="presses"
    )
    return ChartView("play", title, svg, summary, _day_table(charts, series))


def dropoff_view(charts: Charts) -> ChartView | None:
    if not charts.dropoffs:
        return None
    title = "Drop-offs per fridge per day"
    words = "; ".join(
        f"{name}: {_n(sum(days))} drop-offs bringing {_n(charts.dropoff_items.get(name, 0))} items"
        for name, days in charts.dropoffs.items()
    )
    summary = f"{words} ({_range_words(charts)})."
    svg = svg_charts.bar_chart(
        title=title,
        desc=summary,
        labels=_labels(charts),
        series=charts.dropoffs,
        y_label="drop-offs",
    )
    return ChartView("dropoffs", title, svg, summary, _day_table(charts, charts.dropoffs))


def _point_label(point: TemperaturePoint) -> str:
    day = day_label(point.day)
    return day if point.hour is None else f"{day} {point.hour:02d}h"


def temperature_views(charts: Charts) -> list[ChartView]:
    views: list[ChartView] = []
    for series in charts.temperatures:
        step = "hour" if series.by_hour else "day"
        title = f"Temperature at {series.site_name}"
        means = [point.mean for point in series.points]
        warm = sum(1 for point in series.points if point.high > series.threshold_c)
        hottest = max(series.points, key=lambda point: point.high)
        when = long_day(hottest.day) + ("" if hottest.hour is None else f" {hottest.hour:02d}:00")
        summary = (
            f"Mean per {step}, with the lowest and highest reading as a band; the dashed line "
            f"is the fridge's limit, {series.threshold_c:g} °C. Mean over the range "
            f"{sum(means) / len(means):.1f} °C; highest {hottest.high:g} °C ({when}); "
            f"{warm} of {len(series.points)} {step}s had a reading above the limit."
        )
        svg = svg_charts.line_chart(
            title=title,
            desc=summary,
            labels=[_point_label(point) for point in series.points],
            series={f"mean °C per {step}": means},
            band=[(point.low, point.high) for point in series.points],
            y_label="°C",
            threshold=series.threshold_c,
            threshold_label=f"limit {series.threshold_c:g} °C",
        )
        table = Table(
            [step, "mean °C", "lowest °C", "highest °C"],
            [
                [point.label, f"{point.mean:.1f}", f"{point.low:g}", f"{point.high:g}"]
                for point in series.points
            ],
        )
        views.append(ChartView(f"temperature-{len(views)}", title, svg, summary, table))
    return views


def health_lines(charts: Charts) -> list[str]:
    """The community-health panel, as sentences."""
    health = charts.health
    if health is None:
        return []
    lines = []
    share = health.followed_share
    if share is None:
        lines.append("No opinion presses yet, so no share followed by a note.")
    else:
        lines.append(
            f"{share:.0%} of opinion presses were followed by a note or doodle "
            f"({_n(health.followed)} of {_n(health.presses)}: the same kiosk, within 5 minutes)."
        )
    replies = health.replies
    median = (
        "no answers yet"
        if replies.median_reply_ms is None
        else f"median time to an answer {replies.median_reply_ms / 3_600_000:.1f} hours"
    )
    lines.append(f"{_n(replies.answered)} of {_n(replies.notes)} notes answered; {median}.")
    fresh = [prompt.site_name for prompt in health.fresh if prompt.fresh]
    lines.append(
        f"{len(fresh)} of {len(health.fresh)} sites have a fresh prompt today"
        + (f": {', '.join(fresh)}." if fresh else ".")
    )
    return lines


def undated_line(charts: Charts) -> str | None:
    """Events not yet placed in time, counted apart."""
    if not charts.undated:
        return None
    words = ", ".join(f"{_n(count)} {name}" for name, count in sorted(charts.undated.items()))
    return (
        f"Not yet placed in time (a kiosk whose clock has not synchronised), so in no day "
        f"above: {words}."
    )


def chart_views(charts: Charts) -> list[ChartView]:
    """Every chart of the page, in the page's order."""
    views = [reactions_view(charts), heatmap_view(charts), *poll_views(charts)]
    views += [notes_view(charts), play_view(charts)]
    dropoffs = dropoff_view(charts)
    if dropoffs is not None:
        views.append(dropoffs)
    views += temperature_views(charts)
    return views
