"""The server's SVG charts: well-formed, scalable, labelled for screen readers, escaped,
and drawing what they are given (bar heights in proportion, a threshold where it is)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from server.web.svg_charts import PALETTE, bar_chart, hbar_chart, heatmap, line_chart, nice_max

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own output


def _accessible(root: ET.Element, title: str) -> None:
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") is None  # the page's CSS sizes it to the screen
    title_el, desc_el = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title_el is not None and desc_el is not None
    assert title_el.text == title
    assert desc_el.text
    assert root.get("aria-labelledby") == f"{title_el.get('id')} {desc_el.get('id')}"


def test_nice_max_rounds_up_to_a_readable_axis() -> None:
    assert [nice_max(v) for v in (0, 1, 7, 9, 13, 81, 240, 1001, 7.5)] == [
        4,
        4,
        8,
        20,
        20,
        100,
        400,
        2000,
        8,
    ]


def test_bars_stack_in_proportion_with_a_legend() -> None:
    markup = bar_chart(
        title="Notes per day",
        desc="Notes and doodles each day",
        labels=["1 Jun", "2 Jun", "3 Jun"],
        series={"notes": [2, 0, 4], "doodles": [2, 1, 0]},
        y_label="count",
    )
    root = _parse(markup)
    _accessible(root, "Notes per day")
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 4  # zeros draw nothing
    heights = {r.find(f"{SVG}title").text: float(r.get("height", 0)) for r in bars}  # type: ignore[union-attr]
    assert heights["1 Jun: notes 2"] == heights["1 Jun: doodles 2"]
    assert abs(heights["3 Jun: notes 4"] - 2 * heights["1 Jun: notes 2"]) < 0.01
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "notes" in texts and "doodles" in texts and "count" in texts
    assert "1 Jun" in texts and "3 Jun" in texts
    fills = {r.get("fill") for r in bars}
    assert fills == {PALETTE[0], PALETTE[1]}


def test_text_is_escaped_and_emoji_stay_text() -> None:
    markup = bar_chart(
        title="<script>alert(1)</script>",
        desc='a "quoted" & <b>bold</b> desc',
        labels=["<img src=x>"],
        series={"😀": [3]},
        y_label="presses",
    )
    assert "<script>" not in markup and "<img" not in markup and "<b>" not in markup
    root = _parse(markup)
    _accessible(root, "<script>alert(1)</script>")
    assert "😀" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_line_chart_draws_its_threshold_band_and_gaps() -> None:
    markup = line_chart(
        title="Fridge temperature",
        desc="Mean per hour",
        labels=["00:00", "01:00", "02:00", "03:00"],
        series={"mean": [4.0, None, 6.0, 5.0]},
        band=[(3.5, 4.5), (3.5, 4.5), (5.0, 7.0), (4.0, 6.0)],
        y_label="°C",
        threshold=5.0,
        threshold_label="5 °C limit",
    )
    root = _parse(markup)
    _accessible(root, "Fridge temperature")
    assert len(list(root.iter(f"{SVG}polyline"))) == 1  # 02:00-03:00; 00:00 stands alone
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert "5 °C limit" in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}polygon") is not None


def test_a_heatmap_has_a_cell_per_hour_and_weekday_darker_for_more() -> None:
    values = [[0] * 24 for _ in range(7)]
    values[5][14] = 10
    values[0][9] = 2
    markup = heatmap(
        title="When people answer",
        desc="Presses by weekday and hour",
        rows=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        columns=[f"{h:02d}" for h in range(24)],
        values=values,
    )
    root = _parse(markup)
    _accessible(root, "When people answer")
    cells = {
        r.find(f"{SVG}title").text: r.get("fill")  # type: ignore[union-attr]
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }
    assert len(cells) == 7 * 24
    busiest, quiet, empty = cells["Sat 14: 10"], cells["Mon 09: 2"], cells["Tue 00: 0"]
    assert len({busiest, quiet, empty}) == 3

    def darkness(colour: str | None) -> int:
        assert colour is not None
        return -sum(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    assert darkness(busiest) > darkness(quiet)


def test_horizontal_bars_show_each_option_and_its_count() -> None:
    markup = hbar_chart(
        title="Poll: what next?",
        desc="Answers per option",
        labels=["More benches", "More bins"],
        values=[6, 3],
    )
    root = _parse(markup)
    _accessible(root, "Poll: what next?")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["More benches", "6", "More bins", "3"]
    widths = [float(r.get("width", 0)) for r in root.iter(f"{SVG}rect")][1:]
    assert abs(widths[0] - 2 * widths[1]) < 0.1
