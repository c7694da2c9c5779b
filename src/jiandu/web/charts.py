"""Server-rendered SVG charts: no JavaScript and nothing loaded from outside."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

PALETTE = [
    "#1f5fa8", "#c0392b", "#2e8b57", "#d4880f", "#7b4fa0",
    "#16858f", "#8c564b", "#d1477a", "#5a6b7b", "#9a9a1f",
]  # fmt: skip


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | int | float]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** len(str(int(value))) / 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def line_chart(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str,
    title: str,
    width: int = 960,
    height: int = 360,
) -> str:
    left, right, top, bottom = 64, 150, 30, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((float(v) for s in series for v in s.values), default=0.0)
    y_max = _nice_max(peak)
    n = max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return left + plot_w * i / n

    def y(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="18" class="chart-unit">单位：{escape(unit)}</text>',
    ]
    for k in range(5):
        value = y_max * k / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" class="grid"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" class="axis" text-anchor="end">{value:g}</text>'
        )
    step = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" class="axis" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for index, s in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(s.values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"><title>')
        parts.append(f"{escape(s.name)}</title></polyline>")
        legend_y = top + 14 + index * 18
        parts.append(
            f'<rect x="{left + plot_w + 14}" y="{legend_y - 9}" width="12" height="4" fill="{color}"/>'
            f'<text x="{left + plot_w + 32}" y="{legend_y}" class="legend">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


def bar_chart(
    *,
    labels: Sequence[str],
    values: Sequence[Decimal | int | float],
    unit: str,
    title: str,
    compare: Sequence[Decimal | int | float] | None = None,
    compare_name: str = "上年同期",
    flagged: Sequence[bool] | None = None,
    width: int = 640,
) -> str:
    """Horizontal bars, one row per label (county names read well this way); an optional thin bar of
    the comparison period below each; every bar carries a <title> tooltip; flagged rows are marked ▲."""
    row_h, left, right, top = 30, 118, 86, 26
    height = top + row_h * max(len(labels), 1) + 10
    peak = max([float(v) for v in values] + [float(v) for v in (compare or [])] + [0.0])
    x_max = _nice_max(peak)
    plot_w = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart bars">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="14" class="chart-unit">单位：{escape(unit)}</text>',
    ]
    for i, label in enumerate(labels):
        y = top + i * row_h
        value = float(values[i])
        mark = "▲" if flagged and flagged[i] else ""
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" class="axis label" text-anchor="end">'
            f"{escape(mark + label)}</text>"
        )
        w = plot_w * value / x_max
        tip = f"{label}：{_fmt(value)}{unit}"
        if compare is not None:
            tip += f"（{compare_name}{_fmt(float(compare[i]))}{unit}）"
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="14" fill="{PALETTE[0]}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if compare is not None:
            cw = plot_w * float(compare[i]) / x_max
            parts.append(
                f'<rect x="{left}" y="{y + 19}" width="{cw:.1f}" height="5" fill="#9bb3cf">'
                f"<title>{escape(tip)}</title></rect>"
            )
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 15}" class="axis value">{_fmt(value)}</text>')
    if compare is not None:
        parts.append(
            f'<rect x="{width - right + 8}" y="6" width="12" height="5" fill="#9bb3cf"/>'
            f'<text x="{width - right + 24}" y="12" class="legend">{escape(compare_name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def small_multiple(
    *, labels: Sequence[str], values: Sequence[Decimal | int | float], unit: str, title: str, y_max: float
) -> str:
    """One small column chart of a series (e.g. 36 months), drawn on a scale shared by its siblings so
    the panels compare; each column has a <title> tooltip, the first month of each year is labelled."""
    width, height, left, bottom, top = 300, 96, 4, 16, 4
    plot_w, plot_h = width - 2 * left, height - top - bottom
    n = max(len(values), 1)
    step = plot_w / n
    y_max = y_max or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart multiple">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" x2="{width - left}" y1="{top + plot_h}" y2="{top + plot_h}" class="grid"/>',
    ]
    for i, raw in enumerate(values):
        value = float(raw)
        h = plot_h * value / y_max
        x = left + i * step
        parts.append(
            f'<rect x="{x + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{max(step - 1, 1):.1f}" '
            f'height="{h:.1f}" '
            f'fill="{PALETTE[0]}"><title>{escape(labels[i])}：{_fmt(value)}{escape(unit)}</title></rect>'
        )
        if labels[i].endswith("年1月"):
            parts.append(
                f'<text x="{x:.1f}" y="{height - 3}" class="axis">{escape(labels[i].split("年")[0])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
