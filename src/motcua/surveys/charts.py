"""Server-rendered SVG charts of the survey indices (no JavaScript, no
dependency). Each chart is an image with ``role="img"``, a ``<title>`` and
a ``<desc>``; pages show the same figures in a table next to it. Bars
resting on a small sample are hatched and labelled "mẫu nhỏ"."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 680
LABEL_W = 250
VALUE_W = 110
ROW_H = 30
BAR_H = 18
TOP = 34
INK = "#1a1a1a"
BAR = "#1d4e89"
PREVIOUS = "#8a8f98"
THRESHOLD = "#b3261e"
GRID = "#d0d4da"
SMALL_LABEL = "mẫu nhỏ"

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    small_sample: bool = False
    previous: Decimal | None = None


def vn_number(value: Decimal | float | None, places: int = 1) -> str:
    """``85.456`` → ``85,5`` (Vietnamese decimal comma); "–" for None."""
    if value is None:
        return "–"
    return f"{Decimal(value):.{places}f}".replace(".", ",")


def _clip(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scale(value: Decimal | None, max_value: float, width: float) -> float:
    if value is None or max_value <= 0:
        return 0.0
    return max(0.0, min(float(value), max_value)) / max_value * width


def _head(uid: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{uid}-t {uid}-d" font-family="sans-serif" font-size="13">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc)}</desc>',
        "<defs>"
        f'<pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BAR}" stroke-width="3"/></pattern>'
        "</defs>",
    ]


def _axis(parts: list[str], height: int, max_value: float, unit: str) -> None:
    area = WIDTH - LABEL_W - VALUE_W
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = LABEL_W + area * tick
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 8}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{TOP - 12}" text-anchor="middle" fill="{INK}">'
            f"{vn_number(Decimal(str(max_value * tick)), 0)}{escape(unit)}</text>"
        )


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str = "",
    threshold: Decimal | int | None = None,
    max_value: float = 100,
    unit: str = "%",
) -> SafeString:
    """Horizontal bars (one per item, section or unit) with an optional
    threshold line."""
    uid = f"chart{next(_ids)}"
    height = TOP + ROW_H * max(len(bars), 1) + 12
    area = WIDTH - LABEL_W - VALUE_W
    parts = _head(uid, title, desc or title, height)
    _axis(parts, height, max_value, unit)
    for i, bar in enumerate(bars):
        y = TOP + i * ROW_H
        width = _scale(bar.value, max_value, area)
        fill = f"url(#{uid}-hatch)" if bar.small_sample else BAR
        value = vn_number(bar.value) + (escape(unit) if bar.value is not None else "")
        if bar.small_sample:
            value += f" ({SMALL_LABEL})"
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 4}" text-anchor="end" fill="{INK}">'
            f"<title>{escape(bar.label)}</title>{escape(_clip(bar.label))}</text>"
            f'<rect x="{LABEL_W}" y="{y}" width="{width:.1f}" height="{BAR_H}" fill="{fill}" '
            f'stroke="{BAR}" stroke-width="1"/>'
            f'<text x="{LABEL_W + width + 6:.1f}" y="{y + BAR_H - 4}" fill="{INK}">{value}</text>'
        )
    if threshold is not None:
        x = LABEL_W + _scale(Decimal(threshold), max_value, area)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - 8}" '
            f'stroke="{THRESHOLD}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{x + 4:.1f}" y="{height - 1}" fill="{THRESHOLD}" font-size="12">'
            f"Ngưỡng {vn_number(Decimal(threshold), 0)}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def comparison_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str = "",
    current_label: str = "Kỳ này",
    previous_label: str = "Kỳ trước",
    max_value: float = 100,
    unit: str = "%",
) -> SafeString:
    """Two bars per row: the previous period (grey) above this period."""
    uid = f"chart{next(_ids)}"
    row_h = ROW_H + 14
    height = TOP + row_h * max(len(bars), 1) + 30
    area = WIDTH - LABEL_W - VALUE_W
    parts = _head(uid, title, desc or title, height)
    _axis(parts, height - 22, max_value, unit)
    half = BAR_H * 0.75
    for i, bar in enumerate(bars):
        y = TOP + i * row_h
        prev_w = _scale(bar.previous, max_value, area)
        cur_w = _scale(bar.value, max_value, area)
        fill = f"url(#{uid}-hatch)" if bar.small_sample else BAR
        cur_text = vn_number(bar.value) + (escape(unit) if bar.value is not None else "")
        if bar.small_sample:
            cur_text += f" ({SMALL_LABEL})"
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + half + 6}" text-anchor="end" fill="{INK}">'
            f"<title>{escape(bar.label)}</title>{escape(_clip(bar.label))}</text>"
            f'<rect x="{LABEL_W}" y="{y}" width="{prev_w:.1f}" height="{half:.1f}" '
            f'fill="{PREVIOUS}"/>'
            f'<text x="{LABEL_W + prev_w + 6:.1f}" y="{y + half - 2:.1f}" fill="{INK}" '
            f'font-size="12">{vn_number(bar.previous)}'
            f"{escape(unit) if bar.previous is not None else ''}</text>"
            f'<rect x="{LABEL_W}" y="{y + half + 2:.1f}" width="{cur_w:.1f}" '
            f'height="{half:.1f}" fill="{fill}" stroke="{BAR}" stroke-width="1"/>'
            f'<text x="{LABEL_W + cur_w + 6:.1f}" y="{y + 2 * half:.1f}" fill="{INK}" '
            f'font-size="12">{cur_text}</text>'
        )
    ly = height - 14
    parts.append(
        f'<rect x="{LABEL_W}" y="{ly - 10}" width="14" height="12" fill="{PREVIOUS}"/>'
        f'<text x="{LABEL_W + 20}" y="{ly}" fill="{INK}">{escape(previous_label)}</text>'
        f'<rect x="{LABEL_W + 150}" y="{ly - 10}" width="14" height="12" fill="{BAR}"/>'
        f'<text x="{LABEL_W + 170}" y="{ly}" fill="{INK}">{escape(current_label)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
