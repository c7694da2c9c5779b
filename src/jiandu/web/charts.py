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
        f'<text x="{left}" y="18" class="chart-unit">单位:{escape(unit)}</text>',
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
