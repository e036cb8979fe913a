"""Server-side SVG charts: the one renderer of the web pages and the PDF reports.

Plain SVG markup with presentation attributes (no style attributes, no script: it passes a strict
Content-Security-Policy and WeasyPrint draws it), a `<title>` and a `<desc>` named by
`aria-labelledby`, and every value printed beside its bar. Pages put the same numbers in a table
next to the chart: the chart is never the only way to read them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
INK = "#1b1f24"
MUTED = "#4a5560"
GRID = "#c9d1d9"
BAR = "#0b4f8a"
BAR_ACHIEVED = "#1e6b34"
TARGET = "#a4161a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | Decimal | int | None  # None: nothing to draw ("—")
    display: str  # the value as people read it: "87,5 %", "1.250", "<5"
    target: float | Decimal | int | None = None
    href: str = ""


def _num(value) -> float:
    return float(value) if value is not None else 0.0


def _fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, title: str, description: str, ident: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}" font-size="12" fill="{INK}">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text above is escaped


def _scale_max(bars: Sequence[Bar], max_value) -> float:
    values = [_num(b.value) for b in bars] + [_num(b.target) for b in bars if b.target is not None]
    top = float(max_value) if max_value is not None else max(values or [0.0])
    return top if top > 0 else 1.0


def bar_chart(*, title: str, description: str, bars: Sequence[Bar], ident: str = "chart", width: int = 760,
              max_value=None, label_width: int = 220, row: int = 22) -> SafeString:  # fmt: skip
    """Horizontal bars, one per row (communes), with the value printed after each bar and the
    target, when there is one, as a short red mark."""
    value_width = 90
    plot = width - label_width - value_width
    top = _scale_max(bars, max_value)
    height = row * max(len(bars), 1) + 28
    body = [f'<line x1="{label_width}" y1="4" x2="{label_width}" y2="{height - 24}" stroke="{GRID}"/>']
    for i, bar in enumerate(bars):
        y = 4 + i * row
        label = escape(bar.label if len(bar.label) <= 32 else bar.label[:31] + "…")
        body.append(f'<text x="{label_width - 6}" y="{y + row * 0.68:.1f}" text-anchor="end">{label}</text>')
        if bar.value is not None:
            length = max(_num(bar.value) / top * plot, 0)
            achieved = bar.target is not None and _num(bar.value) >= _num(bar.target) > 0
            rect = (
                f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
                f'fill="{BAR_ACHIEVED if achieved else BAR}"/>'
            )
            if bar.href:
                rect = f'<a href="{escape(bar.href)}">{rect}</a>'
            body.append(rect)
            text_x = label_width + length + 4
        else:
            text_x = label_width + 4
        body.append(f'<text x="{text_x:.1f}" y="{y + row * 0.68:.1f}" fill="{MUTED}">{escape(bar.display)}</text>')
        if bar.target is not None and _num(bar.target) > 0:
            tx = label_width + min(_num(bar.target) / top, 1) * plot
            body.append(
                f'<line x1="{tx:.1f}" y1="{y + 1}" x2="{tx:.1f}" y2="{y + row - 3}" stroke="{TARGET}" stroke-width="2"/>'
            )
    axis_y = height - 10
    body.append(f'<text x="{label_width}" y="{axis_y}" fill="{MUTED}">0</text>')
    body.append(
        f'<text x="{label_width + plot}" y="{axis_y}" text-anchor="end" fill="{MUTED}">{escape(_fmt(top))}</text>'
    )
    return _svg(width, height, title, description, ident, body)


def column_chart(*, title: str, description: str, columns: Sequence[Bar], ident: str = "chart", width: int = 760,
                 height: int = 260, max_value=None, target=None) -> SafeString:  # fmt: skip
    """Vertical columns (months), the value above each column, the target as a dashed red line."""
    left, right, top_pad, bottom = 40, 10, 24, 36
    plot_w = width - left - right
    plot_h = height - top_pad - bottom
    bars = list(columns)
    top = _scale_max([*bars, Bar("", target, "")] if target is not None else bars, max_value)
    slot = plot_w / max(len(bars), 1)
    base = top_pad + plot_h
    body = [
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{GRID}"/>',
        f'<text x="{left - 4}" y="{base}" text-anchor="end" fill="{MUTED}">0</text>',
        f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end" fill="{MUTED}">{escape(_fmt(top))}</text>',
    ]
    for i, bar in enumerate(bars):
        x = left + i * slot
        cx = x + slot / 2
        if bar.value is not None:
            h = max(_num(bar.value) / top * plot_h, 0)
            rect = f'<rect x="{x + slot * 0.15:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{BAR}"/>'
            if bar.href:
                rect = f'<a href="{escape(bar.href)}">{rect}</a>'
            body.append(rect)
            body.append(
                f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" font-size="11">{escape(bar.display)}</text>'
            )
        else:
            body.append(
                f'<text x="{cx:.1f}" y="{base - 4}" text-anchor="middle" fill="{MUTED}">{escape(bar.display)}</text>'
            )
        body.append(
            f'<text x="{cx:.1f}" y="{base + 16}" text-anchor="middle" fill="{MUTED}">{escape(bar.label)}</text>'
        )
    if target is not None and _num(target) > 0:
        ty = base - min(_num(target) / top, 1) * plot_h
        body.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="{TARGET}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    return _svg(width, height, title, description, ident, body)
