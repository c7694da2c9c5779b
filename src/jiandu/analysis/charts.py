"""Small multiples drawn on the server as SVG: one county's monthly revenue against the city band."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 220, 90, 6


def small_multiple(
    *,
    series: Sequence[float | None],
    band: Sequence[tuple[float, float, float] | None],
    title: str,
    flagged: bool = False,
    labels: Sequence[str] = (),
) -> str:
    """A sparkline of ``series`` over the band (10th–90th percentile of the counties, median dashed).

    Values are yuan per 10,000 firms; a month with no value leaves a gap.
    """
    values = [v for v in series if v is not None] + [b[2] for b in band if b is not None]
    top = max(values) if values else 1.0
    top = top if top > 0 else 1.0
    n = max(len(series), len(band), 2)

    def x(i: int) -> float:
        return PAD + (WIDTH - 2 * PAD) * i / (n - 1)

    def y(v: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / top

    upper = [(x(i), y(b[2])) for i, b in enumerate(band) if b is not None]
    lower = [(x(i), y(b[0])) for i, b in enumerate(band) if b is not None]
    median = [(x(i), y(b[1])) for i, b in enumerate(band) if b is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if upper:
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in [*upper, *reversed(lower)])
        parts.append(f'<polygon points="{points}" fill="#dbe4f0" stroke="none"/>')
        line = " ".join(f"{px:.1f},{py:.1f}" for px, py in median)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#8a9bb0" stroke-dasharray="3,2"/>')
    colour = "#c0392b" if flagged else "#1f5fa8"
    line_start = f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="'
    segment: list[str] = []
    for i, v in enumerate([*series, None]):
        if v is None:
            if len(segment) > 1:
                parts.append(line_start + " ".join(segment) + '"/>')
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(v):.1f}")
    if labels:
        parts.append(f'<text x="{PAD}" y="{HEIGHT - 1}" font-size="8" fill="#666">{escape(labels[0])}</text>')
        parts.append(
            f'<text x="{WIDTH - PAD}" y="{HEIGHT - 1}" font-size="8" fill="#666" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
