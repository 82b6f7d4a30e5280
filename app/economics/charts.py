"""Geometry of the dashboard's server-side SVG charts (no script, strict-CSP safe). Pure."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    kind: str  # a CSS class: "bar", "paid", "unpaid", "negative"
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    kind: str = "axis"


@dataclass
class Chart:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float, str]] = field(default_factory=list)


def nice_max(value: float) -> float:
    """A round axis maximum at or above value (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return float(candidate)
    return float(10 ** (exponent + 1))  # pragma: no cover


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}".rstrip("0").rstrip(".")


LEFT, TOP, BOTTOM, RIGHT = 40, 14, 24, 6


def column_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    target: float | None = None,
    target_label: str = "",
    width: int = 360,
    height: int = 200,
) -> Chart:
    """One column per item (e.g. month); an optional horizontal target line."""
    chart = Chart(width, height)
    values = [v for _, v in items if v is not None]
    top = nice_max(max([*values, target or 0, 0]))
    bottom = min(0.0, min(values, default=0.0))
    span = (top - bottom) or 1.0
    plot_h = height - TOP - BOTTOM
    plot_w = width - LEFT - RIGHT

    def y_of(value: float) -> float:
        return TOP + plot_h * (top - value) / span

    for fraction in (0, 0.5, 1):
        tick = bottom + span * fraction
        y = y_of(tick)
        chart.lines.append((LEFT, y, width - RIGHT, y, "grid"))
        chart.texts.append(Text(LEFT - 4, y + 3, _fmt(tick), "end"))
    slot = plot_w / max(1, len(items))
    bar_w = max(4.0, slot * 0.62)
    for index, (label, value) in enumerate(items):
        x = LEFT + slot * index + (slot - bar_w) / 2
        if value is not None:
            y0, y1 = y_of(max(value, 0)), y_of(min(value, 0))
            chart.rects.append(
                Rect(
                    round(x, 1),
                    round(y0, 1),
                    round(bar_w, 1),
                    round(max(0.5, y1 - y0), 1),
                    "bar" if value >= 0 else "negative",
                    f"{label}: {_fmt(value)}",
                )
            )
        if len(items) <= 6 or index % 2 == 0 or index == len(items) - 1:
            chart.texts.append(Text(round(x + bar_w / 2, 1), height - 8, label))
    if target is not None:
        y = round(y_of(target), 1)
        chart.lines.append((LEFT, y, width - RIGHT, y, "target"))
        chart.texts.append(Text(width - RIGHT, y - 4, target_label, "end", "target"))
    return chart


def stacked_chart(
    items: Sequence[tuple[str, float, float]],
    *,
    paid_label: str,
    unpaid_label: str,
    width: int = 360,
    height: int = 200,
) -> Chart:
    """Paid and unpaid hours per item, stacked (unpaid on top)."""
    chart = Chart(width, height)
    top = nice_max(max([p + u for _, p, u in items] or [0]))
    plot_h = height - TOP - BOTTOM
    plot_w = width - LEFT - RIGHT
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        chart.lines.append((LEFT, y, width - RIGHT, y, "grid"))
        chart.texts.append(Text(LEFT - 4, y + 3, _fmt(top * fraction), "end"))
    slot = plot_w / max(1, len(items))
    bar_w = max(4.0, slot * 0.62)
    for index, (label, paid, unpaid) in enumerate(items):
        x = round(LEFT + slot * index + (slot - bar_w) / 2, 1)
        paid_h = plot_h * paid / top
        unpaid_h = plot_h * unpaid / top
        base = TOP + plot_h
        if paid > 0:
            chart.rects.append(
                Rect(
                    x,
                    round(base - paid_h, 1),
                    round(bar_w, 1),
                    round(paid_h, 1),
                    "paid",
                    f"{label}: {paid_label} {_fmt(paid)}",
                )
            )
        if unpaid > 0:
            chart.rects.append(
                Rect(
                    x,
                    round(base - paid_h - unpaid_h, 1),
                    round(bar_w, 1),
                    round(unpaid_h, 1),
                    "unpaid",
                    f"{label}: {unpaid_label} {_fmt(unpaid)}",
                )
            )
        if len(items) <= 6 or index % 2 == 0 or index == len(items) - 1:
            chart.texts.append(Text(round(x + bar_w / 2, 1), height - 8, label))
    return chart


def ranking_chart(
    items: Sequence[tuple[str, float]],
    *,
    target: float | None = None,
    width: int = 360,
    row: int = 32,
) -> Chart:
    """Horizontal bars, best first; labels above each bar so long names stay readable."""
    ordered = sorted(items, key=lambda item: -item[1])
    height = max(row, row * len(ordered)) + 6
    chart = Chart(width, height)
    top = nice_max(max([v for _, v in ordered] + [target or 0, 0]))
    plot_w = width - 60
    for index, (label, value) in enumerate(ordered):
        y = index * row + 13
        chart.texts.append(Text(0, y, label, "start", "label"))
        bar = plot_w * max(0.0, value) / top
        chart.rects.append(
            Rect(
                0,
                y + 4,
                round(max(1.0, bar), 1),
                10,
                "bar" if value >= 0 else "negative",
                f"{label}: {_fmt(value)}",
            )
        )
        chart.texts.append(Text(round(max(1.0, bar) + 4, 1), y + 13, _fmt(value), "start"))
    if target is not None:
        x = round(plot_w * target / top, 1)
        chart.lines.append((x, 0, x, height, "target"))
    return chart


def box_plot(
    p25: float | None,
    median: float,
    p75: float | None,
    you: float | None,
    *,
    you_label: str,
    width: int = 360,
    height: int = 56,
) -> Chart:
    """The middle half of a benchmark (a box from p25 to p75, a line at the median) and a
    marker for "you". No whiskers: a release never publishes minimum or maximum. A release with
    member-level privacy publishes medians only: then there is no box, only the median."""
    chart = Chart(width, height)
    values = [v for v in (p25, median, p75, you) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or 1.0
    low, high = low - pad, high + pad

    def x_of(value: float) -> float:
        return round(8 + (width - 16) * (value - low) / (high - low), 1)

    if p25 is not None and p75 is not None:
        chart.rects.append(
            Rect(
                x_of(p25),
                14,
                round(x_of(p75) - x_of(p25), 1),
                18,
                "box",
                f"p25 {_fmt(p25)} – p75 {_fmt(p75)}",
            )
        )
        chart.texts.append(Text(x_of(p25), 48, _fmt(p25)))
        chart.texts.append(Text(x_of(p75), 48, _fmt(p75)))
    chart.lines.append((x_of(median), 10, x_of(median), 36, "median"))
    chart.texts.append(Text(x_of(median), 8, _fmt(median), kind="median"))
    if you is not None:
        chart.lines.append((x_of(you), 6, x_of(you), 40, "you"))
        chart.texts.append(Text(x_of(you), 54, f"{you_label} {_fmt(you)}", kind="you"))
    return chart


def band(value: float, p25: float | None, median: float, p75: float | None) -> str:
    """Where a value sits among published quartiles: a quarter, never a finer guess (with a
    median alone: below or above it)."""
    if p25 is None or p75 is None:
        return "below" if value < median else "above"
    if value < p25:
        return "q1"
    if value < median:
        return "q2"
    if value < p75:
        return "q3"
    return "q4"


def svg(chart: Chart, chart_id: str, title: str) -> Markup:
    """The chart as templates/economics/_chart.html's svg macro renders it, byte for byte, built
    here: the macro escaped every coordinate (a few hundred per dashboard). Numbers are written
    as str() writes them (so did the template); only the text fields are escaped."""
    out = [
        f'<svg viewBox="0 0 {chart.width} {chart.height}" class="chart" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" preserveAspectRatio="xMidYMid meet">\n'
        f'  <title id="{escape(chart_id)}-title">{escape(title)}</title>\n'
    ]
    out += [
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="{escape(kind)}"/>'
        for x1, y1, x2, y2, kind in chart.lines
    ]
    out += [
        f'<rect x="{r.x}" y="{r.y}" width="{r.width}" height="{r.height}" rx="2" '
        f'class="{escape(r.kind)}"><title>{escape(r.title)}</title></rect>'
        for r in chart.rects
    ]
    out += [
        f'<text x="{tx.x}" y="{tx.y}" text-anchor="{escape(tx.anchor)}" '
        f'class="{escape(tx.kind)}">{escape(tx.text)}</text>'
        for tx in chart.texts
    ]
    out.append("</svg>\n")
    return Markup("".join(out))  # noqa: S704 - every text field escaped above
